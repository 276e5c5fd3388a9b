// The `dash_iconify` DSL namespace: DashIconify nodes serialize as the Python package's do, and
// its props are typed (test/dsl-types.test.ts checks that each @ts-expect-error here is an error).
import t from "tap";
import { dash_iconify, dmc, html } from "../lib/index.js";

/** A node as JSON, as the page gets it. */
type NodeJson = { type: string; namespace: string; props: Record<string, unknown> & { children?: NodeJson[] } };
const asJson = (value: unknown) => JSON.parse(JSON.stringify(value)) as NodeJson;

t.test("dash_iconify.DashIconify makes a dash_iconify.DashIconify node, props in Dash's order", async (t) => {
  const icon = dash_iconify.DashIconify({ width: 24, icon: "mdi:home", id: "home", color: "red" });
  t.equal(icon.id, "home");
  t.equal(
    JSON.stringify(icon),
    '{"type":"DashIconify","namespace":"dash_iconify","props":{"color":"red","icon":"mdi:home","id":"home","width":24}}',
    "as dash-iconify's Python class writes it (its props in metadata order)",
  );
});

t.test("it goes where components go: children, and a dmc prop that holds a component", async (t) => {
  const button = dmc.Button("Home", { leftSection: dash_iconify.DashIconify({ icon: "tabler:home" }) });
  t.same(asJson(button).props.leftSection, { type: "DashIconify", namespace: "dash_iconify", props: { icon: "tabler:home" } });
  const div = html.Div([dash_iconify.DashIconify({ icon: "mdi:bell", inline: true, rotate: 2, flip: "vertical" })]);
  t.same(asJson(div).props.children?.[0].props, { flip: "vertical", icon: "mdi:bell", inline: true, rotate: 2 });
});

t.test("its props are typed", async (t) => {
  // @ts-expect-error: icon is required, as in dash-iconify
  dash_iconify.DashIconify({ width: 24 });
  // @ts-expect-error: rotate is 0 to 3 quarter turns (or "90deg", …)
  dash_iconify.DashIconify({ icon: "mdi:home", rotate: 45 });
  // @ts-expect-error: flip is "horizontal", "vertical" or both
  dash_iconify.DashIconify({ icon: "mdi:home", flip: "diagonal" });
  // @ts-expect-error: an unknown prop is a compile error
  dash_iconify.DashIconify({ icon: "mdi:home", colour: "red" });
  dash_iconify.DashIconify({ icon: "mdi:home", width: "1.5em", height: 20, rotate: "90deg", style: { marginRight: 4 }, className: "x", id: { type: "icon", index: 1 } });
  t.pass("the props dash-iconify documents type-check");
});
