// Regular callbacks over a real port: Dash's request and response shapes, multi-output, noUpdate,
// PreventUpdate (204), setProps side updates, async functions, the context, onError and errors.
import t from "tap";
import {
  App,
  html,
  Input,
  Output,
  State,
  MATCH,
  ALL,
  Patch,
  noUpdate,
  PreventUpdate,
  setProps,
  type CallbackContext,
} from "../lib/index.js";
import { postJson, startApp, updateRequest } from "./helpers/server.js";

const UPDATE = "/_dash-update-component";

const app = new App({ layout: html.Div({ id: "root" }) });
app.callback(Output("out", "children"), Input("go", "n_clicks"), (n) => `clicked ${String(n)}`);
app.callback(
  [Output("a", "children"), Output("b", "children")],
  Input("multi", "n_clicks"),
  State("name", "value"),
  (n, name) => [`a ${String(n)}`, `b ${String(name)}`],
);
app.callback([Output("p", "children"), Output("q", "children")], Input("partial", "n_clicks"), (n) =>
  n === 1 ? ["p only", noUpdate] : noUpdate,
);
app.callback(Output("single-noup", "children"), Input("single-noup-btn", "n_clicks"), () => noUpdate);
app.callback(Output("prevent", "children"), Input("prevent-btn", "n_clicks"), () => {
  throw new PreventUpdate();
});
app.callback(Output("side-main", "children"), Input("side-btn", "n_clicks"), (n, ctx: CallbackContext) => {
  setProps("side-a", { children: `a ${String(n)}` });
  setProps({ type: "side", name: "dict" }, { children: "dict" });
  ctx.setProps("side-a", { style: { color: "red" } }); // merged with the earlier call for side-a
  return "main";
});
app.callback([], Input("noout-btn", "n_clicks"), (n) => {
  setProps("noout-target", { children: `set ${String(n)}` });
});
app.callback([], Input("noout-nothing", "n_clicks"), () => undefined);
app.callback(Output("async-out", "children"), Input("async-btn", "n_clicks"), async (n) => {
  await new Promise((resolve) => setTimeout(resolve, 20));
  setProps("async-side", { children: "after await" }); // AsyncLocalStorage keeps the run across awaits
  return `async ${String(n)}`;
});
app.callback(
  Output("ctx-out", "children"),
  [Input("ctx-a", "n_clicks"), Input("ctx-b", "n_clicks")],
  State("ctx-s", "value"),
  (_a, _b, _s, ctx: CallbackContext) =>
    JSON.stringify({
      triggeredId: ctx.triggeredId,
      triggeredProp: ctx.triggeredProp,
      triggered: ctx.triggered,
      inputs: ctx.inputs,
      states: ctx.states,
    }),
);
app.callback(Output({ type: "out", index: MATCH }, "children"), Input({ type: "btn", index: MATCH }, "n_clicks"), (n, ctx: CallbackContext) =>
  `match ${String(n)} ${JSON.stringify(ctx.triggeredId)}`,
);
app.callback(Output("sum", "children"), Input({ type: "num", index: ALL }, "value"), (values) =>
  `sum ${(values as number[]).reduce((s, v) => s + v, 0)}`,
);
app.callback(Output({ type: "cell", index: ALL }, "children"), Input("fill", "n_clicks"), (n) => [`x${String(n)}`, noUpdate, "z"]);
app.callback(Output("tree", "children"), Input("tree-btn", "n_clicks"), () => html.Ul([html.Li("one", { id: "li-1" })]));
app.callback(Output("patched", "data"), Input("patch-btn", "n_clicks"), () => new Patch().append(1));
app.callback(Output("undef", "children"), Input("undef-btn", "n_clicks"), () => undefined);
app.callback(Output("boom", "children"), Input("boom-btn", "n_clicks"), (n) => {
  throw new Error(`boom ${String(n)}`);
});
app.callback(Output("wrong-count", "children"), Input("wrong-btn", "n_clicks"), State("w", "value"), () => "fine");
app.callback([Output("wc-a", "children"), Output("wc-b", "children")], Input("wc-btn", "n_clicks"), () => ["only one"]);
app.callback(
  Output("handled", "children"),
  Input("handled-btn", "n_clicks"),
  () => {
    throw new Error("fails");
  },
  {
    onError: (error) => {
      setProps("handled-msg", { children: `handled: ${(error as Error).message}` });
      return "fallback";
    },
  },
);
app.callback(
  Output("handled-none", "children"),
  Input("handled-none-btn", "n_clicks"),
  () => {
    throw new Error("fails");
  },
  { onError: () => undefined },
);

