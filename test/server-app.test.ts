// The App and its pages: index page, layout (static, function, async, list), dependencies of
// event callbacks, assets, renderer bundle files, registration errors at start-up, module-level
// registration and two apps in one process.
import t from "tap";
import { createHash } from "node:crypto";
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, callback, eventCallback, html, Input, Output, State, streamProps, type CallbackSpec } from "../lib/index.js";
import { getPath, startApp } from "./helpers/server.js";

const noop = function* () {};

t.test("index page: _dash-config, title, renderer bundle, suites, assets", async (t) => {
  const assets = mkdtempSync(join(tmpdir(), "dash-events-assets-"));
  t.teardown(() => rmSync(assets, { recursive: true, force: true }));
  writeFileSync(join(assets, "b-style.css"), "body { color: red; }");
  mkdirSync(join(assets, "sub"));
  writeFileSync(join(assets, "sub", "a-script.js"), "window.assetRan = true;");
  writeFileSync(join(assets, ".hidden.css"), "");
  const app = new App({ title: "Demo <&>", layout: html.Div(), assetsFolder: assets, suites: ["/suite/one.js"] });
  const started = await startApp(app, { debug: true });
  t.teardown(started.close);
  const page = await getPath(started.url, "/");
  t.equal(page.status, 200);
  t.match(page.contentType, /^text\/html/);
  t.match(page.text, "<title>Demo &lt;&amp;&gt;</title>");
  t.match(page.text, '<div id="react-entry-point">');
  const config = JSON.parse(/<script id="_dash-config" type="application\/json">(.*?)<\/script>/.exec(page.text)![1]) as Record<string, unknown>;
  t.equal(config.debug, true);
  t.equal(config.stream_path, "/dash_update_component_sse");
  t.equal(config.requests_pathname_prefix, "/");
  const order = ["/_dash-events/dash-events-renderer.js", "/suite/one.js", "/assets/sub/a-script.js"].map((src) => page.text.indexOf(`<script src="${src}">`));
  t.ok(order.every((i) => i > 0), "renderer, suite and asset scripts included");
  t.same([...order].sort((a, b) => a - b), order, "in that order");
  t.match(page.text, '<link rel="stylesheet" href="/assets/b-style.css">');
  t.notMatch(page.text, ".hidden.css");
  const css = await fetch(`${started.url}/assets/b-style.css`);
  t.equal(css.status, 200);
  t.match(css.headers.get("content-type"), /^text\/css/);
  t.equal(await css.text(), "body { color: red; }");
  const missing = await getPath(started.url, "/assets/nope.css");
  t.equal(missing.status, 404);
});

t.test("layout: a function is called per request, may be async, may return a list", async (t) => {
  let calls = 0;
  const app = new App({ layout: () => html.Div(`call ${++calls}`, { id: "root" }) });
  const started = await startApp(app);
  t.teardown(started.close);
  t.same((await getPath(started.url, "/_dash-layout")).json, { type: "Div", namespace: "dash_html_components", props: { children: "call 1", id: "root" } });
  t.same(((await getPath(started.url, "/_dash-layout")).json as { props: { children: string } }).props.children, "call 2");

  const list = new App({ layout: async () => [html.Div("a"), { type: "P", namespace: "dash_html_components", props: { children: "raw json" } }] });
  const listServer = await startApp(list);
  t.teardown(listServer.close);
  t.same((await getPath(listServer.url, "/_dash-layout")).json, [
    { type: "Div", namespace: "dash_html_components", props: { children: "a" } },
    { type: "P", namespace: "dash_html_components", props: { children: "raw json" } },
  ]);

  const failing = new App({
    layout: () => {
      throw new Error("db down");
    },
  });
  const failingServer = await startApp(failing);
  t.teardown(failingServer.close);
  const answer = await getPath(failingServer.url, "/_dash-layout");
  t.equal(answer.status, 500);
  const errorId = (answer.json as { errorId: string }).errorId;
  t.same(answer.json, { error: `Internal Server Error (error id ${errorId}; the server log has the details)`, statusCode: 500, errorId }, "no details outside debug mode");
  t.equal((await getPath(failingServer.url, "/_dash-dependencies")).status, 200, "still serving");
});

