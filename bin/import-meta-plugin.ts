import { readFile } from "node:fs/promises";
import { dirname, extname, sep } from "node:path";
import { pathToFileURL } from "node:url";
import type { Loader, Plugin } from "esbuild";

const LOADERS: Record<string, Loader> = { ".ts": "ts", ".mts": "ts", ".cts": "ts", ".tsx": "tsx", ".jsx": "jsx" };

/**
 * esbuild plugin keeping `import.meta.url`, `import.meta.filename` and `import.meta.dirname`
 * pointing at each source file of the app, not at the temp file the app is bundled into, so an
 * app can find files next to it (`new URL("./assets", import.meta.url)`).
 *
 * @example
 * ```ts
 * await esbuild.build({ bundle: true, plugins: [importMetaPlugin()] });
 * ```
 */
export function importMetaPlugin(): Plugin {
  return {
    name: "dash-events-import-meta",
    setup(build) {
      build.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, async (args) => {
        if (args.namespace !== "file" || args.path.includes(`${sep}node_modules${sep}`)) return undefined;
        const source = await readFile(args.path, "utf8");
        if (!source.includes("import.meta")) return undefined;
        const values: Record<string, string> = {
          url: pathToFileURL(args.path).href,
          filename: args.path,
          dirname: dirname(args.path),
        };
        const contents = source.replace(/\bimport\.meta\.(url|filename|dirname)\b/g, (_match, key: string) =>
          JSON.stringify(values[key]),
        );
        return { contents, loader: LOADERS[extname(args.path)] ?? "js", resolveDir: dirname(args.path) };
      });
    },
  };
}
