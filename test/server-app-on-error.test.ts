// new App({ onError }): the app-wide error handler of Dash's Dash(on_error=...), over a real port.
// It serves every regular callback without an onError of its own, gets the error and the context,
// may setProps, and its return value is the callback's output value(s).
import t from "tap";
import { App, html, Input, Output, PreventUpdate, setProps, type CallbackContext } from "../lib/index.js";
import { postJson, startApp, updateRequest } from "./helpers/server.js";

const UPDATE = "/_dash-update-component";
const seen: Array<{ message: string; triggered: string | null }> = [];

const app = new App({
  layout: html.Div({ id: "root" }),
  onError: (error, ctx: CallbackContext) => {
    const message = (error as Error).message;
    seen.push({ message, triggered: ctx.triggeredProp });
    if (message === "quiet") return undefined;
    if (message === "prevent") throw new PreventUpdate();
    if (message === "worse") throw new Error("the handler failed too");
    setProps("toast", { children: `app handled: ${message}` });
    if (ctx.outputsList.length === 0) return undefined;
    return ctx.outputsList.length > 1 ? ["fallback a", "fallback b"] : "fallback";
  },
});
const fail = (message: string) => () => {
  throw new Error(message);
};
app.callback(Output("one", "children"), Input("one-go", "n_clicks"), fail("one failed"));
app.callback([Output("two-a", "children"), Output("two-b", "children")], Input("two-go", "n_clicks"), fail("two failed"));
app.callback(Output("quiet", "children"), Input("quiet-go", "n_clicks"), fail("quiet"));
app.callback(Output("prevent", "children"), Input("prevent-go", "n_clicks"), fail("prevent"));
app.callback(Output("worse", "children"), Input("worse-go", "n_clicks"), fail("worse"));
app.callback(Output("own", "children"), Input("own-go", "n_clicks"), fail("own failed"), { onError: () => "own handler" });
app.callback([], Input("noout-go", "n_clicks"), fail("noout failed"));

// debug: the errors' messages are part of what these tests check (outside debug the client gets an error id)
const started = await startApp(app, { debug: true });
t.teardown(started.close);
const post = (output: string, input: string, outputs?: unknown) =>
  postJson(started.url, UPDATE, { ...updateRequest(output, [[input, "n_clicks", 1]]), changedPropIds: [`${input}.n_clicks`], outputs });

t.test("a callback without onError gets the app's: its return value is the output, setProps travels too", async (t) => {
  const answer = await post("one.children", "one-go", { id: "one", property: "children" });
  t.equal(answer.status, 200);
  t.equal(answer.text, '{"multi":true,"sideUpdate":{"toast":{"children":"app handled: one failed"}},"response":{"one":{"children":"fallback"}}}');
  t.same(seen.at(-1), { message: "one failed", triggered: "n_clicks" }, "the handler gets the error and the callback's context");
  const multi = await post("..two-a.children...two-b.children..", "two-go", [
    { id: "two-a", property: "children" },
    { id: "two-b", property: "children" },
  ]);
  t.same(multi.json, {
    multi: true,
    sideUpdate: { toast: { children: "app handled: two failed" } },
    response: { "two-a": { children: "fallback a" }, "two-b": { children: "fallback b" } },
  });
});

t.test("returning nothing leaves the outputs as they are; PreventUpdate is a 204; a failing handler a 500", async (t) => {
  const quiet = await post("quiet.children", "quiet-go", { id: "quiet", property: "children" });
  t.equal(quiet.text, '{"multi":true,"response":{}}');
  const prevent = await post("prevent.children", "prevent-go", { id: "prevent", property: "children" });
  t.equal(prevent.status, 204);
  const worse = await post("worse.children", "worse-go", { id: "worse", property: "children" });
  t.equal(worse.status, 500);
  t.match(worse.json, { error: "Callback worse.children onError handler raised an error: the handler failed too", statusCode: 500 });
});

t.test("a callback's own onError wins over the app's", async (t) => {
  const before = seen.length;
  const answer = await post("own.children", "own-go", { id: "own", property: "children" });
  t.equal(answer.text, '{"multi":true,"response":{"own":{"children":"own handler"}}}');
  t.equal(seen.length, before, "the app's handler was not called");
});

t.test("a no-output callback's error goes to the app's handler, whose setProps are sent", async (t) => {
  const answer = await post("noout", "noout-go");
  // the id of a no-output callback is the hash of its inputs
  t.equal(answer.status, 404, "posting the wrong id is still a 404");
  const specs = (await (await fetch(`${started.url}/_dash-dependencies`)).json()) as Array<{ output: string; inputs: Array<{ id: string }> }>;
  const id = specs.find((s) => s.inputs[0]?.id === "noout-go")!.output;
  const handled = await post(id, "noout-go");
  t.equal(handled.status, 200);
  t.same(handled.json, { multi: true, sideUpdate: { toast: { children: "app handled: noout failed" } }, response: {} });
});

t.test("onError must be a function", async (t) => {
  t.throws(() => new App({ layout: html.Div(), onError: "log" as never }), /onError must be a function/);
});
