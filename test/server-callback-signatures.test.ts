// Flexible callback signatures (Dash's _grouping.py), over a real port: outputs, inputs and states
// grouped in objects and lists, the function getting the same shape and returning the outputs'
// shape, ctx.argsGrouping / ctx.outputsGrouping, and Inputs and States in any order. The wire
// stays Dash's: flat `inputs` and `state` lists, flat `outputs`, Dash's callback id.
import t from "tap";
import { App, html, Input, Output, State, ALL, noUpdate, type CallbackContext } from "../lib/index.js";
import { getPath, postJson, startApp } from "./helpers/server.js";
import type { CallbackSpec } from "../lib/protocol/types.js";

const UPDATE = "/_dash-update-component";
const calls: unknown[] = [];

const app = new App({ layout: html.Div({ id: "root" }) });
// Dash: callback(output=dict(total=..., parts=[...]), inputs=dict(a=Input, more=[Input, State]))
app.callback(
  { total: Output("total", "children"), parts: [Output("part-1", "children"), Output("part-2", "children")] },
  { a: Input("a", "value"), more: [Input("b", "value"), State("c", "value")] },
  { s: State("s", "value") },
  (values, ctx) => {
    calls.push({ values, argsGrouping: ctx.argsGrouping, outputsGrouping: ctx.outputsGrouping });
    const { a, more, s } = values;
    const [b, c] = more;
    if (a === "none") return noUpdate;
    if (a === "half") return { total: "t", parts: noUpdate };
    if (a === "bad-keys") return { total: "t" } as never;
    if (a === "bad-list") return { total: "t", parts: ["only one"] };
    return { total: `${String(a)}+${String(b)}+${String(c)}+${String(s)}`, parts: [`p1 ${String(a)}`, `p2 ${String(b)}`] };
  },
);
// Inputs and States in any order in one list: the function gets them in the order given
app.callback(Output("mixed", "children"), [State("m-s1", "value"), Input("m-i1", "n_clicks"), State("m-s2", "value"), Input("m-i2", "n_clicks")], (s1, i1, s2, i2, ctx: CallbackContext) => {
  calls.push({ argsGrouping: ctx.argsGrouping, outputsGrouping: ctx.outputsGrouping });
  return [s1, i1, s2, i2].map(String).join(",");
});
// an ALL input inside a named grouping: its leaf is a list
app.callback(Output("all-out", "children"), { items: Input({ type: "item", index: ALL }, "value") }, ({ items }, ctx) => {
  calls.push({ argsGrouping: ctx.argsGrouping });
  return `${(items as number[]).length} items`;
});

// debug: the errors' messages are part of what these tests check (outside debug the client gets an error id)
const started = await startApp(app, { debug: true });
t.teardown(started.close);
const GROUPED_ID = "..total.children...part-1.children...part-2.children..";
const groupedOutputs = [
  { id: "total", property: "children" },
  { id: "part-1", property: "children" },
  { id: "part-2", property: "children" },
];
const grouped = (a: unknown) =>
  postJson(started.url, UPDATE, {
    output: GROUPED_ID,
    outputs: groupedOutputs,
    inputs: [
      { id: "a", property: "value", value: a },
      { id: "b", property: "value", value: "B" },
    ],
    state: [
      { id: "c", property: "value", value: "C" },
      { id: "s", property: "value" },
    ],
    changedPropIds: ["a.value"],
  });

t.test("the wire has Dash's flat lists: inputs, then state, each in the order given; outputs flat", async (t) => {
  const specs = (await getPath(started.url, "/_dash-dependencies")).json as CallbackSpec[];
  const spec = specs.find((s) => s.output === GROUPED_ID);
  t.ok(spec, "the callback id is Dash's multi-output id over the flattened outputs");
  t.same(spec!.inputs, [
    { id: "a", property: "value" },
    { id: "b", property: "value" },
  ]);
  t.same(spec!.state, [
    { id: "c", property: "value" },
    { id: "s", property: "value" },
  ]);
  const mixed = specs.find((s) => s.output === "mixed.children")!;
  t.same(mixed.inputs, [
    { id: "m-i1", property: "n_clicks" },
    { id: "m-i2", property: "n_clicks" },
  ]);
  t.same(mixed.state, [
    { id: "m-s1", property: "value" },
    { id: "m-s2", property: "value" },
  ]);
});

