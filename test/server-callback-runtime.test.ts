// Callbacks registered while the app runs (inside another callback, as Dash apps do) take effect
// for what comes after: /_dash-dependencies and the index page list them, update requests reach
// them. Over a real port.
import t from "tap";
import { App, html, Input, Output, callback, eventCallback, streamProps } from "../lib/index.js";
import { getPath, postJson, readStream, startApp } from "./helpers/server.js";
import type { CallbackSpec } from "../lib/protocol/types.js";

const UPDATE = "/_dash-update-component";
const app = new App({ layout: html.Div({ id: "root" }) });
app.callback(Output("install-out", "children"), Input("install", "n_clicks"), () => {
  // module-level registration inside a running callback: lands in this app, now
  callback(Output("dyn-out", "children"), Input("dyn-go", "n_clicks"), (n) => `dynamic ${String(n)}`);
  // and on the app itself
  app.callback(Output("dyn-app-out", "children"), Input("dyn-app-go", "n_clicks"), (n) => `app ${String(n)}`);
  return "installed";
});
app.eventCallback(Input("stream-install", "n_clicks"), function* () {
  eventCallback(Input("dyn-stream-go", "n_clicks"), function* () {
    yield streamProps("dyn-stream-out", { children: "from a stream registered by a stream" });
  });
  callback(Output("from-stream-out", "children"), Input("from-stream-go", "n_clicks"), () => "registered while streaming");
  yield streamProps("stream-install-out", { children: "installed" });
});

const started = await startApp(app);
t.teardown(started.close);
const specIds = async () => ((await getPath(started.url, "/_dash-dependencies")).json as CallbackSpec[]).map((s) => s.output);
const update = (output: string, input: string) =>
  postJson(started.url, UPDATE, { output, outputs: { id: output.split(".")[0], property: "children" }, inputs: [{ id: input, property: "n_clicks", value: 1 }], changedPropIds: [`${input}.n_clicks`] });

t.test("a callback registered inside a regular callback is listed and answers afterwards", async (t) => {
  t.notOk((await specIds()).includes("dyn-out.children"));
  t.equal((await update("dyn-out.children", "dyn-go")).status, 404, "not there before");
  t.same((await update("install-out.children", "install")).json, { multi: true, response: { "install-out": { children: "installed" } } });
  const ids = await specIds();
  t.ok(ids.includes("dyn-out.children") && ids.includes("dyn-app-out.children"), "listed in /_dash-dependencies");
  const page = await getPath(started.url, "/");
  t.match(page.text, /"output":"dyn-out\.children"/, "and in the index page");
  t.same((await update("dyn-out.children", "dyn-go")).json, { multi: true, response: { "dyn-out": { children: "dynamic 1" } } });
  t.same((await update("dyn-app-out.children", "dyn-app-go")).json, { multi: true, response: { "dyn-app-out": { children: "app 1" } } });
  const again = await update("install-out.children", "install");
  t.equal(again.status, 500, "registering the same outputs twice is refused, as at start-up");
  t.match((again.json as { error: string }).error, /Duplicate callback/);
});

t.test("a callback registered inside an event callback lands in the same app", async (t) => {
  const specs = (await getPath(started.url, "/_dash-dependencies")).json as CallbackSpec[];
  const installer = specs.find((s) => s.stream && s.inputs[0].id === "stream-install")!;
  const read = await readStream(started.url, { output: installer.output, inputs: [{ id: "stream-install", property: "n_clicks", value: 1 }], changedPropIds: [] });
  t.same(read.data, ['["[SINGLE]","stream-install-out",{"children":"installed"}]', "[DONE]"]);
  t.same((await update("from-stream-out.children", "from-stream-go")).json, { multi: true, response: { "from-stream-out": { children: "registered while streaming" } } });
  const after = (await getPath(started.url, "/_dash-dependencies")).json as CallbackSpec[];
  const dynStream = after.find((s) => s.stream && s.inputs[0].id === "dyn-stream-go");
  t.ok(dynStream, "the event callback is listed");
  const streamed = await readStream(started.url, { output: dynStream!.output, inputs: [{ id: "dyn-stream-go", property: "n_clicks", value: 1 }], changedPropIds: [] });
  t.same(streamed.data, ['["[SINGLE]","dyn-stream-out",{"children":"from a stream registered by a stream"}]', "[DONE]"]);
});

t.test("nothing registered at run time is left queued for another app", async (t) => {
  const other = new App({ layout: html.Div() });
  await (await other.createServer({ logger: false })).close();
  t.equal(other.registry.size, 0);
});
