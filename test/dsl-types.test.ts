import t from "tap";
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { typeErrors } from "./helpers/type-check.js";

// The DSL's types are part of its contract (a wrong prop name must not compile), so this test
// runs the TypeScript checker over the DSL and its tests, with the options of tsconfig.test.json.
const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

t.test("the DSL and its tests type-check (every @ts-expect-error there is a real error)", async (t) => {
  const files = [
    ...readdirSync(join(root, "lib/dsl")).filter((f) => f.endsWith(".ts")).map((f) => join(root, "lib/dsl", f)),
    join(root, "lib/sleep.ts"),
    ...readdirSync(join(root, "test")).filter((f) => /^dsl-.*\.test\.ts$/.test(f)).map((f) => join(root, "test", f)),
  ];
  t.strictSame(typeErrors(files), []);
});

t.test("wrong prop names and shapes are compile errors", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "dsl-types-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, "app.mts");
  const dsl = (name: string) => JSON.stringify(join(root, "lib/dsl", `${name}.js`));
  writeFileSync(
    file,
    [
      `import { html } from ${dsl("html")};`,
      `import { Input } from ${dsl("dependencies")};`,
      `import { Patch } from ${dsl("patch")};`,
      `import { streamProps } from ${dsl("stream-props")};`,
      `html.Div({ hrefx: "/" });`, // line 5
      `html.Button("Go", { disabled: 1 });`, // line 6
      `Input("a");`, // line 7
      `new Patch().add(true);`, // line 8: add takes a number or a string
      `streamProps("out");`, // line 9
      `html.A({ href: "/", "data-x": "ok", "aria-label": "ok" });`, // fine
    ].join("\n"),
  );
  const diagnostics = typeErrors([file]);
  const lines = diagnostics.map((e) => /\.mts\((\d+),/.exec(e)?.[1] ?? e);
  t.strictSame([...new Set(lines)].sort(), ["5", "6", "7", "8", "9"], diagnostics.join("\n"));
});
