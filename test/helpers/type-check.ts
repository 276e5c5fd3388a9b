/**
 * Run the TypeScript checker over some files with the options of tsconfig.test.json, for tests
 * that pin down types as part of the API (a wrong prop must not compile, `ctx` is inferred, …).
 */
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

function compilerOptions(): ts.CompilerOptions {
  const parsed = ts.getParsedCommandLineOfConfigFile(join(root, "tsconfig.test.json"), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    },
  });
  if (!parsed) throw new Error("cannot read tsconfig.test.json");
  // rootDir is dropped so that a probe file outside the repo may be checked too
  return { ...parsed.options, noEmit: true, rootDir: undefined, typeRoots: [join(root, "node_modules/@types")] };
}

/**
 * The diagnostics of `files` as `path(line,col): TSnnnn message` (paths relative to the repo); [] when they type-check.
 *
 * @example
 * ```ts
 * t.strictSame(typeErrors([join(root, "test/fixtures/types/callback-typing.ts")]), []);
 * ```
 */
export function typeErrors(files: string[]): string[] {
  const program = ts.createProgram(files, compilerOptions());
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
    const name = d.file ? d.file.fileName.replace(root + "/", "") : "";
    return `${name}${where ? `(${where.line + 1},${where.character + 1})` : ""}: TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`;
  });
}
