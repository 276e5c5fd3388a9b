// The hostile-input corpus (issue 12): hundreds of bad requests, each answered with a clear 4xx
// (or its documented behaviour), never a 5xx; no crash, no run left open, no connection left
// behind, server memory bounded. Raw sockets (node:net) carry what fetch cannot send: broken
// request lines and headers, smuggling attempts, truncated bodies.
import t from "tap";
import { mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connect } from "node:net";
import { request as httpRequest } from "node:http";
import { App, html, Input, Output, State, ALL, MATCH, streamProps, sleep, type EventCallbackContext } from "../lib/index.js";
import { eventually, startApp } from "./helpers/server.js";

const SECRET = "corpus-secret-7c1e";
const assets = mkdtempSync(join(tmpdir(), "dash-events-corpus-assets-"));
const outside = mkdtempSync(join(tmpdir(), "dash-events-corpus-outside-"));
writeFileSync(join(assets, "app.css"), "body {}");
writeFileSync(join(outside, "secret.txt"), SECRET);
symlinkSync(join(outside, "secret.txt"), join(assets, "link.txt"));
symlinkSync(outside, join(assets, "linkdir"));

let userCalls = 0;
let openRuns = 0;
const app = new App({ layout: html.Div([html.Button("go", { id: "go" }), html.Div({ id: "out" })]), assetsFolder: assets, bodyLimit: 64 * 1024 });
app.callback(Output("out", "children"), Input("go", "n_clicks"), State("name", "value"), (n) => {
  userCalls++;
  return String(n);
});
app.callback(Output({ type: "cell", index: MATCH }, "children"), Input({ type: "btn", index: MATCH }, "n_clicks"), () => {
  userCalls++;
  return "m";
});
app.callback(Output("sum", "children"), Input({ type: "num", index: ALL }, "value"), () => {
  userCalls++;
  return "s";
});
app.eventCallback(Input("stream", "n_clicks"), async function* (_n, ctx: EventCallbackContext) {
  openRuns++;
  try {
    yield streamProps("out", { children: "x" });
    await sleep(50, ctx.signal);
  } finally {
    openRuns--;
  }
});

const started = await startApp(app);
t.teardown(started.close);
const { port } = new URL(started.url);
const HOST = `127.0.0.1:${port}`;
const deps = (await (await fetch(`${started.url}/_dash-dependencies`)).json()) as Array<{ output: string; inputs: Array<{ id: unknown }> }>;
const STREAM_ID = deps.find((d) => d.inputs[0].id === "stream")!.output;
const UPDATE = "/_dash-update-component";
const STREAM = "/dash_update_component_sse";
const good = { output: "out.children", outputs: { id: "out", property: "children" }, inputs: [{ id: "go", property: "n_clicks", value: 1 }], state: [{ id: "name", property: "value", value: "x" }], changedPropIds: ["go.n_clicks"] };
const goodStream = { output: STREAM_ID, inputs: [{ id: "stream", property: "n_clicks", value: 1 }], changedPropIds: ["stream.n_clicks"] };

/** One hostile case: bytes on a raw socket, or an HTTP request; the statuses it may get. */
interface Case {
  name: string;
  /** Raw bytes (the request line and headers included). */
  raw?: string;
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  /** Accepted statuses. A raw case with `closedOk` may also get no answer, the connection closed. */
  expect: number[];
  closedOk?: boolean;
}

const cases: Case[] = [];
const post = (name: string, body: string, expect: number[], path = UPDATE, headers: Record<string, string> = {}): void =>
  void cases.push({ name, method: "POST", path, body, headers: { "content-type": "application/json", ...headers }, expect });
const both = (name: string, body: string, expect: number[], headers: Record<string, string> = {}): void => {
  post(`update: ${name}`, body, expect, UPDATE, headers);
  post(`stream: ${name}`, body, expect, STREAM, headers);
};

