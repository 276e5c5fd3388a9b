// Bad input at the edge: each kind gets a 4xx with a JSON body naming the problem, none reaches
// user code, and the server goes on answering.
import t, { type Test } from "tap";
import { App, html, Input, Output, State, ALL, streamProps } from "../lib/index.js";
import { getPath, postJson, startApp, updateRequest } from "./helpers/server.js";

let calls = 0;
const app = new App({ layout: html.Div() });
app.callback(Output("out", "children"), Input("go", "n_clicks"), State("name", "value"), (n, name) => {
  calls++;
  return `${String(n)} ${String(name)}`;
});
app.callback(Output("sum", "children"), Input({ type: "num", index: ALL }, "value"), () => {
  calls++;
  return "sum";
});
app.eventCallback(Input("stream", "n_clicks"), function* () {
  calls++;
  yield streamProps("out", { children: "streamed" });
});

const started = await startApp(app);
t.teardown(started.close);
const deps = (await (await fetch(`${started.url}/_dash-dependencies`)).json()) as Array<{ output: string; inputs: Array<{ id: string }> }>;
const streamId = deps.find((d) => d.inputs[0].id === "stream")!.output;

const UPDATE = "/_dash-update-component";
const STREAM = "/dash_update_component_sse";
const good = {
  ...updateRequest("out.children", [["go", "n_clicks", 1]]),
  outputs: { id: "out", property: "children" },
  state: [{ id: "name", property: "value", value: "x" }],
};

async function expectError(t: Test, path: string, body: unknown, status: number, message: RegExp, headers?: Record<string, string>): Promise<void> {
  const answer = await postJson(started.url, path, body, headers);
  t.equal(answer.status, status, `status ${status}`);
  t.match(answer.contentType, /^application\/json/, "JSON error body");
  const json = answer.json as { error: string; statusCode: number; detail?: string };
  t.match(json.error, message);
  t.equal(json.statusCode, status);
  t.notOk("detail" in json, "no detail outside debug mode");
}

t.test("malformed JSON and empty bodies", async (t) => {
  await expectError(t, UPDATE, '{"output": "out.children", ', 400, /^Malformed JSON in request body/);
  await expectError(t, UPDATE, "", 400, /empty/);
  await expectError(t, STREAM, "[1, 2", 400, /^Malformed JSON/);
});

t.test("unknown callbacks are named; each kind only on its own endpoint", async (t) => {
  await expectError(t, UPDATE, { ...good, output: "nope.children" }, 404, /Unknown callback "nope\.children"/);
  await expectError(t, STREAM, { ...good, output: "f".repeat(64) }, 404, /Unknown callback "f{64}"/);
  await expectError(t, STREAM, good, 400, /out\.children is not an event callback/);
  await expectError(t, UPDATE, { output: streamId, inputs: [{ id: "stream", property: "n_clicks", value: 1 }], changedPropIds: [] }, 400, /is an event callback/);
});

t.test("inputs, state and outputs that do not match the callback's dependencies", async (t) => {
  const mismatch = /^Request does not match callback out\.children: /;
  await expectError(t, UPDATE, { ...good, inputs: [] }, 400, mismatch);
  await expectError(t, UPDATE, { ...good, inputs: [{ id: "other", property: "n_clicks", value: 1 }] }, 400, /inputs\[0\] is other\.n_clicks, expected go\.n_clicks/);
  await expectError(t, UPDATE, { ...good, inputs: [{ id: "go", property: "value", value: 1 }] }, 400, /expected go\.n_clicks/);
  await expectError(t, UPDATE, { ...good, inputs: [[{ id: "go", property: "n_clicks", value: 1 }]] }, 400, /must be one/);
  await expectError(t, UPDATE, { ...good, state: undefined }, 400, /expected 1 state entry, got 0/);
  await expectError(t, UPDATE, { ...good, state: [{ id: "name", property: "value" }, { id: "extra", property: "value" }] }, 400, /expected 1 state entry, got 2/);
  await expectError(t, UPDATE, { ...good, outputs: { id: "elsewhere", property: "children" } }, 400, /outputs\[0\] is elsewhere\.children/);
  await expectError(t, UPDATE, { ...good, outputs: undefined }, 400, /outputs are missing/);
  await expectError(
    t,
    UPDATE,
    { output: "sum.children", outputs: { id: "sum", property: "children" }, inputs: [{ id: { type: "num", index: 0 }, property: "value", value: 1 }], changedPropIds: [] },
    400,
    /must be a list/,
  );
  await expectError(
    t,
    UPDATE,
    {
      output: "sum.children",
      outputs: { id: "sum", property: "children" },
      inputs: [[{ id: { type: "other", index: 0 }, property: "value", value: 1 }]],
      changedPropIds: [],
    },
    400,
    /inputs\[0\]\[0\] is \{"index":0,"type":"other"\}\.value/,
  );
  await expectError(t, STREAM, { output: streamId, inputs: [{ id: "go", property: "n_clicks", value: 1 }], changedPropIds: [] }, 400, /expected stream\.n_clicks/);
  await expectError(
    t,
    STREAM,
    { output: streamId, outputs: { id: "x", property: "y" }, inputs: [{ id: "stream", property: "n_clicks", value: 1 }], changedPropIds: [] },
    400,
    /has no outputs/,
  );
});

