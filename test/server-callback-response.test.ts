// ctx.response (Dash's callback_context.response), over a real port: a regular callback sets
// cookies and headers on its own HTTP answer; the JSON body stays Dash's.
import t from "tap";
import { App, html, Input, Output, PreventUpdate } from "../lib/index.js";
import { startApp } from "./helpers/server.js";

const app = new App({ layout: html.Div({ id: "root" }) });
app.callback(Output("login-out", "children"), Input("login", "n_clicks"), (_n, ctx) => {
  ctx.response.setCookie("session", "a b;c", { httpOnly: true, sameSite: "Lax", maxAge: 3600.7, secure: true });
  ctx.response.setCookie("theme", "dark", { path: "/app", domain: "example.com", expires: new Date(Date.UTC(2030, 0, 1)) });
  ctx.response.deleteCookie("old");
  ctx.response.setHeader("Cache-Control", "no-cache");
  ctx.response.setHeader("cache-control", "no-store"); // replaces the earlier value
  ctx.response.setHeader("X-Trace", "abc");
  return "signed in";
});
app.callback(Output("quiet", "children"), Input("quiet-go", "n_clicks"), (_n, ctx) => {
  ctx.response.setHeader("X-Seen", "yes");
  throw new PreventUpdate();
});
app.callback(Output("bad", "children"), Input("bad-go", "n_clicks"), (n, ctx) => {
  if (n === 1) ctx.response.setHeader("Content-Type", "text/plain");
  if (n === 2) ctx.response.setHeader("X-Split", "a\r\nInjected: 1");
  if (n === 3) ctx.response.setCookie("bad name", "x");
  if (n === 4) ctx.response.setCookie("c", "x", { path: "/; Domain=evil" });
  return "unreachable";
});

// debug: the errors' messages are part of what these tests check (outside debug the client gets an error id)
const started = await startApp(app, { debug: true });
t.teardown(started.close);
const post = (output: string, input: string, n = 1) =>
  fetch(`${started.url}/_dash-update-component`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ output, outputs: { id: output.split(".")[0], property: "children" }, inputs: [{ id: input, property: "n_clicks", value: n }], changedPropIds: [`${input}.n_clicks`] }),
  });

t.test("setCookie, deleteCookie and setHeader reach the answer; the body is Dash's", async (t) => {
  const res = await post("login-out.children", "login");
  t.equal(res.status, 200);
  t.strictSame(res.headers.getSetCookie(), [
    "session=a%20b%3Bc; Max-Age=3600; Path=/; Secure; HttpOnly; SameSite=Lax",
    "theme=dark; Expires=Tue, 01 Jan 2030 00:00:00 GMT; Path=/app; Domain=example.com",
    "old=; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Path=/",
  ]);
  t.equal(res.headers.get("cache-control"), "no-store");
  t.equal(res.headers.get("x-trace"), "abc");
  t.match(res.headers.get("content-type"), /^application\/json/);
  t.equal(await res.text(), '{"multi":true,"response":{"login-out":{"children":"signed in"}}}');
});

t.test("a 204 (PreventUpdate) carries the headers set before it", async (t) => {
  const res = await post("quiet.children", "quiet-go");
  t.equal(res.status, 204);
  t.equal(res.headers.get("x-seen"), "yes");
});

t.test("headers that would change the body's framing, header injection and bad cookies are the callback's error", async (t) => {
  const expected = [
    /Content-Type is not the callback's to set \(the answer is Dash's JSON\)/,
    /value must be a string without line breaks/,
    /"bad name" is not a valid cookie name/,
    /path "\/; Domain=evil" may not hold/,
  ];
  for (const [index, pattern] of expected.entries()) {
    const res = await post("bad.children", "bad-go", index + 1);
    t.equal(res.status, 500);
    t.equal(res.headers.get("injected"), null);
    t.match(((await res.json()) as { error: string }).error, pattern);
  }
});