// 1. malformed JSON
for (const text of ["{", "}", "[", "{\"output\":", "{'output': 1}", "{output: 1}", "{\"a\":1,}", "[1,]", "nul", "tru", "\"unterminated", "{\"a\":\"\\x41\"}", "{\"a\":\"\\u12\"}", "{\"a\":01}", "{\"a\":.5}", "{\"a\":1e}", "{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\":undefined}", "\u0000", "{\"a\":1}{\"b\":2}", "{\"a\":1} x", "// comment\n{}", "/* c */{}", "\uFEFF{}", "{\"a\":\"\u0001\"}", "[[[[", "]]]]", "{{}}", "{\"a\" 1}"]) {
  both(`malformed JSON ${JSON.stringify(text).slice(0, 40)}`, text, [400]);
}
// 2. JSON that is not an update request
for (const text of ["null", "true", "1", "\"str\"", "[]", "{}", "[{}]", JSON.stringify({ output: 1 }), JSON.stringify({ output: "" }), JSON.stringify({ output: "x", inputs: "no" }), JSON.stringify({ output: "x", inputs: [], changedPropIds: "a" }), JSON.stringify({ output: "x", inputs: [], changedPropIds: [1] }), JSON.stringify({ ...good, inputs: [{ id: 1, property: "n_clicks" }] }), JSON.stringify({ ...good, inputs: [{ id: "go" }] }), JSON.stringify({ ...good, inputs: [{ id: "go", property: 5 }] }), JSON.stringify({ ...good, state: {} }), JSON.stringify({ ...good, outputs: "out" }), JSON.stringify({ ...good, outputs: [[[]]] })]) {
  both(`not an update request ${text.slice(0, 50)}`, text, [400]);
}
// 3. prototype keys anywhere
for (const key of ["__proto__", "constructor", "prototype"]) {
  for (const where of ["top", "input", "value", "deep", "state", "outputs"]) {
    const inject = (value: string): string => `{"${key}": ${value}}`;
    const bodies: Record<string, string> = {
      top: JSON.stringify(good).replace("{", `{"${key}": {"x": 1},`),
      input: JSON.stringify(good).replace('{"id":"go"', `{"${key}": 1, "id":"go"`),
      value: JSON.stringify(good).replace('"value":1', `"value":${inject("1")}`),
      deep: JSON.stringify(good).replace('"value":1', `"value":[[[${inject('{"polluted": true}')}]]]`),
      state: JSON.stringify(good).replace('"value":"x"', `"value":${inject("{}")}`),
      outputs: JSON.stringify(good).replace('{"id":"out"', `{"${key}": {}, "id":"out"`),
    };
    both(`prototype key ${key} (${where})`, bodies[where], [400]);
  }
}
// 4. malformed ids in changedPropIds (defect 4)
for (const propId of ["{x}.n_clicks", "{.n_clicks", "{\"a\":[1]}.n_clicks", "{\"a\":{\"b\":1}}.value", "{\"a\":null}.value", "{\"a\":1,}.value", "{'a':1}.value", "{}}.value", "{\"a\":1.value", "{" + "\"k\":1,".repeat(100) + "}.v"]) {
  both(`malformed id ${propId.slice(0, 40)}`, JSON.stringify({ ...good, changedPropIds: [propId] }), [400]);
}
// 5. unknown callbacks, wrong endpoint, mismatched dependencies
for (const output of ["nope.children", "..a.b...c.d..", "x".repeat(5000), "{\"type\":\"cell\",\"index\":[\"MATCH\"]}.nope", "🙂.children", "out.children\u0000", " out.children"]) {
  both(`unknown callback ${output.slice(0, 30)}`, JSON.stringify({ ...good, output }), [404]);
}
post("update: an event callback on the update endpoint", JSON.stringify(goodStream), [400]);
post("stream: a regular callback on the stream endpoint", JSON.stringify(good), [400], STREAM);
for (const [name, body] of Object.entries({
  "no inputs": { ...good, inputs: [] },
  "too many inputs": { ...good, inputs: [...good.inputs, ...good.inputs] },
  "wrong input id": { ...good, inputs: [{ id: "other", property: "n_clicks", value: 1 }] },
  "wrong input prop": { ...good, inputs: [{ id: "go", property: "value", value: 1 }] },
  "no state": { ...good, state: [] },
  "wrong output": { ...good, outputs: { id: "elsewhere", property: "children" } },
  "ALL input not a list": { output: "sum.children", outputs: { id: "sum", property: "children" }, inputs: [{ id: { type: "num", index: 1 }, property: "value" }], changedPropIds: [] },
  "MATCH with a foreign id": { output: '{"index":["MATCH"],"type":"cell"}.children', outputs: { id: { type: "cell", index: 1 }, property: "children" }, inputs: [{ id: { type: "other", index: 1 }, property: "n_clicks" }], changedPropIds: [] },
})) {
  post(`update: ${name}`, JSON.stringify(body), [400]);
}
// 6. nesting (defect 9) and size
for (const depth of [257, 300, 1000, 10_000, 30_000]) {
  for (const [open, close] of [["[", "]"], ['{"a":', "}"]] as const) {
    both(`nested ${depth} deep with ${open}`, open.repeat(depth) + "1" + close.repeat(depth), [400, 413]);
  }
}
both("nested inside a value, 400 deep", JSON.stringify({ ...good, inputs: [{ id: "go", property: "n_clicks", value: JSON.parse("[".repeat(400) + "]".repeat(400)) as unknown }] }), [400]);
both("unbalanced closers", "]".repeat(1000) + "{}", [400]);
both("body over the limit", JSON.stringify({ ...good, pad: "x".repeat(70 * 1024) }), [413]);
both("a million brackets (over the limit)", "[".repeat(1_000_000), [413]);
// 7. content types
for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", "text/html", "application/xml", "application/json-patch+json", "application/octet-stream", "image/png", "application/javascript", "text/event-stream"]) {
  both(`content type ${type}`, JSON.stringify(good), [415], { "content-type": type });
}
// 8. cross-origin (defect 10)
for (const origin of ["https://evil.example", "null", "http://127.0.0.1.evil.example", `http://${HOST}.evil.example`, "http://localhost:1", "file://", "chrome-extension://abc", "http://[::1]:1", "data:", "http://127.0.0.1"]) {
  both(`Origin ${origin}`, JSON.stringify(good), [403], { origin });
}
for (const site of ["cross-site", "same-site"]) both(`Sec-Fetch-Site ${site}`, JSON.stringify(good), [403], { "sec-fetch-site": site });
// 9. Host allow-list (defect 11)
for (const host of ["evil.example", "evil.example:80", "127.0.0.1.nip.io", "localhost.evil.example", "a@b", "bad host", "x".repeat(300), "[::1", "evil.example:99999", "0x7f.1"]) {
  cases.push({ name: `Host ${host.slice(0, 30)}`, raw: `GET /_dash-layout HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`, expect: [400, 403] });
}
// 10. traversal, symlinks, odd paths
for (const path of [
  "/assets/../package.json", "/assets/..%2fpackage.json", "/assets/%2e%2e/package.json", "/assets/%2e%2e%2fpackage.json", "/assets/..%5cpackage.json",
  "/assets/....//package.json", "/assets/.%2e/.%2e/etc/passwd", "/assets/%252e%252e/package.json", "/assets/link.txt", "/assets/linkdir/secret.txt",
  "/assets/%6cink.txt", "/assets/linkdir%2fsecret.txt", "/assets/./link.txt", "/assets//link.txt", "/assets/app.css%00.txt",
  "/assets/.env", "/assets/.git/config", "/assets/%2e%67it/config", "/_dash-component-suites/../package.json", "/_dash-component-suites/dash-core-components/../../package.json",
  "/_dash-component-suites/%2e%2e/%2e%2e/package.json", "/_dash-component-suites/nope/x.js", "/_dash-component-suites/fs/index.js", "/_dash-component-suites/dash-core-components/package.json", "/_dash-component-suites/dash-core-components/%2e%2e%2f%2e%2e%2fpackage.json",
  "/_dash-events/themes/../../package.json", "/_dash-events/themes/nope.css", "/%2e%2e/package.json", "/..;/package.json", "/etc/passwd",
  "//etc/passwd", "/assets/" + "a/".repeat(500) + "x", "/" + "x".repeat(8000), "/_dash-layout/..", "/assets/%c0%ae%c0%ae/package.json",
  "/assets/%", "/assets/%zz", "/_dash-component-suites/%", "/assets/\u00e9", "/assets/link.txt?download=1",
  "/_dash-events/icons/..%2F..%2Fpackage.json?icons=home", "/_dash-events/icons/%2e%2e/%2e%2e/package.json?icons=x", "/_dash-events/icons/mdi.json?icons=%00",
  "/_dash-events/icons/mdi.json?icons=" + "a,".repeat(3000), "/_dash-events/icons/mdi.json?icons[]=home", "/_dash-events/icons/mdi.json?icons=__proto__",
]) {
  cases.push({ name: `GET ${path.slice(0, 60)}`, raw: `GET ${path} HTTP/1.1\r\nHost: ${HOST}\r\nConnection: close\r\n\r\n`, expect: [400, 403, 404, 414, 431], closedOk: false });
}
// 11. methods
for (const method of ["PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT"]) {
  for (const path of [UPDATE, STREAM, "/_dash-layout"]) {
    const raw = method === "CONNECT" ? `CONNECT ${HOST} HTTP/1.1\r\nHost: ${HOST}\r\n\r\n` : `${method} ${path} HTTP/1.1\r\nHost: ${HOST}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`;
    cases.push({ name: `${method} ${path}`, raw, expect: [400, 404, 405], closedOk: true });
  }
}
for (const path of [UPDATE, STREAM]) cases.push({ name: `GET ${path}`, raw: `GET ${path} HTTP/1.1\r\nHost: ${HOST}\r\nConnection: close\r\n\r\n`, expect: [404, 405] });
// 12. protocol abuse and smuggling on raw sockets
const body = JSON.stringify(good);
const rawPost = (headers: string, payload = body): string => `POST ${UPDATE} HTTP/1.1\r\nHost: ${HOST}\r\nContent-Type: application/json\r\nConnection: close\r\n${headers}\r\n${payload}`;
const rawCases: Record<string, string> = {
  "CL and TE together": rawPost(`Content-Length: ${body.length}\r\nTransfer-Encoding: chunked\r\n`),
  "two Content-Lengths": rawPost(`Content-Length: ${body.length}\r\nContent-Length: ${body.length + 1}\r\n`),
  "negative Content-Length": rawPost("Content-Length: -1\r\n"),
  "Content-Length with a sign": rawPost(`Content-Length: +${body.length}\r\n`),
  "Content-Length not a number": rawPost("Content-Length: abc\r\n"),
  "Content-Length in hex": rawPost(`Content-Length: 0x${body.length.toString(16)}\r\n`),
  "huge Content-Length": rawPost("Content-Length: 99999999999999999999\r\n"),
  "Content-Length over the body limit": rawPost(`Content-Length: ${1024 * 1024 * 1024}\r\n`, ""),
  "TE gzip, chunked": rawPost("Transfer-Encoding: gzip, chunked\r\n"),
  "TE chunked, identity": rawPost("Transfer-Encoding: chunked, identity\r\n"),
  "TE xchunked": rawPost("Transfer-Encoding: xchunked\r\n"),
  "TE with a space before the colon": rawPost("Transfer-Encoding : chunked\r\n"),
  "bad chunk size": rawPost("Transfer-Encoding: chunked\r\n", "zz\r\nabc\r\n0\r\n\r\n"),
  "chunk size overflow": rawPost("Transfer-Encoding: chunked\r\n", "ffffffffffffffffff\r\nabc\r\n0\r\n\r\n"),
  "chunk longer than announced": rawPost("Transfer-Encoding: chunked\r\n", "2\r\nabcdef\r\n0\r\n\r\n"),
  "chunked JSON that is malformed": rawPost("Transfer-Encoding: chunked\r\n", "3\r\n{\"a\r\n0\r\n\r\n"),
  "chunked body over the limit": rawPost("Transfer-Encoding: chunked\r\n", `${(70 * 1024).toString(16)}\r\n${"x".repeat(70 * 1024)}\r\n0\r\n\r\n`),
  "obs-fold header": rawPost(`Content-Length: ${body.length}\r\nX-Folded: a\r\n b\r\n`),
  "header with a NUL": rawPost(`Content-Length: ${body.length}\r\nX-Bad: a\u0000b\r\n`),
  "header name with a space": rawPost(`Content-Length: ${body.length}\r\nX Bad: 1\r\n`),
  "header without a colon": rawPost(`Content-Length: ${body.length}\r\nNoColon\r\n`),
  "bare LF line endings": `POST ${UPDATE} HTTP/1.1\nHost: ${HOST}\nContent-Length: 2\n\n{}`,
  "bare CR": `POST ${UPDATE} HTTP/1.1\rHost: ${HOST}\r\r\n`,
  "lower-case method": `get / HTTP/1.1\r\nHost: ${HOST}\r\n\r\n`,
  "unknown method": `BREW / HTTP/1.1\r\nHost: ${HOST}\r\n\r\n`,
  "absolute-form to another host": `GET http://evil.example/_dash-layout HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n`,
  "no Host on HTTP/1.1": `GET /_dash-layout HTTP/1.1\r\nConnection: close\r\n\r\n`,
  "two Hosts": `GET /_dash-layout HTTP/1.1\r\nHost: ${HOST}\r\nHost: evil.example\r\nConnection: close\r\n\r\n`,
  "header block over 16 KiB": `GET / HTTP/1.1\r\nHost: ${HOST}\r\nX-Big: ${"a".repeat(20_000)}\r\n\r\n`,
  "10,000 headers": `GET / HTTP/1.1\r\nHost: ${HOST}\r\n${"X-A: 1\r\n".repeat(10_000)}\r\n`,
  "garbage": "\u0016\u0003\u0001\u0000\u00a5\u0001\u0000\u0000\u00a1\u0003\u0003",
  "TLS ClientHello on the plain port": "\u0016\u0003\u0001\u0002\u0000\u0001\u0000\u0001\u00fc\u0003\u0003" + "\u0000".repeat(40),
  "HTTP/2 preface": "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
  "only CRLFs": "\r\n".repeat(100),
  "binary noise": Array.from({ length: 512 }, (_, i) => String.fromCharCode((i * 7919) % 256)).join(""),
  "body longer than Content-Length (smuggled second request)": rawPost("Content-Length: 2\r\n", `{}GET /_dash-layout HTTP/1.1\r\nHost: evil.example\r\n\r\n`),
  "URL with CRLF injection": `GET /assets/x%0d%0aSet-Cookie:%20a=b HTTP/1.1\r\nHost: ${HOST}\r\nConnection: close\r\n\r\n`,
};
for (const [name, raw] of Object.entries(rawCases)) cases.push({ name: `raw: ${name}`, raw, expect: [400, 403, 404, 408, 411, 413, 415, 431], closedOk: true });
// documented: harmless oddities Node's parser accepts are served as usual
cases.push({ name: "raw: request line with two spaces (accepted by Node's parser)", raw: `GET  /_dash-layout HTTP/1.1\r\nHost: ${HOST}\r\nConnection: close\r\n\r\n`, expect: [200, 400] });
cases.push({ name: "raw: URL with a fragment (ignored)", raw: `GET /_dash-layout#x HTTP/1.1\r\nHost: ${HOST}\r\nConnection: close\r\n\r\n`, expect: [200] });
// documented: 100 Continue, then the body timeout (the client gives up first here)
cases.push({ name: "raw: Expect: 100-continue then nothing", raw: rawPost("Expect: 100-continue\r\nContent-Length: 10\r\n", ""), expect: [100, 408], closedOk: true });
// 13. stream endpoint bodies that are fine as JSON but wrong for the stream
for (const [name, b] of Object.entries({
  "stream: no inputs": { ...goodStream, inputs: [] },
  "stream: wrong input": { ...goodStream, inputs: [{ id: "go", property: "n_clicks", value: 1 }] },
  "stream: outputs given": { ...goodStream, outputs: { id: "out", property: "children" } },
  "stream: state given": { ...goodStream, state: [{ id: "a", property: "b" }] },
})) {
  post(name, JSON.stringify(b), [400], STREAM);
}

