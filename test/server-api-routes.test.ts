// Callbacks as HTTP API endpoints (Dash's api_endpoint) and startup routes (Dash's
// add_startup_route, served under /_dash_startup_route/<name>), over a real port.
import t from "tap";
import { App, html, Input, Output, State, PreventUpdate, setProps } from "../lib/index.js";
import { getPath, postJson, startApp } from "./helpers/server.js";

const app = new App({ layout: html.Div({ id: "root" }) });
app.callback(
  Output("sum", "children"),
  { a: Input("a", "value"), b: Input("b", "value"), note: State("note", "value", { allowOptional: true }) },
  ({ a, b, note }: { a: number; b: number; note: string | null }, ctx) => {
    ctx.response.setHeader("X-Computed-By", "add");
    return { total: a + b, note };
  },
  { apiEndpoint: "/api/add" },
);
app.callback([Output("x", "children"), Output("y", "children")], [Input("p", "value"), State("q", "value")], (p, q) => [p, q], { apiEndpoint: "api/pair" });
app.callback(Output("never", "children"), Input("never-go", "n_clicks"), () => {
  throw new PreventUpdate();
}, { apiEndpoint: "/api/prevent" });
app.callback(Output("side", "children"), Input("side-go", "n_clicks"), () => {
  setProps("elsewhere", { children: "no page here" });
  return 1;
}, { apiEndpoint: "/api/side" });
app.callback(Output("set", "children"), Input("set-go", "n_clicks"), () => new Set([1]), { apiEndpoint: "/api/set" });
app.addStartupRoute("health", () => ({ ok: true }));
app.addStartupRoute("plugin/echo", async (request) => ({ method: request.method, query: request.query, body: request.body ?? null }), ["GET", "POST"]);
app.addStartupRoute("quiet", () => undefined, ["POST"]);
app.addStartupRoute("bad", () => new Map());

// debug: the errors' messages are part of what these tests check (outside debug the client gets an error id)
const started = await startApp(app, { debug: true });
t.teardown(started.close);

t.test("an apiEndpoint runs the function with the JSON body and answers its return value", async (t) => {
  const answer = await postJson(started.url, "/api/add", { a: 2, b: 3, note: "hi" });
  t.equal(answer.status, 200);
  t.match(answer.contentType, /^application\/json/);
  t.same(answer.json, { total: 5, note: "hi" });
  const res = await fetch(`${started.url}/api/add`, { method: "POST", headers: { "content-type": "application/json" }, body: '{"a":1,"b":1}' });
  t.equal(res.headers.get("x-computed-by"), "add", "ctx.response works here too");
  t.same(await res.json(), { total: 2, note: null }, "an optional input left out is null");
  const positional = await postJson(started.url, "/api/pair", ["P", "Q"]);
  t.same(positional.json, ["P", "Q"], "positional arguments as a JSON array; \"api/pair\" is served at /api/pair");
});

t.test("a body that does not fit the signature is a 400; JSON only; POST only", async (t) => {
  const missing = await postJson(started.url, "/api/add", { a: 1 });
  t.equal(missing.status, 400);
  t.match((missing.json as { error: string }).error, /the body must be an object with keys a, b, note, got one with missing b/);
  const extra = await postJson(started.url, "/api/add", { a: 1, b: 2, c: 3 });
  t.match((extra.json as { error: string }).error, /unexpected c/);
  const wrong = await postJson(started.url, "/api/pair", { p: 1 });
  t.match((wrong.json as { error: string }).error, /expected a JSON array of 2 arguments, got an object/);
  const text = await fetch(`${started.url}/api/add`, { method: "POST", headers: { "content-type": "text/plain" }, body: "a=1" });
  t.equal(text.status, 415);
  t.equal((await getPath(started.url, "/api/add")).status, 404);
});

t.test("PreventUpdate is a 204; setProps and values JSON cannot carry are errors", async (t) => {
  t.equal((await postJson(started.url, "/api/prevent", [1])).status, 204);
  const side = await postJson(started.url, "/api/side", [1]);
  t.equal(side.status, 500);
  t.match((side.json as { error: string }).error, /setProps\(\) can only be called while a regular callback runs/);
  const set = await postJson(started.url, "/api/set", [1]);
  t.equal(set.status, 500);
  t.match((set.json as { error: string }).error, /The callback for `\/api\/set` returned a value having type `Set`/);
});

t.test("the callback still serves the page as usual", async (t) => {
  const answer = await postJson(started.url, "/_dash-update-component", {
    output: "sum.children",
    outputs: { id: "sum", property: "children" },
    inputs: [
      { id: "a", property: "value", value: 1 },
      { id: "b", property: "value", value: 2 },
    ],
    state: [],
    changedPropIds: ["a.value"],
  });
  t.same(answer.json, { multi: true, response: { sum: { children: { total: 3, note: null } } } });
});

t.test("startup routes are served under /_dash_startup_route/<name> with their methods", async (t) => {
  const health = await getPath(started.url, "/_dash_startup_route/health");
  t.equal(health.status, 200);
  t.same(health.json, { ok: true });
  t.equal((await postJson(started.url, "/_dash_startup_route/health", {})).status, 404, "GET only by default");
  t.same((await getPath(started.url, "/_dash_startup_route/plugin/echo?x=1&x=2&y=3")).json, { method: "GET", query: { x: ["1", "2"], y: "3" }, body: null });
  t.same((await postJson(started.url, "/_dash_startup_route/plugin/echo", { z: 1 })).json, { method: "POST", query: {}, body: { z: 1 } });
  t.equal((await postJson(started.url, "/_dash_startup_route/quiet", {})).status, 204);
  const bad = await getPath(started.url, "/_dash_startup_route/bad");
  t.equal(bad.status, 500, "a value JSON cannot carry is a 500, never a silent {}");
});

t.test("registration refuses what Dash refuses", async (t) => {
  const other = new App({ layout: html.Div() });
  t.throws(() => other.addStartupRoute("/health", () => 1), /must be a relative path/);
  t.throws(() => other.addStartupRoute("x", () => 1, ["PUT" as never]), /methods must be a non-empty list of "GET" and "POST"/);
  t.throws(() => other.addStartupRoute("x", "nope" as never), /handler must be a function/);
  other.addStartupRoute("x", () => 1);
  t.throws(() => other.addStartupRoute("x", () => 2), /already in use/);
  t.throws(() => other.callback(Output("o", "c"), Input("i", "v"), () => 1, { apiEndpoint: "/_dash-layout" }), /not a plain path of its own/);
  t.throws(() => other.callback(Output("o", "c"), Input("i", "v"), () => 1, { apiEndpoint: "/api/../x" }), /not a plain path/);
  other.callback(Output("o", "c"), Input("i", "v"), () => 1, { apiEndpoint: "/api/one" });
  t.throws(() => other.callback(Output("o2", "c"), Input("i2", "v"), () => 1, { apiEndpoint: "api/one" }), /Duplicate apiEndpoint: \/api\/one/);
});