const started = await startApp(app);
t.teardown(started.close);
const post = (body: unknown) => postJson(started.url, UPDATE, body);

t.test("one output: the response is always {multi, response}", async (t) => {
  const answer = await post({
    ...updateRequest("out.children", [["go", "n_clicks", 1]]),
    outputs: { id: "out", property: "children" },
    changedPropIds: ["go.n_clicks"],
  });
  t.equal(answer.status, 200);
  t.match(answer.contentType, /^application\/json/);
  t.equal(answer.text, '{"multi":true,"response":{"out":{"children":"clicked 1"}}}');
});

t.test("an absent input value reaches the function as undefined", async (t) => {
  const answer = await post({ ...updateRequest("out.children", [["go", "n_clicks"]]), outputs: { id: "out", property: "children" } });
  t.same(answer.json, { multi: true, response: { out: { children: "clicked undefined" } } });
});

t.test("several outputs with State", async (t) => {
  const answer = await post({
    output: "..a.children...b.children..",
    outputs: [
      { id: "a", property: "children" },
      { id: "b", property: "children" },
    ],
    inputs: [{ id: "multi", property: "n_clicks", value: 2 }],
    state: [{ id: "name", property: "value", value: "Ann" }],
    changedPropIds: ["multi.n_clicks"],
  });
  t.same(answer.json, { multi: true, response: { a: { children: "a 2" }, b: { children: "b Ann" } } });
});

t.test("noUpdate: left out of response; all noUpdate is 200 with an empty response", async (t) => {
  const outputs = [
    { id: "p", property: "children" },
    { id: "q", property: "children" },
  ];
  const partial = await post({ ...updateRequest("..p.children...q.children..", [["partial", "n_clicks", 1]]), outputs });
  t.same(partial.json, { multi: true, response: { p: { children: "p only" } } });
  const all = await post({ ...updateRequest("..p.children...q.children..", [["partial", "n_clicks", 2]]), outputs });
  t.equal(all.status, 200);
  t.equal(all.text, '{"multi":true,"response":{}}');
  const single = await post({
    ...updateRequest("single-noup.children", [["single-noup-btn", "n_clicks", 1]]),
    outputs: { id: "single-noup", property: "children" },
  });
  t.equal(single.status, 200);
  t.same(single.json, { multi: true, response: {} });
});

t.test("PreventUpdate answers 204 with an empty body", async (t) => {
  const answer = await post({ ...updateRequest("prevent.children", [["prevent-btn", "n_clicks", 1]]), outputs: { id: "prevent", property: "children" } });
  t.equal(answer.status, 204);
  t.equal(answer.text, "");
});

t.test("setProps: sideUpdate comes first, merged per id, dict ids stringified", async (t) => {
  const answer = await post({ ...updateRequest("side-main.children", [["side-btn", "n_clicks", 3]]), outputs: { id: "side-main", property: "children" } });
  t.equal(
    answer.text,
    '{"multi":true,"sideUpdate":{"side-a":{"children":"a 3","style":{"color":"red"}},"{\\"name\\":\\"dict\\",\\"type\\":\\"side\\"}":{"children":"dict"}},"response":{"side-main":{"children":"main"}}}',
  );
});

