// The esbuild options of the renderer bundles, in one place: scripts/build.js builds them, and
// bench/renderer-core.ts builds variants of them (another React core, no compile hint) to measure.
import { createRequire } from "node:module";
import { join } from "node:path";

/** V8's explicit compile hint (Chrome 136+), the first line of each bundle. */
export const COMPILE_HINT = "//# allFunctionsCalledOnLoad";

/**
 * @param {string} root the project's folder
 * @param {string} outdir where the bundles go
 * @returns {import("esbuild").BuildOptions}
 */
export function rendererBundleOptions(root, outdir) {
  return {
    // the renderer, the SharedWorker that holds a browser's one downlink for all its tabs, and the
    // bridge of the MCP App view (lib/mcp/app-view.ts), loaded only in that view
    entryPoints: {
      "dash-events-renderer": join(root, "renderer/index.tsx"),
      "dash-events-downlink-worker": join(root, "renderer/stream/downlink-worker.ts"),
      "dash-events-mcp-view": join(root, "renderer/mcp-view/view-bridge.ts"),
    },
    outdir,
    bundle: true,
    minify: true,
    sourcemap: true,
    format: "iife",
    target: ["es2020"],
    jsx: "automatic",
    define: { "process.env.NODE_ENV": '"production"' },
    legalComments: "linked",
    // Nearly every function of the bundle runs while the page starts, so compile them all
    // eagerly, on a background thread while the file streams in, instead of one by one on the
    // main thread at their first call (bench/renderer-core.ts measures what it buys).
    banner: { js: COMPILE_HINT },
    plugins: [reactFacades(root)],
    logLevel: "warning",
  };
}

/**
 * React's packages are CommonJS. Imported from ES modules, esbuild copies each one's exports
 * into a new object of getters in every importing file (about 20 copies of React's 40 exports
 * at page start), and each call goes through a getter. This plugin puts one ES module in front
 * of each package instead, with plain named exports (the names read from the installed package)
 * and the package's own object as the default export (what `window.React` must be for suites).
 *
 * @param {string} root the project's folder
 * @returns {import("esbuild").Plugin}
 */
export function reactFacades(root) {
  const require = createRequire(join(root, "package.json"));
  return {
    name: "react-facades",
    setup(build) {
      build.onResolve({ filter: /^(react|react-dom|react-dom\/client|react\/jsx-runtime|prop-types)$/ }, (args) =>
        // ES imports only: the facade's own require, and react-dom's of react, get the package itself
        args.kind === "import-statement" && args.namespace !== "react-facade" ? { path: args.path, namespace: "react-facade" } : undefined,
      );
      build.onLoad({ filter: /.*/, namespace: "react-facade" }, (args) => {
        const names = Object.keys(require(args.path)).filter((name) => /^[A-Za-z_$][\w$]*$/.test(name));
        const contents = `const m = require(${JSON.stringify(args.path)});\nexport default m;\nexport const { ${names.join(", ")} } = m;\n`;
        return { contents, loader: "js", resolveDir: root };
      });
    },
  };
}
