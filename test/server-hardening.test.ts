// Hardening (issue 12), one test per defect: malformed ids, safe error messages, symlinks out of
// the assets folder, origin and host checks, security headers, deep nesting.
import t from "tap";
import { mkdtempSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { App, html, Input, Output, streamProps } from "../lib/index.js";
import { decodeFrameData } from "../lib/protocol/frames.js";
import { getPath, postJson, rawGet, readStream, startApp, updateRequest } from "./helpers/server.js";

const UPDATE = "/_dash-update-component";
const STREAM = "/dash_update_component_sse";
const SECRET = "s3cr3t-password-42";

const assets = mkdtempSync(join(tmpdir(), "dash-events-assets-"));
const outside = mkdtempSync(join(tmpdir(), "dash-events-outside-"));
writeFileSync(join(outside, "secret.txt"), SECRET);
mkdirSync(join(outside, "dir"));
writeFileSync(join(outside, "dir", "inner.css"), SECRET);
writeFileSync(join(assets, "style.css"), "body { color: red }");
writeFileSync(join(assets, "real.txt"), "inside");
symlinkSync(join(outside, "secret.txt"), join(assets, "leak.txt"));
symlinkSync(join(outside, "dir"), join(assets, "leakdir"));
symlinkSync(join(assets, "real.txt"), join(assets, "alias.txt"));
t.teardown(() => undefined);

const logged: string[] = [];
const app = new App({ layout: html.Div(), assetsFolder: assets });
app.callback(Output("out", "children"), Input("go", "n_clicks"), () => {
  throw new Error(`db password is ${SECRET}`);
});
app.callback(Output("ok", "children"), Input({ type: "btn", index: 1 }, "n_clicks"), (n) => `ok ${String(n)}`);
app.eventCallback(Input("stream", "n_clicks"), function* () {
  yield streamProps("s", { children: "before" });
  throw new Error(`stream secret ${SECRET}`);
});
let onErrorSaw = "";
app.eventCallback(
  Input("handled", "n_clicks"),
  function* () {
    yield streamProps("s", { children: "before" });
    throw new Error(`handled ${SECRET}`);
  },
  { onError: (error) => void (onErrorSaw = (error as Error).message) },
);
const started = await startApp(app, { logger: { level: "warn", stream: { write: (line: string) => void logged.push(line) } } });
t.teardown(started.close);
const deps = (await (await fetch(`${started.url}/_dash-dependencies`)).json()) as Array<{ output: string; inputs: Array<{ id: unknown }> }>;
const streamId = (input: string): string => deps.find((d) => d.inputs[0].id === input)!.output;

t.test("defect 4: a malformed object id in changedPropIds is a 400 on both endpoints", async (t) => {
  for (const bad of ["{x}.n_clicks", "{.n_clicks", '{"a":[1]}.n_clicks', "[1].n_clicks".replace("[", "{["), '{"a":{"b":1}}.value']) {
    const update = await postJson(started.url, UPDATE, { ...updateRequest("ok.children", [["x", "n_clicks", 1]]), outputs: { id: "ok", property: "children" }, changedPropIds: [bad] });
    t.equal(update.status, 400, `update: ${bad}`);
    t.match((update.json as { error: string }).error, /changedPropIds\[0\]/);
    const stream = await postJson(started.url, STREAM, { output: streamId("stream"), inputs: [{ id: "stream", property: "n_clicks", value: 1 }], changedPropIds: [bad] });
    t.equal(stream.status, 400, `stream: ${bad}`);
  }
  const good = await postJson(started.url, UPDATE, {
    output: "ok.children",
    outputs: { id: "ok", property: "children" },
    inputs: [{ id: { type: "btn", index: 1 }, property: "n_clicks", value: 2 }],
    changedPropIds: ['{"index":1,"type":"btn"}.n_clicks'],
  });
  t.equal(good.status, 200, "a well-formed object id still works");
});

t.test("defect 13: outside debug, a 500 and an [ERROR] frame carry a generic message and an error id; the log has the error", async (t) => {
  logged.length = 0;
  const answer = await postJson(started.url, UPDATE, { ...updateRequest("out.children", [["go", "n_clicks", 1]]), outputs: { id: "out", property: "children" } });
  t.equal(answer.status, 500);
  t.notMatch(answer.text, SECRET, "the secret is not in the response");
  const { errorId } = answer.json as { errorId: string };
  t.match(errorId, /^[0-9a-f]{12}$/);
  t.ok(logged.some((line) => line.includes(errorId) && line.includes(SECRET)), "the log has the full error under its id");

  const read = await readStream(started.url, { output: streamId("stream"), inputs: [{ id: "stream", property: "n_clicks", value: 1 }], changedPropIds: [] });
  t.notMatch(read.data.join("\n"), SECRET);
  const last = decodeFrameData(read.data.at(-1)!) as ["[ERROR]", null, { error: string }];
  const id = /error id ([0-9a-f]{12})/.exec(last[2].error)?.[1];
  t.ok(id, "the frame names an error id");
  t.ok(logged.some((line) => line.includes(id!) && line.includes(SECRET)), "logged under it");

  await readStream(started.url, { output: streamId("handled"), inputs: [{ id: "handled", property: "n_clicks", value: 1 }], changedPropIds: [] });
  t.equal(onErrorSaw, `handled ${SECRET}`, "onError still gets the real error");
});

t.test("defect 15: assets whose real path leaves the folder are not served", async (t) => {
  t.equal((await getPath(started.url, "/assets/style.css")).status, 200);
  t.equal((await getPath(started.url, "/assets/alias.txt")).text, "inside", "a symlink inside the folder is served");
  for (const path of ["/assets/leak.txt", "/assets/leakdir/inner.css", "/assets/leakdir/", "/assets/%6ceak.txt"]) {
    const answer = await rawGet(started.url, path);
    t.equal(answer.status, 404, path);
    t.notMatch(answer.body, SECRET);
  }
  const page = await getPath(started.url, "/");
  t.notMatch(page.text, "leakdir", "the page links no file through a symlinked folder");
});

t.test("defect 10: cross-origin POSTs are refused with 403; same-origin and header-less ones pass", async (t) => {
  const body = { ...updateRequest("nope.children", [["x", "n_clicks", 1]]) };
  const own = new URL(started.url).host;
  for (const origin of ["https://evil.example", "null", `http://${own}.evil.example`, "http://localhost:1"]) {
    const answer = await postJson(started.url, UPDATE, body, { origin });
    t.equal(answer.status, 403, `Origin ${origin}`);
    t.match((answer.json as { error: string }).error, /Cross-origin request refused/);
    t.equal((await postJson(started.url, STREAM, body, { origin })).status, 403, `stream, Origin ${origin}`);
  }
  t.equal((await postJson(started.url, UPDATE, body, { "sec-fetch-site": "cross-site" })).status, 403, "Sec-Fetch-Site: cross-site");
  t.equal((await postJson(started.url, UPDATE, body, { origin: `http://${own}` })).status, 404, "same origin passes the check (then: unknown callback)");
  t.equal((await postJson(started.url, UPDATE, body, { "sec-fetch-site": "same-origin" })).status, 404, "Sec-Fetch-Site: same-origin passes");
  t.equal((await postJson(started.url, UPDATE, body)).status, 404, "no Origin (a script) passes");

  const allowing = new App({ layout: html.Div(), allowedOrigins: ["https://portal.example"] });
  const server = await startApp(allowing);
  t.teardown(server.close);
  t.equal((await postJson(server.url, UPDATE, body, { origin: "https://portal.example" })).status, 404, "an allowed origin passes");
  t.equal((await postJson(server.url, UPDATE, body, { origin: "https://other.example" })).status, 403);
});

t.test("defect 11: only allowed Host headers are served", async (t) => {
  for (const host of ["evil.example", "evil.example:80", "127.0.0.1.evil.example", "localhost.evil.example"]) {
    const answer = await rawGet(started.url, "/", { host });
    t.equal(answer.status, 403, `Host ${host}`);
    t.match(answer.body, /is not allowed; add it to the app's allowedHosts/);
  }
  for (const host of [new URL(started.url).host, "localhost", "localhost:8050", "app.localhost", "[::1]:8050", "10.1.2.3"]) {
    t.equal((await rawGet(started.url, "/_dash-layout", { host })).status, 200, `Host ${host}`);
  }
  const allowing = new App({ layout: html.Div(), allowedHosts: ["dash.example.com", ".corp.example"] });
  const server = await startApp(allowing);
  t.teardown(server.close);
  t.equal((await rawGet(server.url, "/_dash-layout", { host: "dash.example.com" })).status, 200);
  t.equal((await rawGet(server.url, "/_dash-layout", { host: "a.corp.example:443" })).status, 200);
  t.equal((await rawGet(server.url, "/_dash-layout", { host: "corp.example" })).status, 200);
  t.equal((await rawGet(server.url, "/_dash-layout", { host: "xcorp.example" })).status, 403);
  const any = new App({ layout: html.Div(), allowedHosts: true });
  const anyServer = await startApp(any);
  t.teardown(anyServer.close);
  t.equal((await rawGet(anyServer.url, "/_dash-layout", { host: "whatever.example" })).status, 200, "allowedHosts: true allows any");
});

t.test("defect 11: app.listen allows the host name it binds", async (t) => {
  const named = new App({ layout: html.Div() });
  const running = await named.listen({ port: 0, host: "localhost" });
  t.teardown(() => running.close());
  t.equal((await rawGet(running.url, "/_dash-layout", { host: "localhost" })).status, 200);
});

t.test("defect 12: security headers on pages, JSON, files, errors and streams", async (t) => {
  const read = await fetch(`${started.url}${STREAM}`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ output: streamId("stream"), inputs: [{ id: "stream", property: "n_clicks", value: 1 }], changedPropIds: [] }),
  });
  await read.text();
  for (const [what, headers] of [
    ["page", (await fetch(`${started.url}/`)).headers],
    ["layout", (await fetch(`${started.url}/_dash-layout`)).headers],
    ["asset", (await fetch(`${started.url}/assets/style.css`)).headers],
    ["404", (await fetch(`${started.url}/nothing`)).headers],
    ["stream", read.headers],
  ] as const) {
    t.equal(headers.get("x-content-type-options"), "nosniff", `${what}: nosniff`);
    t.equal(headers.get("referrer-policy"), "no-referrer", `${what}: Referrer-Policy`);
    t.equal(headers.get("x-frame-options"), "SAMEORIGIN", `${what}: X-Frame-Options`);
    t.equal(headers.get("content-security-policy"), "frame-ancestors 'self'", `${what}: CSP frame-ancestors`);
  }
  const custom = new App({ layout: html.Div(), securityHeaders: { frameAncestors: ["'self'", "https://portal.example"], referrerPolicy: "same-origin", contentSecurityPolicy: "object-src 'none'" } });
  const server = await startApp(custom);
  t.teardown(server.close);
  const headers = (await fetch(`${server.url}/`)).headers;
  t.equal(headers.get("content-security-policy"), "object-src 'none'; frame-ancestors 'self' https://portal.example");
  t.equal(headers.get("x-frame-options"), null, "no X-Frame-Options when other origins may frame");
  t.equal(headers.get("referrer-policy"), "same-origin");
});