t.test("wrong types are refused by the schema", async (t) => {
  await expectError(t, UPDATE, { ...good, inputs: "go" }, 400, /^Invalid request body: body\/inputs must be array/);
  await expectError(t, UPDATE, { ...good, output: 42 }, 400, /^Invalid request body: body\/output must be string/);
  await expectError(t, UPDATE, { output: "out.children", inputs: [] }, 400, /must have required property 'changedPropIds'/);
  await expectError(t, UPDATE, { ...good, changedPropIds: [1] }, 400, /changedPropIds\/0 must be string/);
  await expectError(t, UPDATE, { ...good, inputs: [{ id: ["go"], property: "n_clicks" }] }, 400, /^Invalid request body/);
  await expectError(t, UPDATE, { ...good, inputs: [{ id: "go", property: "n_clicks", value: 1, extra: true }] }, 400, /^Invalid request body/);
  await expectError(t, UPDATE, [good], 400, /body must be object/);
  await expectError(t, STREAM, { output: streamId, inputs: {}, changedPropIds: [] }, 400, /^Invalid request body/);
});

t.test("keys that could reach a prototype are refused anywhere in the body", async (t) => {
  const withValue = (value: string) =>
    `{"output":"out.children","outputs":{"id":"out","property":"children"},"inputs":[{"id":"go","property":"n_clicks","value":${value}}],"state":[{"id":"name","property":"value"}],"changedPropIds":[]}`;
  await expectError(t, UPDATE, withValue('{"__proto__":{"polluted":true}}'), 400, /forbidden key "__proto__"/);
  await expectError(t, UPDATE, withValue('{"constructor":{"prototype":{"polluted":true}}}'), 400, /forbidden key "(constructor|prototype)"/);
  await expectError(t, UPDATE, withValue('[{"a":{"prototype":1}}]'), 400, /forbidden key "prototype"/);
  await expectError(t, STREAM, `{"__proto__":{},"output":"${streamId}","inputs":[],"changedPropIds":[]}`, 400, /forbidden key "__proto__"/);
  t.equal(({} as { polluted?: boolean }).polluted, undefined, "Object.prototype untouched");
});

t.test("bodies over the limit (default 1 MiB) are a 413", async (t) => {
  const big = JSON.stringify({ ...good, state: [{ id: "name", property: "value", value: "x".repeat(1024 * 1024) }] });
  await expectError(t, UPDATE, big, 413, /larger than the limit of 1048576 bytes/);
  const small = new App({ layout: html.Div(), bodyLimit: 200 });
  small.callback(Output("out", "children"), Input("go", "n_clicks"), () => "x");
  const server = await startApp(small);
  t.teardown(server.close);
  const answer = await postJson(server.url, UPDATE, { ...good, state: undefined, changedPropIds: ["x".repeat(300)] });
  t.equal(answer.status, 413);
  t.match((answer.json as { error: string }).error, /limit of 200 bytes/);
});

t.test("other content types are a 415", async (t) => {
  await expectError(t, UPDATE, JSON.stringify(good), 415, /Unsupported content type "text\/plain"; send application\/json/, { "content-type": "text/plain" });
});

t.test("unknown paths are a JSON 404", async (t) => {
  const answer = await getPath(started.url, "/nothing/here");
  t.equal(answer.status, 404);
  t.same(answer.json, { error: "Not found: GET /nothing/here", statusCode: 404 });
});

t.test("none of it reached user code, and the server still answers", async (t) => {
  t.equal(calls, 0, "no callback ran for a bad request");
  const answer = await postJson(started.url, UPDATE, good);
  t.same(answer.json, { multi: true, response: { out: { children: "1 x" } } });
  t.equal(calls, 1);
  const layout = await getPath(started.url, "/_dash-layout");
  t.equal(layout.status, 200);
});
