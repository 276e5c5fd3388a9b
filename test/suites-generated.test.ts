// The generated DSL namespaces (dcc, dmc, dbc, dash_table): committed files are up to date with
// the installed packages, and the nodes they build serialize exactly as Dash's Python does.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import t from "tap";
import { dash_table, dbc, dcc, dmc, html, type Component } from "../lib/index.js";
import { BUNDLED_SUITE_MODULES, CHILDREN_PROPS_FILE } from "../lib/codegen/bundled.js";
import type { LayoutNode } from "../lib/protocol/types.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

t.test("the committed modules equal a fresh `npm run gen:components` (not stale)", async (t) => {
  const out = mkdtempSync(join(tmpdir(), "gen-components-"));
  t.teardown(() => rmSync(out, { recursive: true, force: true }));
  const run = spawnSync(process.execPath, [join(root, "node_modules/tsx/dist/cli.mjs"), join(root, "scripts/gen-components.ts"), "--out", out], {
    encoding: "utf8",
  });
  t.equal(run.status, 0, run.stderr);
  for (const file of [...BUNDLED_SUITE_MODULES.map((suite) => suite.file), CHILDREN_PROPS_FILE]) {
    const fresh = readFileSync(join(out, file), "utf8");
    const committed = readFileSync(join(root, "lib/dsl/suites/generated", file), "utf8");
    t.ok(fresh === committed, `lib/dsl/suites/generated/${file} is up to date (else run \`npm run gen:components\`)`);
  }
});

t.test("every component of each suite has a factory", async (t) => {
  t.ok(Object.keys(dcc).length >= 26, "dcc");
  for (const name of ["Graph", "Dropdown", "Slider", "RangeSlider", "Input", "Textarea", "Checklist", "RadioItems", "Store", "Interval", "Tabs", "Tab", "Loading", "Markdown", "Upload", "DatePickerSingle", "DatePickerRange"]) {
    t.type((dcc as Record<string, unknown>)[name], "function", `dcc.${name}`);
  }
  for (const name of ["MantineProvider", "Button", "Tabs", "TabsList", "TabsTab", "TabsPanel", "Stepper", "StepperStep", "NotificationContainer"]) {
    t.type((dmc as Record<string, unknown>)[name], "function", `dmc.${name}`);
  }
  for (const name of ["Card", "CardBody", "Button", "Row", "Col"]) t.type((dbc as Record<string, unknown>)[name], "function", `dbc.${name}`);
  t.type(dash_table.DataTable, "function");
});

/**
 * Rebuild a Dash layout with the DSL: html nodes with `html.*`, dcc nodes with `dcc.*` whose props
 * are passed in reverse order, so the factory's own prop ordering is what makes the JSON match.
 */
function rebuild(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(rebuild);
  if (node === null || typeof node !== "object" || !("namespace" in node)) return node;
  const { namespace, type, props } = node as LayoutNode;
  const rebuilt: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(props)) rebuilt[key] = rebuild(value);
  if (namespace === "dash_html_components") {
    const { children, ...rest } = rebuilt;
    return (html as unknown as Record<string, (c: unknown, p: unknown) => Component>)[type](children ?? undefined, rest);
  }
  if (namespace === "dash_core_components") {
    const reversed = Object.fromEntries(Object.entries(rebuilt).reverse());
    return (dcc as unknown as Record<string, (p: unknown) => Component>)[type](reversed);
  }
  throw new Error(`unexpected namespace ${namespace}`);
}

/**
 * Dash writes a node's own keys as props, type, namespace; the DSL as type, namespace, props
 * (the same JSON object). Props keep their order: that is what this test is about.
 */
function nodeKeysFirst(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(nodeKeysFirst);
  if (value === null || typeof value !== "object") return value;
  const entries = Object.entries(value).map(([key, item]) => [key, nodeKeysFirst(item)] as const);
  if (!("namespace" in value)) return Object.fromEntries(entries);
  const { type, namespace, props } = Object.fromEntries(entries) as Record<string, unknown>;
  return { type, namespace, props };
}

t.test("layouts built with dcc.* serialize exactly as Dash's (dash-wire captures, key order included)", async (t) => {
  for (const scenario of ["basic", "pattern", "updates"]) {
    const text = readFileSync(join(root, "test/fixtures/dash-wire", scenario, "layout.json"), "utf8");
    t.equal(JSON.stringify(rebuild(JSON.parse(text))), JSON.stringify(nodeKeysFirst(JSON.parse(text))), scenario);
  }
});

t.test("factories: call forms, Dash's JSON, prop order", async (t) => {
  t.same(JSON.parse(JSON.stringify(dcc.Dropdown({ id: "dd", value: "a", options: ["a", "b"], clearable: false }))), {
    type: "Dropdown",
    namespace: "dash_core_components",
    props: { options: ["a", "b"], value: "a", clearable: false, id: "dd" },
  });
  t.equal(
    JSON.stringify(dcc.Dropdown({ id: "dd", value: "a", options: ["a", "b"] })),
    '{"type":"Dropdown","namespace":"dash_core_components","props":{"options":["a","b"],"value":"a","id":"dd"}}',
  );
  t.equal(JSON.stringify(dcc.Interval()), '{"type":"Interval","namespace":"dash_core_components","props":{}}', "no children: null on non-html nodes");
  const card = dbc.Card([dbc.CardBody("Hello", { id: "body" })], { id: "card", color: "primary" });
  t.same(card.toJSON(), {
    type: "Card",
    namespace: "dash_bootstrap_components",
    props: {
      children: [{ type: "CardBody", namespace: "dash_bootstrap_components", props: { children: "Hello", id: "body" } }],
      id: "card",
      color: "primary",
    },
  });
  t.same(Object.keys(dbc.Card({ color: "primary", id: "c", children: "x" }).props), ["children", "id", "color"], "children first, then declared order");
  const tabs = dmc.Tabs([dmc.TabsList([dmc.TabsTab("One", { value: "1" })])], { value: "1", id: "tabs" });
  t.equal(tabs.namespace, "dash_mantine_components");
  t.equal(dmc.Button("Go", { id: "go", leftSection: dmc.Loader({ size: "xs" }) }).props.leftSection instanceof Object, true);
  t.same(Object.keys(dash_table.DataTable({ id: "t", columns: [{ id: "a", name: "A" }], data: [{ a: 1 }], editable: true }).props), ["data", "columns", "editable", "id"]);
  t.same(dcc.Graph({ id: "g", figure: { data: [{ y: [1, 2] }] } }).props, { id: "g", figure: { data: [{ y: [1, 2] }] } });
  t.throws(() => dbc.Card("x", { children: "y" } as never), /children given twice/);
});
