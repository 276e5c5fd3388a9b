// Tool argument schemas from suite metadata and the layout, component by component.
import t from "tap";
import { dcc, dmc, html } from "../lib/index.js";
import type { Component } from "../lib/index.js";
import type { LayoutNode } from "../lib/protocol/types.js";
import { optionValues, propSchema } from "../lib/mcp/tool-schema.js";

function schemaOf(component: Component, prop: string): ReturnType<typeof propSchema> {
  const node = JSON.parse(JSON.stringify(component)) as LayoutNode;
  return propSchema({ id: node.props.id as string, node }, prop);
}

t.test("dcc components narrowed by their props in the layout", async (t) => {
  t.match(schemaOf(dcc.RangeSlider({ id: "r", min: -5, max: 5, value: [0, 1] }), "value"), { type: "array", items: { type: "number", minimum: -5, maximum: 5 }, default: [0, 1] });
  t.match(schemaOf(dcc.Slider({ id: "s" }), "value"), { type: "number" });
  t.notOk("minimum" in schemaOf(dcc.Slider({ id: "s" }), "value"), "no bound the layout does not give");
  t.same(schemaOf(dcc.Dropdown({ id: "d", options: ["a", "b"], multi: true }), "value").items, { enum: ["a", "b"] });
  t.same(schemaOf(dcc.Dropdown({ id: "d", options: { x: "Ex", y: "Why" } }), "value").enum, ["x", "y", null], "a clearable Dropdown may be null");
  t.same(schemaOf(dcc.Checklist({ id: "c", options: [{ label: "One", value: 1 }, { label: "Two", value: 2 }] }), "value"), {
    type: "array",
    items: { enum: [1, 2] },
    description: schemaOf(dcc.Checklist({ id: "c", options: [{ label: "One", value: 1 }, { label: "Two", value: 2 }] }), "value").description,
  });
  t.match(schemaOf(dcc.Input({ id: "n", type: "number", min: 1, max: 9 }), "value"), { type: "number", minimum: 1, maximum: 9 });
  t.match(schemaOf(dcc.Input({ id: "q" }), "value"), { anyOf: [{ type: "string" }, { type: "number" }] });
  t.match(schemaOf(dcc.DatePickerRange({ id: "dr" }), "start_date"), { type: "string", format: "date" });
  t.match(schemaOf(dcc.Checklist({ id: "c", options: ["x"] }), "inline"), { type: "boolean" });
});

t.test("other suites get their metadata's types; html its few props; unknown components anything", async (t) => {
  const dmcSwitch = schemaOf(dmc.Switch({ id: "sw", label: "Live" }), "checked");
  t.match(dmcSwitch, { type: "boolean" });
  t.match(dmcSwitch.description, /dmc\.Switch "sw" checked \(Live\)/);
  t.match(schemaOf(html.Button("Save", { id: "b" }), "n_clicks"), { type: "integer", minimum: 0 });
  t.match(schemaOf(html.Button("Save", { id: "b" }), "n_clicks").description, /html\.Button "b" n_clicks \(Save\)/);
  t.same(Object.keys(propSchema(undefined, "value")), ["description"]);
  t.same(optionValues([{ label: "A", value: { nested: 1 } }]), undefined, "options whose values are not scalars give no enum");
});
