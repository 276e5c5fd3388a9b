// HTTPS with HTTP/2 (issue 11, item 7), driven by Node's own HTTP/2 and HTTPS clients on a real
// port: many streams share one connection, cancelling one stream ends only its run, HTTP/1.1
// still works, the Host and Origin checks read HTTP/2's :authority, the server closes with
// streams open, and a bad certificate fails at start with one clear line.
import t from "tap";
import { connect, constants, type ClientHttp2Session, type ClientHttp2Stream } from "node:http2";
import { request as httpsRequest, type RequestOptions } from "node:https";
import { writeFileSync } from "node:fs";
import { join, dirname } from "node:path";
import { App, html, Input, Output, streamProps, sleep, type EventCallbackContext } from "../lib/index.js";
import { decodeFrameData } from "../lib/protocol/frames.js";
import type { UpdateRequest } from "../lib/protocol/types.js";
import { SHUTDOWN_MESSAGE } from "../lib/server/stream-endpoint.js";
import { eventually, startApp } from "./helpers/server.js";
import { selfSignedCertificate } from "./helpers/tls.js";

const tls = selfSignedCertificate();
const STREAM = "/dash_update_component_sse";
const state = { endlessFinallies: 0, fastYields: 0 };

const app = new App({ layout: html.Div([html.Div({ id: "out" }), html.Div({ id: "echo" })]) });
app.eventCallback(Input("count", "n_clicks"), async function* (_n: unknown, ctx: EventCallbackContext) {
  for (let i = 0; i < 20; i++) {
    yield streamProps("out", { children: `n${i}` });
    await sleep(5, ctx.signal);
  }
});
app.eventCallback(Input("endless", "n_clicks"), async function* (_n: unknown, ctx: EventCallbackContext) {
  try {
    for (let i = 0; ; i++) {
      yield streamProps("out", { children: `tick ${i}` });
      await sleep(20, ctx.signal);
    }
  } finally {
    state.endlessFinallies++;
  }
});
app.eventCallback(Input("fast", "n_clicks"), function* () {
  // 1 KiB frames as fast as the client takes them
  for (;;) {
    state.fastYields++;
    yield streamProps("out", { children: "x".repeat(1024) });
  }
});
app.callback(Output("echo", "children"), Input("ping", "n_clicks"), (n: unknown) => `pong ${String(n)}`);

const started = await startApp(app, { https: { cert: tls.certFile, key: tls.keyFile } });
t.teardown(started.close);
const url = started.url;
const authority = new URL(url).host;

/** One HTTP/2 connection to the server, closed at teardown. */
function h2session(t: { teardown(fn: () => unknown): void }): ClientHttp2Session {
  const session = connect(url, { rejectUnauthorized: false });
  session.on("error", () => undefined);
  t.teardown(() => session.destroy());
  return session;
}

interface H2Answer {
  status: number;
  headers: Record<string, unknown>;
  body: string;
}

/** A whole request on `session`. */
function h2request(session: ClientHttp2Session, headers: Record<string, string>, body?: string): Promise<H2Answer> {
  return new Promise((resolve, reject) => {
    const stream = session.request(headers);
    let status = 0;
    let responseHeaders: Record<string, unknown> = {};
    let text = "";
    stream.setEncoding("utf8");
    stream.on("response", (h) => {
      status = Number(h[":status"]);
      responseHeaders = h;
    });
    stream.on("data", (chunk: string) => (text += chunk));
    stream.on("end", () => resolve({ status, headers: responseHeaders, body: text }));
    stream.on("error", reject);
    stream.end(body);
  });
}

const deps = JSON.parse((await h2request(h2session(t), { ":path": "/_dash-dependencies" })).body) as Array<{ output: string; inputs: Array<{ id: string }> }>;
const updateBody = (input: string): UpdateRequest => ({
  output: deps.find((d) => d.inputs[0].id === input)!.output,
  inputs: [{ id: input, property: "n_clicks", value: 1 }],
  changedPropIds: [`${input}.n_clicks`],
});
const postHeaders = { ":method": "POST", ":path": STREAM, "content-type": "application/json", origin: url };

/** Open a run on `session`; its SSE data lines are collected as they come. */
function openRun(session: ClientHttp2Session, input: string, origin = url): { stream: ClientHttp2Stream; data: string[]; ended: Promise<void> } {
  const stream = session.request({ ...postHeaders, origin });
  const data: string[] = [];
  let buffered = "";
  stream.setEncoding("utf8");
  stream.on("data", (chunk: string) => {
    buffered += chunk;
    const events = buffered.split("\n\n");
    buffered = events.pop() ?? "";
    for (const event of events) for (const line of event.split("\n")) if (line.startsWith("data: ")) data.push(line.slice(6));
  });
  stream.on("error", () => undefined);
  const ended = new Promise<void>((resolve) => stream.on("close", resolve));
  stream.end(JSON.stringify(updateBody(input)));
  return { stream, data, ended };
}