t.test("dependencies of event callbacks: stream, cancel, reset_props, prevent_initial_call", async (t) => {
  const app = new App({ layout: html.Div() });
  app.eventCallback(Input("go", "n_clicks"), State("s", "value"), noop, {
    cancel: [Input("stop", "n_clicks"), [Input("tabs", "value"), "tab-1"]],
    resetProps: { go: { disabled: false }, out: { children: html.B("reset") } },
  });
  app.eventCallback(Input("again", "n_clicks"), noop, { cancel: Input("stop2", "n_clicks"), preventInitialCall: false });
  app.eventCallback(Input("pair", "n_clicks"), noop, { cancel: [Input("tabs", "value"), "x"] });
  app.eventCallback(Input("busy", "n_clicks"), noop, { running: [[Output("busy", "disabled"), true, false], [Output({ type: "s", i: 1 }, "title"), "on", null]] });
  app.eventCallback(Input("while", "n_clicks"), noop, { cancel: [{ input: Input("live", "checked"), whileEquals: true }, Input("stop", "n_clicks")] });
  const started = await startApp(app);
  t.teardown(started.close);
  const specs = (await getPath(started.url, "/_dash-dependencies")).json as CallbackSpec[];
  t.strictSame(specs[0], {
    output: specs[0].output,
    inputs: [{ id: "go", property: "n_clicks" }],
    state: [{ id: "s", property: "value" }],
    clientside_function: null,
    prevent_initial_call: true,
    background: null,
    dynamic_creator: null,
    no_output: true,
    optional: false,
    hidden: false,
    websocket: false,
    persistent: false,
    stream: true,
    cancel: [
      { id: "stop", property: "n_clicks" },
      { id: "tabs", property: "value" },
    ],
    reset_props: [
      ["go", { disabled: false }],
      ["out", { children: { type: "B", namespace: "dash_html_components", props: { children: "reset" } } }],
    ],
  });
  t.equal(specs[0].output, createHash("sha256").update("go.n_clicks").digest("hex"), "output: sha256 hex of the inputs' id.prop, as Dash's no-output id");
  t.equal(specs[1].prevent_initial_call, false);
  t.strictSame(specs[1].cancel, [{ id: "stop2", property: "n_clicks" }]);
  t.strictSame(specs[1].reset_props, []);
  t.strictSame(specs[2].cancel, [{ id: "tabs", property: "value" }], "[Input, value] alone is one cancel entry; as in the seed, any change cancels");
  t.strictSame(specs[4].cancel, [{ id: "live", property: "checked", value: true }, { id: "stop", property: "n_clicks" }], "{ input, whileEquals }: the conditional cancel");
  t.notOk("running" in specs[0], "no running option, no running key");
  t.strictSame(
    specs[3].running,
    { running: { "busy.disabled": true, '{"i":1,"type":"s"}.title': "on" }, runningOff: { "busy.disabled": false, '{"i":1,"type":"s"}.title': null } },
    "running: Dash's form, keyed by id.prop",
  );
});

t.test("renderer bundle files: a missing file says how to build, paths outside are refused", async (t) => {
  const started = await startApp(new App({ layout: html.Div() }));
  t.teardown(started.close);
  const missing = await getPath(started.url, "/_dash-events/not-built.js");
  t.equal(missing.status, 404);
  t.match((missing.json as { error: string }).error, /scripts\/build\.js/);
  for (const path of ["/_dash-events/..%2Fpackage.json", "/_dash-events/.secret.js", "/_dash-events/x.json"]) {
    const answer = await getPath(started.url, path);
    t.equal(answer.status, 404, path);
    t.notMatch(answer.text, /dash-events.*version/, "no package.json content");
  }
});

t.test("the renderer bundle is revalidated, not downloaded again: ETag, Last-Modified, 304", async (t) => {
  const started = await startApp(new App({ layout: html.Div() }));
  t.teardown(started.close);
  const url = `${started.url}/_dash-events/dash-events-renderer.js`;
  const first = await fetch(url);
  const body = await first.text();
  t.equal(first.status, 200);
  t.match(first.headers.get("content-type"), /^application\/javascript/);
  t.equal(first.headers.get("cache-control"), "no-cache", "checked with the server at each load");
  t.ok(body.includes("DashRenderer"), "the bundle itself");
  const etag = first.headers.get("etag");
  t.ok(etag, "an ETag");
  const again = await fetch(url, { headers: { "if-none-match": etag! } });
  t.equal(again.status, 304, "unchanged: 304");
  t.equal(await again.text(), "", "with no body");
  const since = await fetch(url, { headers: { "if-modified-since": first.headers.get("last-modified")! } });
  t.equal(since.status, 304, "by date too");
  const other = await fetch(url, { headers: { "if-none-match": '"something-else"' } });
  t.equal(other.status, 200, "another ETag: the bundle");
  t.equal((await other.text()).length, body.length);
});