t.test("no-output callbacks: sideUpdate with an empty response, or 204 when nothing was set", async (t) => {
  const noout = await post(updateRequest("a20fc0e1d3bb1dc4a8e3c8a5b2d4a1d0", [["noout-btn", "n_clicks", 1]]));
  t.equal(noout.status, 404, "the id of a no-output callback is the sha256 of its inputs, not anything else");
  const deps = (await (await fetch(`${started.url}/_dash-dependencies`)).json()) as Array<{ output: string; inputs: Array<{ id: string }> }>;
  const idOf = (input: string) => deps.find((d) => d.inputs[0].id === input)!.output;
  const set = await post({ ...updateRequest(idOf("noout-btn"), [["noout-btn", "n_clicks", 1]]), changedPropIds: ["noout-btn.n_clicks"] });
  t.equal(set.text, '{"multi":true,"sideUpdate":{"noout-target":{"children":"set 1"}},"response":{}}');
  const nothing = await post(updateRequest(idOf("noout-nothing"), [["noout-nothing", "n_clicks", 1]]));
  t.equal(nothing.status, 204);
});

t.test("async functions, with setProps after an await", async (t) => {
  const answers = await Promise.all(
    [1, 2, 3].map((n) => post({ ...updateRequest("async-out.children", [["async-btn", "n_clicks", n]]), outputs: { id: "async-out", property: "children" } })),
  );
  answers.forEach((answer, i) => {
    t.same(answer.json, { multi: true, sideUpdate: { "async-side": { children: "after await" } }, response: { "async-out": { children: `async ${i + 1}` } } });
  });
});

t.test("the context: triggered id and prop, inputs and states by id.prop", async (t) => {
  const answer = await post({
    output: "ctx-out.children",
    outputs: { id: "ctx-out", property: "children" },
    inputs: [
      { id: "ctx-a", property: "n_clicks", value: 1 },
      { id: "ctx-b", property: "n_clicks", value: 5 },
    ],
    state: [{ id: "ctx-s", property: "value", value: "s" }],
    changedPropIds: ["ctx-b.n_clicks"],
  });
  const body = answer.json as { response: { "ctx-out": { children: string } } };
  t.same(JSON.parse(body.response["ctx-out"].children), {
    triggeredId: "ctx-b",
    triggeredProp: "n_clicks",
    triggered: [{ prop_id: "ctx-b.n_clicks", value: 5 }],
    inputs: { "ctx-a.n_clicks": 1, "ctx-b.n_clicks": 5 },
    states: { "ctx-s.value": "s" },
  });
  const initial = await post({
    output: "ctx-out.children",
    outputs: { id: "ctx-out", property: "children" },
    inputs: [
      { id: "ctx-a", property: "n_clicks" },
      { id: "ctx-b", property: "n_clicks" },
    ],
    state: [{ id: "ctx-s", property: "value" }],
    changedPropIds: [],
  });
  const initialBody = initial.json as { response: { "ctx-out": { children: string } } };
  t.same(JSON.parse(initialBody.response["ctx-out"].children), { triggeredId: null, triggeredProp: null, triggered: [{ prop_id: ".", value: null }], inputs: {}, states: {} });
});

t.test("MATCH: the response is keyed by the concrete id the request names", async (t) => {
  const answer = await post({
    output: '{"index":["MATCH"],"type":"out"}.children',
    outputs: { id: { index: 2, type: "out" }, property: "children" },
    inputs: [{ id: { index: 2, type: "btn" }, property: "n_clicks", value: 1 }],
    changedPropIds: ['{"index":2,"type":"btn"}.n_clicks'],
  });
  t.equal(answer.text, '{"multi":true,"response":{"{\\"index\\":2,\\"type\\":\\"out\\"}":{"children":"match 1 {\\"index\\":2,\\"type\\":\\"btn\\"}"}}}');
});

t.test("ALL: an input list becomes an array of values; an ALL output takes one value per target", async (t) => {
  const sum = await post({
    output: "sum.children",
    outputs: { id: "sum", property: "children" },
    inputs: [[1, 2, 3].map((v, index) => ({ id: { index, type: "num" }, property: "value", value: v }))],
    changedPropIds: [],
  });
  t.same(sum.json, { multi: true, response: { sum: { children: "sum 6" } } });
  const cells = await post({
    output: '{"index":["ALL"],"type":"cell"}.children',
    outputs: [0, 1, 2].map((index) => ({ id: { index, type: "cell" }, property: "children" })),
    inputs: [{ id: "fill", property: "n_clicks", value: 7 }],
    changedPropIds: ["fill.n_clicks"],
  });
  t.same(cells.json, {
    multi: true,
    response: { '{"index":0,"type":"cell"}': { children: "x7" }, '{"index":2,"type":"cell"}': { children: "z" } },
  });
});

