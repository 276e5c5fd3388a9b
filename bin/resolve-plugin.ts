import { sep } from "node:path";
import { pathToFileURL } from "node:url";
import type { Plugin } from "esbuild";

/** Marks the nested resolve call below, so the plugin does not answer its own question. */
const NESTED = Symbol("dash-events nested resolve");

/**
 * esbuild plugin deciding where the bare imports of a user's app go once it is compiled into a
 * temp file (where Node could not find the app's packages by name):
 * - `"dash-events"` → this package's compiled entry, by URL, so the app and the CLI share one
 *   module instance (the app's module-level `callback(...)` calls reach the `App` the CLI serves);
 * - a package in `node_modules` → kept external, imported by the absolute URL esbuild resolved
 *   from the app's own directory (so it loads exactly once, as Node would load it);
 * - anything else (a workspace link, a `#subpath` import) is bundled like the app's own files.
 *
 * @example
 * ```ts
 * await esbuild.build({ bundle: true, plugins: [resolvePlugin(new URL("../lib/index.js", import.meta.url).href)] });
 * ```
 */
export function resolvePlugin(publicEntryUrl: string): Plugin {
  return {
    name: "dash-events-resolve",
    setup(build) {
      build.onResolve({ filter: /^dash-events$/ }, () => ({ path: publicEntryUrl, external: true }));
      build.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.pluginData === NESTED || args.path.startsWith("node:")) return undefined;
        const found = await build.resolve(args.path, {
          kind: args.kind,
          importer: args.importer,
          resolveDir: args.resolveDir,
          pluginData: NESTED,
        });
        // Let esbuild's own resolver fail again: its error carries the importing file:line.
        if (found.errors.length > 0) return undefined;
        if (found.external) return { path: found.path, external: true };
        if (!found.path.includes(`${sep}node_modules${sep}`)) return { path: found.path };
        // require() takes paths, import() and import statements take URLs.
        const required = args.kind === "require-call" || args.kind === "require-resolve";
        return { path: required ? found.path : pathToFileURL(found.path).href, external: true };
      });
    },
  };
}
