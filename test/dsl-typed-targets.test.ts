// Typed stream targets: a component made by a typed factory carries its props type, so
// streamProps(node, props), Input/State/Output(node, prop) check prop names (and streamProps the
// values) against that component's props; ids and untyped components accept any prop.
import t from "tap";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { html, dcc, Input, Output, State, Patch, streamProps, Component } from "../lib/index.js";
import { typeErrors } from "./helpers/type-check.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

t.test("wrong prop names and values on typed components are compile errors; ids and untyped components take any prop", async (t) => {
  const dir = mkdtempSync(join(tmpdir(), "dsl-typed-targets-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  const file = join(dir, "app.mts");
  writeFileSync(
    file,
    [
      `import { html, dcc, Input, Output, State, Patch, streamProps, Component } from ${JSON.stringify(join(root, "lib/index.js"))};`,
      `const graph = dcc.Graph({ id: "g" });`,
      `const button = html.Button("Go", { id: "go" });`,
      `streamProps(graph, { extnedData: [] });`, // line 4
      `streamProps(button, { disabled: "yes" });`, // line 5
      `Output(graph, "figuer");`, // line 6
      `Input(button, "n_clikcs");`, // line 7
      `State(dcc.Input({ id: "name" }), "valeu");`, // line 8
      `streamProps(graph, { extendData: [{ y: [[1]] }, [0]], figure: new Patch().append(1) });`,
      `streamProps(button, { disabled: true, children: "again" });`,
      `Output(graph, "figure"); Input(button, "n_clicks"); State(dcc.Input({ id: "name" }), "value", { allowOptional: true });`,
      `const plain: Component = graph;`,
      `streamProps(plain, { anything: 1 }); Input(plain, "anything"); streamProps("g", { anything: 1 }); Output("g", "anything");`,
      `html.Div([graph, button]);`,
    ].join("\n"),
  );
  const diagnostics = typeErrors([file]);
  const lines = diagnostics.map((e) => /\.mts\((\d+),/.exec(e)?.[1] ?? e);
  t.strictSame([...new Set(lines)].sort(), ["4", "5", "6", "7", "8"], diagnostics.join("\n"));
});

t.test("at run time a typed target is its id", async (t) => {
  const graph = dcc.Graph({ id: "g" });
  t.strictSame(streamProps(graph, { extendData: [{ y: [[1]] }, [0]] }).toFrame(), ["[SINGLE]", "g", { extendData: [{ y: [[1]] }, [0]] }]);
  t.equal(Output(graph, "figure").propId, "g.figure");
  t.equal(Input(html.Button({ id: "go" }), "n_clicks").propId, "go.n_clicks");
  t.equal(State(new Component("x", "Y", { id: "y" }), "any").propId, "y.any");
  t.ok(new Patch());
});