t.test("100 runs at once on one HTTP/2 connection: every run's frames arrive complete and in order", async (t) => {
  const session = h2session(t);
  const runs = Array.from({ length: 100 }, () => openRun(session, "count"));
  await Promise.all(runs.map((run) => run.ended));
  const expected = [...Array.from({ length: 20 }, (_, i) => JSON.stringify(["[SINGLE]", "out", { children: `n${i}` }])), "[DONE]"];
  t.equal(runs.filter((run) => JSON.stringify(run.data) === JSON.stringify(expected)).length, 100, "all 100 runs got n0..n19 then [DONE]");
});

t.test("cancelling one stream ends its run (finally runs) while another run on the same connection goes on", async (t) => {
  const session = h2session(t);
  const before = state.endlessFinallies;
  const cancelled = openRun(session, "endless");
  const kept = openRun(session, "endless");
  t.ok(await eventually(() => cancelled.data.length >= 2 && kept.data.length >= 2, 5000), "both runs stream");
  cancelled.stream.close(constants.NGHTTP2_CANCEL);
  t.ok(await eventually(() => state.endlessFinallies === before + 1, 5000), "the cancelled run's finally ran");
  const seen = kept.data.length;
  t.ok(await eventually(() => kept.data.length >= seen + 3, 5000), "the other run keeps sending on the same connection");
  t.equal(state.endlessFinallies, before + 1, "only the cancelled run ended");
  t.notOk(session.closed || session.destroyed, "the connection stays open");
  kept.stream.close(constants.NGHTTP2_CANCEL);
  t.ok(await eventually(() => state.endlessFinallies === before + 2, 5000), "closing the other stream ends its run too");
});

t.test("a client that stops reading pauses its generator (backpressure over HTTP/2)", async (t) => {
  const session = h2session(t);
  const run = openRun(session, "fast");
  t.ok(await eventually(() => run.data.length > 10, 5000), "frames arrive");
  run.stream.pause();
  // the yields stop once the stream's flow-control window and Node's buffer are full
  let last = -1;
  t.ok(
    await eventually(() => {
      const settled = state.fastYields === last;
      last = state.fastYields;
      return settled;
    }, 10_000),
    "the generator stops being pulled",
  );
  await sleep(200);
  t.equal(state.fastYields, last, "and stays paused");
  t.ok(state.fastYields < 2000, `${state.fastYields} yields of 1 KiB in memory at most, not an unbounded buffer`);
  run.stream.close(constants.NGHTTP2_CANCEL);
});

t.test("the regular callback, the page and its assets over HTTP/2, with the security headers", async (t) => {
  const session = h2session(t);
  const index = await h2request(session, { ":path": "/" });
  t.equal(index.status, 200);
  t.match(index.body, /_dash-config/);
  t.equal(index.headers["x-content-type-options"], "nosniff");
  t.equal(index.headers["x-frame-options"], "SAMEORIGIN");
  const bundle = /src="([^"]*renderer[^"]*)"/.exec(index.body)?.[1];
  t.ok(bundle, "the page names the renderer bundle");
  t.equal((await h2request(session, { ":path": bundle! })).status, 200, "the renderer bundle is served");
  const update = await h2request(
    session,
    { ":method": "POST", ":path": "/_dash-update-component", "content-type": "application/json", origin: url },
    JSON.stringify({ output: "echo.children", outputs: { id: "echo", property: "children" }, inputs: [{ id: "ping", property: "n_clicks", value: 3 }], changedPropIds: ["ping.n_clicks"] }),
  );
  t.equal(update.status, 200);
  t.same(JSON.parse(update.body), { multi: true, response: { echo: { children: "pong 3" } } });
  const stream = await h2request(session, postHeaders, JSON.stringify(updateBody("count")));
  t.equal(stream.headers["content-type"], "text/event-stream; charset=utf-8");
  t.equal(stream.headers["x-accel-buffering"], "no");
  t.equal(stream.headers["x-content-type-options"], "nosniff");
});

t.test("the Host check reads :authority, the Origin check compares with it", async (t) => {
  const session = h2session(t);
  const rebound = await h2request(session, { ":path": "/_dash-layout", ":authority": "evil.example" });
  t.equal(rebound.status, 403);
  t.match((JSON.parse(rebound.body) as { error: string }).error, /^Host "evil.example" is not allowed/);
  const crossOrigin = await h2request(session, { ...postHeaders, origin: "https://evil.example" }, JSON.stringify(updateBody("count")));
  t.equal(crossOrigin.status, 403);
  t.match(crossOrigin.body, /Cross-origin request refused/);
  const sameOrigin = await h2request(session, { ...postHeaders, ":authority": authority, origin: `https://${authority}` }, JSON.stringify(updateBody("count")));
  t.equal(sameOrigin.status, 200);
  t.match(sameOrigin.body, /\[DONE\]/);
});