t.test("components and Patch values serialize in Dash's JSON", async (t) => {
  const tree = await post({ ...updateRequest("tree.children", [["tree-btn", "n_clicks", 1]]), outputs: { id: "tree", property: "children" } });
  t.same(tree.json, {
    multi: true,
    response: {
      tree: {
        children: {
          type: "Ul",
          namespace: "dash_html_components",
          props: { children: [{ type: "Li", namespace: "dash_html_components", props: { children: "one", id: "li-1" } }] },
        },
      },
    },
  });
  const patch = await post({ ...updateRequest("patched.data", [["patch-btn", "n_clicks", 1]]), outputs: { id: "patched", property: "data" } });
  t.same(patch.json, {
    multi: true,
    response: { patched: { data: { __dash_patch_update: "__dash_patch_update", operations: [{ operation: "Append", location: [], params: { value: 1 } }] } } },
  });
});

t.test("returning undefined sets the output to null, as Dash's None", async (t) => {
  const answer = await post({ ...updateRequest("undef.children", [["undef-btn", "n_clicks", 1]]), outputs: { id: "undef", property: "children" } });
  t.equal(answer.text, '{"multi":true,"response":{"undef":{"children":null}}}');
});

t.test("an exception is a 500 JSON error naming the callback and an error id, without its message outside debug mode", async (t) => {
  const answer = await post({ ...updateRequest("boom.children", [["boom-btn", "n_clicks", 4]]), outputs: { id: "boom", property: "children" } });
  t.equal(answer.status, 500);
  t.match(answer.contentType, /^application\/json/);
  const errorId = (answer.json as { errorId: string }).errorId;
  t.same(answer.json, { error: `Callback boom.children failed (error id ${errorId}; the server log has the details)`, statusCode: 500, errorId });
});

t.test("a wrong number of returned values is a 500 that says so (in debug mode)", async (t) => {
  const debugServer = await startApp(app, { debug: true });
  t.teardown(debugServer.close);
  const answer = await postJson(debugServer.url, UPDATE, {
    ...updateRequest("..wc-a.children...wc-b.children..", [["wc-btn", "n_clicks", 1]]),
    outputs: [
      { id: "wc-a", property: "children" },
      { id: "wc-b", property: "children" },
    ],
  });
  t.equal(answer.status, 500);
  t.match((answer.json as { error: string }).error, /wrong number of values.*list of 2 values/);
});

t.test("onError: its value replaces the output and its setProps travel in sideUpdate", async (t) => {
  const answer = await post({ ...updateRequest("handled.children", [["handled-btn", "n_clicks", 1]]), outputs: { id: "handled", property: "children" } });
  t.equal(answer.text, '{"multi":true,"sideUpdate":{"handled-msg":{"children":"handled: fails"}},"response":{"handled":{"children":"fallback"}}}');
  const none = await post({
    ...updateRequest("handled-none.children", [["handled-none-btn", "n_clicks", 1]]),
    outputs: { id: "handled-none", property: "children" },
  });
  t.same(none.json, { multi: true, response: {} }, "an onError that returns nothing leaves the output as it is");
});

t.test("debug mode adds the stack as detail", async (t) => {
  const debugApp = new App({ layout: html.Div(), debug: true });
  debugApp.callback(Output("x", "children"), Input("y", "n_clicks"), () => {
    throw new Error("deep");
  });
  const server = await startApp(debugApp);
  t.teardown(server.close);
  const answer = await postJson(server.url, UPDATE, { ...updateRequest("x.children", [["y", "n_clicks", 1]]), outputs: { id: "x", property: "children" } });
  const body = answer.json as { error: string; detail: string };
  t.equal(answer.status, 500);
  t.equal(body.error, "Callback x.children raised an error: deep");
  t.match(body.detail, /Caused by: Error: deep\n\s+at /);
});

t.test("setProps outside a running callback throws", async (t) => {
  t.throws(() => setProps("x", { a: 1 }), /only be called while a regular callback runs/);
});