t.test("an object of inputs and states: one object argument; an object of outputs: the return value's shape", async (t) => {
  const answer = await grouped("A");
  t.equal(answer.status, 200);
  t.same(answer.json, {
    multi: true,
    response: { total: { children: "A+B+C+undefined" }, "part-1": { children: "p1 A" }, "part-2": { children: "p2 B" } },
  });
  const call = calls.at(-1) as { values: unknown; argsGrouping: unknown; outputsGrouping: unknown };
  t.same(call.values, { a: "A", more: ["B", "C"], s: undefined });
  t.same(call.argsGrouping, {
    a: { id: "a", property: "value", value: "A", str_id: "a", triggered: true },
    more: [
      { id: "b", property: "value", value: "B", str_id: "b", triggered: false },
      { id: "c", property: "value", value: "C", str_id: "c", triggered: false },
    ],
    s: { id: "s", property: "value", value: null, str_id: "s", triggered: false },
  });
  t.same(call.outputsGrouping, {
    total: { id: "total", property: "children" },
    parts: [
      { id: "part-1", property: "children" },
      { id: "part-2", property: "children" },
    ],
  });
});

t.test("noUpdate for the whole, or for a group of outputs", async (t) => {
  t.equal((await grouped("none")).text, '{"multi":true,"response":{}}');
  t.equal((await grouped("half")).text, '{"multi":true,"response":{"total":{"children":"t"}}}');
});

t.test("a value without the outputs' shape is a 500 saying where", async (t) => {
  const keys = await grouped("bad-keys");
  t.equal(keys.status, 500);
  t.equal((keys.json as { error: string }).error, `Callback ${GROUPED_ID} returned a value of the wrong shape: expected an object with keys total, parts, got one with missing parts`);
  const list = await grouped("bad-list");
  t.equal(list.status, 500);
  t.equal((list.json as { error: string }).error, `Callback ${GROUPED_ID} returned the wrong number of values: expected a list of 2 values at .parts, got an array of length 1`);
});

t.test("Inputs and States in any order: positional arguments in the order given, args_grouping a list", async (t) => {
  const answer = await postJson(started.url, UPDATE, {
    output: "mixed.children",
    outputs: { id: "mixed", property: "children" },
    inputs: [
      { id: "m-i1", property: "n_clicks", value: 1 },
      { id: "m-i2", property: "n_clicks", value: 2 },
    ],
    state: [
      { id: "m-s1", property: "value", value: "x" },
      { id: "m-s2", property: "value", value: "y" },
    ],
    changedPropIds: ["m-i2.n_clicks"],
  });
  t.same(answer.json, { multi: true, response: { mixed: { children: "x,1,y,2" } } });
  const call = calls.at(-1) as { argsGrouping: unknown; outputsGrouping: unknown };
  t.same(call.argsGrouping, [
    { id: "m-s1", property: "value", value: "x", str_id: "m-s1", triggered: false },
    { id: "m-i1", property: "n_clicks", value: 1, str_id: "m-i1", triggered: false },
    { id: "m-s2", property: "value", value: "y", str_id: "m-s2", triggered: false },
    { id: "m-i2", property: "n_clicks", value: 2, str_id: "m-i2", triggered: true },
  ]);
  t.same(call.outputsGrouping, { id: "mixed", property: "children" }, "one Output: the target itself");
});

t.test("an ALL input in a grouping: a list of items, each with its object id and str_id", async (t) => {
  const answer = await postJson(started.url, UPDATE, {
    output: "all-out.children",
    outputs: { id: "all-out", property: "children" },
    inputs: [
      [
        { id: { type: "item", index: 1 }, property: "value", value: 10 },
        { id: { type: "item", index: 2 }, property: "value", value: 20 },
      ],
    ],
    changedPropIds: ['{"index":2,"type":"item"}.value'],
  });
  t.same(answer.json, { multi: true, response: { "all-out": { children: "2 items" } } });
  t.same((calls.at(-1) as { argsGrouping: unknown }).argsGrouping, {
    items: [
      { id: { type: "item", index: 1 }, property: "value", value: 10, str_id: '{"index":1,"type":"item"}', triggered: false },
      { id: { type: "item", index: 2 }, property: "value", value: 20, str_id: '{"index":2,"type":"item"}', triggered: true },
    ],
  });
});

t.test("registration refuses what Dash refuses", async (t) => {
  const other = new App({ layout: html.Div() });
  t.throws(() => other.callback(Output("x", "children"), { a: Input("a", "value") }, [State("s", "value")] as never, () => 1), /states must be an object too/);
  t.throws(() => other.callback(Output("x", "children"), [Input("a", "value")], { s: State("s", "value") } as never, () => 1), /only when the inputs are an object/);
  t.throws(() => other.callback(Output("x", "children"), { a: Input("a", "value") }, { a: State("s", "value") }, () => 1), /"a" is used by both/);
  t.throws(() => other.callback({ a: Output("x", "children"), b: Input("y", "value") }, Input("z", "value"), () => ({ a: 1, b: 2 })), /input y\.value given where output is expected/);
  t.throws(() => other.callback(Output("x", "children"), { a: [Input("a", "value"), 3] }, () => 1), /callback inputs "a" item 1: expected an Input or a State, or a list or an object of them, got number 3/);
});