t.test("defect 9: a deeply nested body is a cheap 400", async (t) => {
  const deep = "[".repeat(500_000) + "]".repeat(500_000);
  const answer = await postJson(started.url, UPDATE, deep);
  t.equal(answer.status, 400);
  t.match((answer.json as { error: string }).error, /deeper than 256 levels/);
  const inString = JSON.stringify({ ...updateRequest("nope.children", [["x", "n_clicks", "[".repeat(10_000)]]) });
  t.equal((await postJson(started.url, UPDATE, inString)).status, 404, "brackets inside strings do not count");
  const nested = { ...updateRequest("nope.children", [["x", "n_clicks", JSON.parse("[".repeat(200) + "]".repeat(200))]]) };
  t.equal((await postJson(started.url, UPDATE, nested)).status, 404, "200 levels are fine");
});

t.test("defect 11: the host check works with inject() (no real socket, Host: localhost:80)", async (t) => {
  const server = await new App({ layout: html.Div("hi") }).createServer({ logger: false });
  t.teardown(() => server.close());
  t.equal((await server.inject({ method: "GET", url: "/_dash-layout" })).statusCode, 200);
  t.equal((await server.inject({ method: "GET", url: "/_dash-layout", headers: { host: "evil.example" } })).statusCode, 403);
});
