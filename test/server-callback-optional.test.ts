// Optional dependencies (Dash's allow_optional), over a real port: listed with Dash's wire field,
// and a request may leave such an input or state out, or send it without a value: the function
// then gets null, as Dash's None.
import t from "tap";
import { App, html, Input, Output, State, ALL, type CallbackContext } from "../lib/index.js";
import { getPath, postJson, startApp } from "./helpers/server.js";
import type { CallbackSpec } from "../lib/protocol/types.js";

const UPDATE = "/_dash-update-component";
const app = new App({ layout: html.Div({ id: "root" }) });
app.callback(
  Output("opt-out", "children"),
  [Input("go", "n_clicks"), Input("maybe", "value", { allowOptional: true }), Input({ type: "row", index: ALL }, "value", { allowOptional: true })],
  [State("draft", "value", { allowOptional: true }), State("name", "value")],
  (go, maybe, rows, draft, name, ctx: CallbackContext) => {
    const grouping = ctx.argsGrouping as Array<{ value: unknown }>;
    return JSON.stringify({ go, maybe, rows, draft, name, draftValue: grouping[3].value });
  },
);

const started = await startApp(app);
t.teardown(started.close);
const post = (inputs: unknown[], state: unknown[]) =>
  postJson(started.url, UPDATE, { output: "opt-out.children", outputs: { id: "opt-out", property: "children" }, inputs, state, changedPropIds: ["go.n_clicks"] });

t.test("/_dash-dependencies lists an optional dependency with Dash's allow_optional: true", async (t) => {
  const spec = ((await getPath(started.url, "/_dash-dependencies")).json as CallbackSpec[])[0];
  t.strictSame(spec.inputs, [
    { id: "go", property: "n_clicks" },
    { id: "maybe", property: "value", allow_optional: true },
    { id: '{"index":["ALL"],"type":"row"}', property: "value", allow_optional: true },
  ]);
  t.strictSame(spec.state, [
    { id: "draft", property: "value", allow_optional: true },
    { id: "name", property: "value" },
  ]);
  t.strictSame(State("x", "value", { allowOptional: false }).toRef(), { id: "x", property: "value" }, "no field unless true");
});

t.test("entries left out, or sent without a value, give null", async (t) => {
  const omitted = await post([{ id: "go", property: "n_clicks", value: 1 }], [{ id: "name", property: "value", value: "N" }]);
  t.equal(omitted.status, 200);
  t.same(JSON.parse((omitted.json as { response: { "opt-out": { children: string } } }).response["opt-out"].children), {
    go: 1,
    maybe: null,
    rows: [], // an ALL dependency that matches nothing is an empty list, as for a required one
    draft: null,
    name: "N",
    draftValue: null,
  });
  const noValue = await post(
    [{ id: "go", property: "n_clicks", value: 2 }, { id: "maybe", property: "value" }, []],
    [{ id: "draft", property: "value" }, { id: "name", property: "value" }],
  );
  const values = JSON.parse((noValue.json as { response: { "opt-out": { children: string } } }).response["opt-out"].children) as Record<string, unknown>;
  t.same(values, { go: 2, maybe: null, rows: [], draft: null, draftValue: null }, "a required State without value stays undefined");
  t.notOk("name" in values);
  const some = await post(
    [{ id: "go", property: "n_clicks", value: 3 }, [{ id: { type: "row", index: 1 }, property: "value", value: "r1" }]],
    [{ id: "draft", property: "value", value: "D" }, { id: "name", property: "value", value: "N" }],
  );
  t.same(JSON.parse((some.json as { response: { "opt-out": { children: string } } }).response["opt-out"].children), {
    go: 3,
    maybe: null,
    rows: ["r1"],
    draft: "D",
    name: "N",
    draftValue: "D",
  });
});

t.test("a required entry left out is still a 400", async (t) => {
  const answer = await post([{ id: "maybe", property: "value", value: 1 }], [{ id: "name", property: "value", value: "N" }]);
  t.equal(answer.status, 400);
  t.match((answer.json as { error: string }).error, /expected 1 to 3 inputs entries, got 1/);
  const state = await post([{ id: "go", property: "n_clicks", value: 1 }], [{ id: "draft", property: "value", value: "D" }]);
  t.equal(state.status, 400);
  t.match((state.json as { error: string }).error, /expected 1 to 2 state entries, got 1/);
});

t.test("allowOptional is for Inputs and States", async (t) => {
  t.throws(() => new (Output("x", "y").constructor as never as new (...a: unknown[]) => unknown)("output", "x", "y", { allowOptional: true }), /allowOptional is for Inputs and States/);
  t.throws(() => Input("x", "y", { allowOptional: "yes" as never }), /allowOptional must be true or false/);
});