/** Send one case; the statuses answered, and whether the server closed the connection. */
async function exchange(item: Case): Promise<{ statuses: number[]; text: string }> {
  if (!item.raw) {
    // no keep-alive: every connection of the corpus must be gone at the end
    return new Promise((resolve, reject) => {
      const req = httpRequest({ host: "127.0.0.1", port: Number(port), path: item.path, method: item.method, headers: item.headers, agent: false }, (res) => {
        let text = "";
        res.setEncoding("utf8");
        res.on("data", (chunk: string) => (text += chunk));
        res.on("end", () => resolve({ statuses: [res.statusCode ?? 0], text }));
      });
      req.on("error", reject);
      req.end(item.body);
    });
  }
  const socket = connect(Number(port), "127.0.0.1");
  let text = "";
  socket.on("data", (chunk: Buffer) => (text += chunk.toString("latin1")));
  socket.on("error", () => undefined);
  socket.write(Buffer.from(item.raw, "latin1"));
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      socket.destroy();
      resolve();
    }, 2000);
    socket.once("close", () => {
      clearTimeout(timer);
      resolve();
    });
  });
  return { statuses: [...text.matchAll(/HTTP\/1\.[01] (\d{3}) /g)].map((m) => Number(m[1])), text };
}

t.test(`the corpus: ${cases.length} hostile requests, each a clear 4xx, no 5xx, no leak`, async (t) => {
  t.ok(cases.length >= 300, `${cases.length} cases`);
  const connections = (): Promise<number> => new Promise((resolve) => started.server.server.getConnections((_e, n) => resolve(n)));
  const connectionsBefore = await connections();
  const rssBefore = process.memoryUsage().rss;
  const callsBefore = userCalls;
  for (const item of cases) {
    const { statuses, text } = await exchange(item);
    const ok = statuses.length > 0 ? statuses.every((s) => item.expect.includes(s)) : item.closedOk === true;
    if (!ok) t.fail(`${item.name}: got ${JSON.stringify(statuses)}, expected one of ${JSON.stringify(item.expect)}${item.closedOk ? " or a closed connection" : ""}`);
    if (statuses.some((s) => s >= 500)) t.fail(`${item.name}: a 5xx`);
    if (text.includes(SECRET)) t.fail(`${item.name}: the secret outside the assets folder was served`);
  }
  t.pass("every case answered as expected");
  t.equal(userCalls, callsBefore, "no hostile request reached user code");
  t.equal((await exchange({ name: "layout", method: "GET", path: "/_dash-layout", expect: [200] })).statuses[0], 200, "the server still answers");
  t.ok(await eventually(() => openRuns === 0, 5000), "no run left open");
  let open = await connections();
  for (let i = 0; i < 100 && open > connectionsBefore; i++) {
    await new Promise((resolve) => setTimeout(resolve, 20));
    open = await connections();
  }
  t.ok(open <= connectionsBefore, `no connection left behind (${open} open, ${connectionsBefore} before the corpus)`);
  const grownMiB = (process.memoryUsage().rss - rssBefore) / 1024 / 1024;
  t.ok(grownMiB < 150, `RSS grew by ${grownMiB.toFixed(1)} MiB over the corpus (bounded)`);
});
