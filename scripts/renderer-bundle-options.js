// The esbuild options of the renderer bundles, in one place: scripts/build.js builds them, and
// bench/renderer-core.ts builds variants of them (another React core, no compile hint) to measure.
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
    logLevel: "warning",
  };
}