t.test("an HTTP/1.1 client (ALPN http/1.1) is still served: page and stream", async (t) => {
  const get = (method: string, path: string, body?: string): Promise<{ version: string; status: number; body: string }> =>
    new Promise((resolve, reject) => {
      const { hostname, port } = new URL(url);
      const options: RequestOptions & { ALPNProtocols: string[] } = { hostname, port, path, method, ALPNProtocols: ["http/1.1"], rejectUnauthorized: false, headers: { "content-type": "application/json" } };
      const req = httpsRequest(
        options,
        (res) => {
          let text = "";
          res.setEncoding("utf8");
          res.on("data", (chunk: string) => (text += chunk));
          res.on("end", () => resolve({ version: res.httpVersion, status: res.statusCode ?? 0, body: text }));
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  const index = await get("GET", "/");
  t.equal(index.version, "1.1");
  t.equal(index.status, 200);
  t.match(index.body, /_dash-config/);
  const stream = await get("POST", STREAM, JSON.stringify(updateBody("count")));
  t.equal(stream.version, "1.1");
  const frames = stream.body.split("\n\n").filter((event) => event.startsWith("data: ")).map((event) => decodeFrameData(event.slice(6)));
  t.equal(frames.length, 21);
  t.equal(frames.at(-1), "done");
});

t.test("server close with runs open over HTTP/2: each gets the shutdown frame, finally runs, close() resolves", async (t) => {
  const closing = await startApp(app, { https: { cert: tls.cert, key: tls.key } });
  const session = connect(closing.url, { rejectUnauthorized: false });
  session.on("error", () => undefined);
  t.teardown(() => session.destroy());
  const before = state.endlessFinallies;
  const runs = [openRun(session, "endless", closing.url), openRun(session, "endless", closing.url)];
  // and an idle HTTP/2 connection, which must not hold the close up either
  const idle = connect(closing.url, { rejectUnauthorized: false });
  idle.on("error", () => undefined);
  t.teardown(() => idle.destroy());
  t.ok(await eventually(() => runs.every((run) => run.data.length >= 2), 5000));
  await closing.close();
  t.equal(state.endlessFinallies, before + 2, "both runs' finally blocks ran");
  await Promise.all(runs.map((run) => run.ended));
  for (const run of runs) t.same(decodeFrameData(run.data.at(-1)!), ["[ERROR]", null, { error: SHUTDOWN_MESSAGE, handle_error: true, reset_props: [] }]);
});

t.test("bodyTimeoutMs over HTTP/2: a body that never ends resets its stream, the connection's other requests go on", async (t) => {
  const slow = await startApp(new App({ layout: html.Div("ok", { id: "x" }), bodyTimeoutMs: 300 }), { https: { cert: tls.certFile, key: tls.keyFile } });
  t.teardown(slow.close);
  const session = connect(slow.url, { rejectUnauthorized: false });
  session.on("error", () => undefined);
  t.teardown(() => session.destroy());
  const stream = session.request({ ...postHeaders, origin: slow.url });
  stream.on("error", () => undefined);
  stream.write('{"output": "x.chil');
  const rstCode = await new Promise<number>((resolve) => stream.on("close", () => resolve(stream.rstCode ?? -1)));
  t.equal(rstCode, constants.NGHTTP2_CANCEL, "the stream was reset");
  t.equal((await h2request(session, { ":path": "/_dash-layout" })).status, 200, "the same connection still serves");
});

t.test("bad certificates fail when the server is built, with one line naming the file", async (t) => {
  const dir = dirname(tls.certFile);
  const other = selfSignedCertificate();
  const notPem = join(dir, "not-a-cert.pem");
  writeFileSync(notPem, "hello\n");
  const cases: Array<[string, { cert: string; key: string }, RegExp]> = [
    ["missing certificate file", { cert: join(dir, "missing.pem"), key: tls.keyFile }, /^cannot read the TLS certificate file .*missing\.pem \(no such file\)$/],
    ["missing key file", { cert: tls.certFile, key: join(dir, "missing-key.pem") }, /^cannot read the TLS private key file .*missing-key\.pem \(no such file\)$/],
    ["a file that is not a certificate", { cert: notPem, key: tls.keyFile }, /^the TLS certificate .*not-a-cert\.pem is not a PEM certificate/],
    ["a certificate as the key", { cert: tls.certFile, key: tls.certFile }, /^the TLS private key .*cert\.pem is not a PEM private key/],
    ["the key of another certificate", { cert: tls.certFile, key: other.keyFile }, /^the TLS private key .*key\.pem does not belong to the certificate .*cert\.pem$/],
  ];
  for (const [name, https, message] of cases) {
    const error = await new App({ layout: html.Div(), https }).createServer({ logger: false }).then(
      () => undefined,
      (e: unknown) => e as Error & { code?: string },
    );
    t.ok(error, `${name}: refused`);
    t.match(error?.message, message, name);
    t.notMatch(error?.message, /\n/, `${name}: one line`);
    t.equal(error?.code, "ERR_DASH_EVENTS_HTTPS");
  }
});
