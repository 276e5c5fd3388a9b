// The generated namespaces' types are their point: a wrong prop name or type must not compile.
// This file holds such lines under @ts-expect-error, and the test runs the TypeScript checker
// over it (and the other suites tests): an expected error that is not one fails the check.
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import t from "tap";
import { typeErrors } from "./helpers/type-check.js";
import { dash_table, dbc, dcc, dmc, html, type Component } from "../lib/index.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** Never called: only compiled. Each @ts-expect-error must stand above a real type error. */
export function typeExamples(): Component[] {
  return [
    dcc.Dropdown({ id: "dd", options: [{ label: "A", value: "a" }], value: "a", multi: false }),
    dcc.Input({ id: { type: "num", index: 1 }, type: "number", value: 3, debounce: true }),
    dcc.Graph({ id: "g", figure: { data: [{ x: [1], y: [2] }], layout: { title: "t" } }, style: { height: 300 } }),
    dcc.Store({ id: "cache", data: { rows: [1, 2] }, storage_type: "session" }),
    dcc.Loading(html.Div("x"), { type: "circle" }),
    dcc.Tabs([dcc.Tab({ label: "One", value: "one" })], { value: "one" }),
    dmc.MantineProvider(dmc.Button("Go", { id: "go", leftSection: html.Span("→"), variant: "filled" })),
    dbc.Card([dbc.CardBody("Body")], { color: "primary", class_name: "m-2" }),
    dash_table.DataTable({ id: "t", columns: [{ id: "a", name: "A" }], data: [{ a: 1 }], editable: true }),
    // Dash's None is null on the wire, for any optional prop: dcc.Slider's step=None snaps to the marks
    dcc.Slider({ id: "snap", min: 0, max: 10, step: null, marks: { 0: "0", 5: "5", 10: "10" }, value: 5 }),
    dcc.Dropdown({ id: "none", value: null, placeholder: null }),
    // Mantine's theme.colors: any colour name, ten shades as a list (MantineColorsTuple)
    dmc.MantineProvider([], {
      theme: { primaryColor: "brand", colors: { brand: ["#f0f4ff", "#dbe4ff", "#bac8ff", "#91a7ff", "#748ffc", "#5c7cfa", "#4c6ef5", "#4263eb", "#3b5bdb", "#364fc7"] } },
    }),
    // Mantine's colour and style props take what Mantine takes (restore-types.ts), not only the
    // literals dmc's proptypes.js kept: theme keys or any CSS value, numbers, per-breakpoint objects
    dmc.Text("muted", { c: "dimmed", fw: 700, fz: "sm", size: "sm" }),
    dmc.Text("shade", { c: "blue.6", bg: "var(--mantine-color-gray-0)", opacity: 0.6, lh: 1.4, ff: "Georgia, serif", tt: "uppercase" }),
    dmc.Box({ w: { base: 200, sm: 400 }, p: "md", m: "1rem", mt: 4, fw: "bold", ta: "center", display: "flex", c: { base: "red", md: "#00ff00" } }),
    dmc.Badge("x", { color: "#ff0000", size: "1.2rem", radius: "4px" }),
    dmc.Button("x", { color: "grape.3", size: "compact-sm", variant: "light" }),
    dmc.TextInput({ debounce: true, persistence: true, hiddenFrom: "sm" }),
    dmc.Tabs([], { persistence: true, persistence_type: "local" }),
    // Mantine's `truncate` is "end" | "start" | boolean; `mod` (data attributes) a string, an object or a list of them
    dmc.Text("long", { truncate: true, mod: { active: true } }),
    dmc.Group([], { mod: ["card", { selected: false }] }),
    // @ts-expect-error `truncate` has two sides only
    dmc.Text("x", { truncate: "middle" }),
    // @ts-expect-error a wrong prop name on a dmc component still fails, open unions or not
    dmc.Text("x", { colour: "dimmed" }),
    // @ts-expect-error `fw` takes CSS values, not booleans
    dmc.Text("x", { fw: true }),
    // @ts-expect-error `pos` is a closed set of keywords (csstype's Position)
    dmc.Box({ pos: "floating" }),
    // @ts-expect-error Stepper's `orientation` is closed in Mantine too
    dmc.Stepper({ orientation: "diagonal" }),
    // @ts-expect-error `persistence_type` stays closed (Dash's three storages)
    dmc.Tabs([], { persistence_type: "cookie" }),
    // @ts-expect-error a prop Dropdown does not have
    dcc.Dropdown({ id: "dd", optionz: [] }),
    // @ts-expect-error a value outside Input's `type` enum
    dcc.Input({ type: "colour" }),
    // @ts-expect-error `disabled` is a boolean, not a string
    dcc.Slider({ min: 0, max: 10, disabled: "yes" }),
    // @ts-expect-error Store takes no children
    dcc.Store("text"),
    // @ts-expect-error a figure key Graph does not have (figure is an exact shape)
    dcc.Graph({ figure: { datum: [] } }),
    // @ts-expect-error a wrong prop on a dmc component
    dmc.Button("Go", { colour: "red" }),
    // @ts-expect-error a wrong prop on a dbc component
    dbc.Card({ colr: "primary" }),
    // @ts-expect-error DataTable columns need an id and a name
    dash_table.DataTable({ columns: [{ id: "a" }] }),
    // @ts-expect-error Store's id is required, as in Dash
    dcc.Store({ data: 1 }),
    // @ts-expect-error functions cannot travel as JSON, so function props are not in the types
    dcc.Interval({ interval: 100, setProps: () => undefined }),
    // @ts-expect-error in dmc's metadata but not in its bundle: no factory for a node that cannot render
    // eslint-disable-next-line @typescript-eslint/no-unsafe-call -- the point: there is no such factory
    dmc.ChipGroupContext({}) as Component,
    // @ts-expect-error the same for RadioGroupContext
    // eslint-disable-next-line @typescript-eslint/no-unsafe-call -- the same
    dmc.RadioGroupContext({}) as Component,
  ];
}

t.test("the suites' tests type-check, with every @ts-expect-error a real error", async (t) => {
  const files = ["suites-types.test.ts", "suites-generated.test.ts", "suites-server.test.ts", "suites-index.test.ts", "suites-gen-components.test.ts"].map((file) => join(root, "test", file));
  const errors = typeErrors(files);
  t.strictSame(errors, []);
});
