import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { basename, extname, join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { App } from "../lib/index.js";
import { CliError } from "./cli-error.js";
import { compileApp, displayPath } from "./compile-app.js";

/**
 * The public entry that users' `import ... from "dash-events"` must load: the very module this
 * file imports `App` from, so `instanceof App` holds and module-level callbacks reach the app.
 */
const PUBLIC_ENTRY_URL = new URL("../lib/index.js", import.meta.url).href;

/**
 * Compiles and imports a user's app file and returns the `App` it exports by default.
 * Fails with a {@link CliError} when the file is missing, does not compile, throws while
 * loading, or exports something other than an `App`.
 *
 * @example
 * ```ts
 * const app = await loadApp("examples/demo.ts");
 * await app.listen({ port: 8050 });
 * ```
 */
export async function loadApp(appFile: string): Promise<App> {
  return (await loadAppSources(appFile)).app;
}

/**
 * {@link loadApp}, also giving the app's own source files (the entry and its relative imports).
 *
 * @example
 * ```ts
 * const { app, sources } = await loadAppSources("app.ts"); // sources: ["/home/me/app.ts", "/home/me/parts/chart.ts"]
 * ```
 */
export async function loadAppSources(appFile: string): Promise<{ app: App; sources: string[] }> {
  const appPath = resolve(appFile);
  const label = displayPath(appPath);
  if (!existsSync(appPath)) throw new CliError(`dash-events: cannot find the app file ${label}`);

  const outDir = await mkdtemp(join(tmpdir(), "dash-events-app-"));
  try {
    const outFile = join(outDir, `${basename(appPath, extname(appPath))}.mjs`);
    const { sources } = await compileApp(appPath, outFile, PUBLIC_ENTRY_URL);
    // Stack traces from the app then name the user's file and line, not the temp bundle.
    process.setSourceMapsEnabled(true);
    const exported = await importApp(outFile, label);
    if (!(exported instanceof App)) {
      throw new CliError(
        `dash-events: ${label} must export an App as its default export ` +
          `(\`export default new App({ layout })\`), but its default export is ${describe(exported)}`,
      );
    }
    return { app: exported, sources };
  } finally {
    // The module is in memory once imported; the temp file is no longer needed.
    await rm(outDir, { recursive: true, force: true });
  }
}

async function importApp(outFile: string, label: string): Promise<unknown> {
  try {
    const mod = (await import(pathToFileURL(outFile).href)) as { default?: unknown };
    return mod.default;
  } catch (err) {
    const detail = err instanceof Error ? userFrames(err.stack ?? err.message) : String(err);
    throw new CliError(`dash-events: ${label} threw while loading:\n${detail}`);
  }
}

/** The stack up to Node's module loader: the frames below it are the CLI's, only noise here. */
function userFrames(stack: string): string {
  const lines = stack.split("\n");
  const loader = lines.findIndex((line) => /^\s+at .*node:internal\/modules\//.test(line));
  return (loader === -1 ? lines : lines.slice(0, loader)).join("\n");
}

function describe(value: unknown): string {
  if (value === undefined) return "missing";
  if (value === null) return "null";
  if (typeof value === "object") return `an object of class ${value.constructor?.name ?? "(none)"}`;
  return `a ${typeof value}`;
}
