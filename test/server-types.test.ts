// The callback registration types are part of the API: the context is typed without
// annotations, annotated values are accepted, and misuse does not compile. Runs the TypeScript
// checker over test/fixtures/types/callback-typing.ts with the options of tsconfig.test.json.
import t from "tap";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

t.test("callback typing probe compiles, and each @ts-expect-error marks a real error", async (t) => {
  const parsed = ts.getParsedCommandLineOfConfigFile(join(root, "tsconfig.test.json"), {}, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
    },
  });
  if (!parsed) throw new Error("cannot read tsconfig.test.json");
  const program = ts.createProgram([join(root, "test/fixtures/types/callback-typing.ts")], { ...parsed.options, noEmit: true });
  const problems = ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
    return `${d.file?.fileName.replace(root + "/", "") ?? ""}(${where ? where.line + 1 : "?"}): ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`;
  });
  t.strictSame(problems, []);
});
