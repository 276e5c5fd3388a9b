import { isAbsolute, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { build, type BuildFailure, type Message } from "esbuild";
import { CliError } from "./cli-error.js";
import { importMetaPlugin } from "./import-meta-plugin.js";
import { resolvePlugin } from "./resolve-plugin.js";

/**
 * Compiles a user's app file (TypeScript or JavaScript, anywhere on disk) into one ESM file
 * `outFile`: the app's own relative imports are bundled, packages stay external, and
 * `"dash-events"` points at `publicEntryUrl`; resolves with the app's own source files (what
 * `serve --reload` watches). Types are not checked (esbuild only strips them),
 * so start-up stays fast; a syntax or resolve error throws a {@link CliError} whose message has
 * one `file:line:col: message` line per error.
 *
 * @example
 * ```ts
 * await compileApp("examples/demo.ts", "/tmp/x/demo.mjs", entryUrl);
 * const mod = await import(pathToFileURL("/tmp/x/demo.mjs").href);
 * ```
 */
export async function compileApp(appFile: string, outFile: string, publicEntryUrl: string): Promise<CompiledApp> {
  const cwd = process.cwd();
  try {
    const result = await build({
      entryPoints: [resolve(cwd, appFile)],
      outfile: outFile,
      absWorkingDir: cwd,
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      // Resolve packages as Node will load them: no "module" field or export condition, which
      // esbuild honours by default and Node does not (a package could load twice, in two formats).
      mainFields: ["main"],
      conditions: ["node"],
      sourcemap: "inline",
      // Bundled CommonJS files may call require(); give them one that resolves from the app's folder.
      banner: { js: requireBanner(resolve(cwd, appFile)) },
      logLevel: "silent",
      plugins: [resolvePlugin(publicEntryUrl), importMetaPlugin()],
      metafile: true,
    });
    for (const warning of result.warnings) console.error(formatMessage(warning, cwd, "warning"));
    const sources = Object.keys(result.metafile.inputs)
      .filter((input) => !input.includes(":") && !input.split(/[\\/]/).includes("node_modules"))
      .map((input) => resolve(cwd, input));
    return { sources };
  } catch (err) {
    if (isBuildFailure(err)) throw new CliError(err.errors.map((e) => formatMessage(e, cwd, "error")).join("\n"));
    throw err;
  }
}

/** What `compileApp` found out about the app. */
export interface CompiledApp {
  /** Absolute paths of the app's own files that went into the bundle (no packages). */
  sources: string[];
}

function requireBanner(appPath: string): string {
  const from = JSON.stringify(pathToFileURL(appPath).href);
  return `import { createRequire as __dashEventsCreateRequire } from "node:module";\nconst require = __dashEventsCreateRequire(${from});`;
}

function isBuildFailure(err: unknown): err is BuildFailure {
  return err instanceof Error && Array.isArray((err as Partial<BuildFailure>).errors);
}

/**
 * One esbuild message as `file:line:col: message` (1-based column, as editors count), followed by
 * the offending source line and a caret, so the error is readable without opening the file.
 */
function formatMessage(message: Message, cwd: string, kind: "error" | "warning"): string {
  const prefix = kind === "warning" ? "warning: " : "";
  const location = message.location;
  if (!location) return `dash-events: ${prefix}${message.text}`;
  const file = displayPath(resolve(cwd, location.file), cwd);
  const head = `${file}:${location.line}:${location.column + 1}: ${prefix}${message.text}`;
  if (!location.lineText) return head;
  const gutter = `${location.line} | `;
  return `${head}\n    ${gutter}${location.lineText}\n    ${" ".repeat(gutter.length + location.column)}^`;
}

/** A path relative to the working directory when it lies inside it, else absolute. */
export function displayPath(path: string, cwd: string = process.cwd()): string {
  const rel = relative(cwd, path);
  return rel === "" || rel.startsWith("..") || isAbsolute(rel) ? path : rel;
}