t.test("registration errors are thrown at start-up, with clear messages", async (t) => {
  const app = new App({ layout: html.Div() });
  const fn = (n: unknown) => String(n);
  app.callback(Output("out", "children"), Input("go", "n_clicks"), fn);
  t.throws(() => app.callback(Output("out", "children"), Input("other", "n_clicks"), () => 1), /Duplicate callback: a regular callback with the same output\(s\) out\.children/);
  t.throws(() => app.callback([Output("x", "children"), Output("out", "children")], Input("z", "n_clicks"), () => [1, 2]), /out\.children is already an output of callback out\.children/);
  t.throws(() => app.callback(Output("elsewhere", "children"), Input("go", "n_clicks"), fn), /function fn is already registered on inputs go\.n_clicks/);
  t.throws(() => app.eventCallback(State("s", "value"), noop), /eventCallback: needs at least one Input/);
  t.throws(() => app.eventCallback(noop), /needs at least one Input/);
  t.throws(() => app.eventCallback(Output("o", "children") as never, noop), /event callbacks have no Outputs/);
  app.eventCallback(Input("stream", "n_clicks"), noop);
  t.throws(() => app.eventCallback(Input("stream", "n_clicks"), function* () {}), /Duplicate callback: a event callback with the same inputs stream\.n_clicks/);
  t.throws(() => app.callback(Output("a", "b"), Output("s", "value"), fn), /output s\.value given where input or state is expected/);
  t.throws(() => app.eventCallback(Input("t", "n_clicks"), noop, { timeout: -5 }), /timeout must be a positive number/);
  t.throws(() => app.eventCallback(Input("u", "n_clicks"), noop, { running: [[Input("u", "disabled"), true, false]] }), /eventCallback running: each entry must be \[Output, valueWhileRunning, valueAfterwards\]/);
  t.throws(() => app.eventCallback(Input("r", "n_clicks"), noop, { resetProps: [["x"]] as never }), /resetProps: each entry must be \[id, props\]/);
  t.throws(() => new App({} as never), /layout .* is required/);

  // module-level registrations are checked when the App adopts them
  callback(Output("dup", "children"), Input("a", "n_clicks"), () => 1);
  callback(Output("dup", "children"), Input("b", "n_clicks"), () => 2);
  await t.rejects(new App({ layout: html.Div() }).createServer({ logger: false }), /Duplicate callback/);
});

t.test("module-level callbacks land in the App that builds its server next; apps stay apart", async (t) => {
  callback(Output("m-out", "children"), Input("m-in", "value"), (v) => `module ${String(v)}`);
  eventCallback(Input("m-go", "n_clicks"), function* () {
    yield streamProps("m-out", { children: "streamed" });
  });
  const first = new App({ layout: html.Div("first") });
  const second = new App({ layout: html.Div("second") });
  second.callback(Output("s-out", "children"), Input("s-in", "value"), () => "second");
  const a = await startApp(first);
  const b = await startApp(second);
  t.teardown(a.close);
  t.teardown(b.close);
  const depsA = (await getPath(a.url, "/_dash-dependencies")).json as CallbackSpec[];
  const depsB = (await getPath(b.url, "/_dash-dependencies")).json as CallbackSpec[];
  t.same(
    depsA.map((d) => d.inputs[0].id),
    ["m-in", "m-go"],
  );
  t.same(
    depsB.map((d) => d.inputs[0].id),
    ["s-in"],
  );
  t.same(((await getPath(b.url, "/_dash-layout")).json as { props: { children: string } }).props.children, "second");
});

t.test("listen() answers on the port it reports, and close() stops it", async (t) => {
  const app = new App({ layout: html.Div("listening") });
  const server = await app.listen({ port: 0, logger: false });
  t.match(server.url, /^http:\/\/127\.0\.0\.1:\d+$/);
  t.equal((await getPath(server.url, "/_dash-layout")).status, 200);
  await server.close();
  await t.rejects(fetch(`${server.url}/_dash-layout`));
});
