// Callbacks without Inputs, as Dash 4 takes them: State-only, and callback([], [], fn). They are
// listed in /_dash-dependencies (and the index page) with `inputs: []`, and answer update
// requests (the renderer runs them once, when the page loads).
import t from "tap";
import { createHash } from "node:crypto";
import { App, html, Output, State, setProps, type CallbackContext } from "../lib/index.js";
import { getPath, postJson, startApp } from "./helpers/server.js";
import type { CallbackSpec } from "../lib/protocol/types.js";

const UPDATE = "/_dash-update-component";
const app = new App({ layout: html.Div({ id: "root" }) });
app.callback(Output("greeting", "children"), [], State("name", "value"), (name, ctx: CallbackContext) => `hello ${String(name)} (triggered ${ctx.triggered.map((entry) => entry.prop_id).join()})`);
app.callback(Output("only-state", "children"), State("count", "data"), (count) => `count ${String(count)}`);
app.callback([], [], () => {
  setProps("loaded", { children: "page loaded" });
});

const started = await startApp(app);
t.teardown(started.close);
// Dash's id of a callback without outputs: the sha256 of its inputs' "id.prop" joined with "." (none here)
const NO_IO_ID = createHash("sha256").update("").digest("hex");

t.test("listed as Dash lists them: inputs [], their States in state", async (t) => {
  const specs = (await getPath(started.url, "/_dash-dependencies")).json as CallbackSpec[];
  t.match(specs, [
    { output: "greeting.children", inputs: [], state: [{ id: "name", property: "value" }], no_output: false },
    { output: "only-state.children", inputs: [], state: [{ id: "count", property: "data" }], no_output: false },
    { output: NO_IO_ID, inputs: [], state: [], no_output: true },
  ]);
  t.equal(specs.length, 3);
  const page = await getPath(started.url, "/");
  t.match(page.text, /"output":"greeting\.children","inputs":\[\],"state":\[\{"id":"name","property":"value"\}\]/, "the index page carries them too");
});

t.test("they answer update requests", async (t) => {
  const greeting = await postJson(started.url, UPDATE, {
    output: "greeting.children",
    outputs: { id: "greeting", property: "children" },
    inputs: [],
    state: [{ id: "name", property: "value", value: "Ada" }],
    changedPropIds: [],
  });
  t.equal(greeting.text, '{"multi":true,"response":{"greeting":{"children":"hello Ada (triggered .)"}}}');
  const onlyState = await postJson(started.url, UPDATE, {
    output: "only-state.children",
    outputs: { id: "only-state", property: "children" },
    inputs: [],
    state: [{ id: "count", property: "data", value: 3 }],
    changedPropIds: [],
  });
  t.same(onlyState.json, { multi: true, response: { "only-state": { children: "count 3" } } });
  const none = await postJson(started.url, UPDATE, { output: NO_IO_ID, inputs: [], changedPropIds: [] });
  t.equal(none.text, '{"multi":true,"sideUpdate":{"loaded":{"children":"page loaded"}},"response":{}}');
});

t.test("one function may serve several State-only callbacks; two without Inputs nor Outputs share Dash's id", async (t) => {
  const other = new App({ layout: html.Div() });
  const show = (value: unknown) => String(value);
  other.callback(Output("first", "children"), [], State("a", "value"), show);
  other.callback(Output("second", "children"), [], State("b", "value"), show);
  t.throws(() => other.callback(Output("third", "children"), [], State("a", "value"), show), /function show is already registered on inputs \(none; states a\.value\)/);
  other.callback([], [], () => undefined);
  t.throws(() => other.callback([], [], () => 1), /Duplicate callback: a regular callback with the same inputs \(none\) is already registered/);
});
