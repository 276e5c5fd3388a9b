// Every way a client can go away ends its runs; what one client may hold is bounded (issue 12,
// defects 1, 2, 6, 7, 8, 16). Raw sockets where fetch cannot send the bytes.
import t from "tap";
import { App, html, Input, streamProps, sleep, type EventCallbackContext } from "../lib/index.js";
import { decodeFrameData } from "../lib/protocol/frames.js";
import type { StreamFrame, UpdateRequest } from "../lib/protocol/types.js";
import { RunLimits } from "../lib/server/connection-limits.js";
import { eventually, readStream, startApp } from "./helpers/server.js";
import { rawConnect, rawGetRequest, rawPost, statusCodes } from "./helpers/raw-http.js";

const STREAM = "/dash_update_component_sse";
const state = { started: 0, finallies: 0, hugeFinally: false };

const app = new App({ layout: html.Div(), bodyTimeoutMs: 400, onErrorTimeoutMs: 100, maxFrameBytes: 10_000, maxRunsPerAddress: 40 });
app.eventCallback(Input("endless", "n_clicks"), async function* (_n, ctx: EventCallbackContext) {
  state.started++;
  try {
    for (let i = 0; ; i++) {
      yield streamProps("out", { children: `tick ${i}` });
      await sleep(20, ctx.signal);
    }
  } finally {
    state.finallies++;
  }
});
app.eventCallback(Input("long", "n_clicks"), async function* (_n, ctx: EventCallbackContext) {
  // lasts longer than bodyTimeoutMs: responses are not limited
  for (let i = 0; i < 8; i++) {
    yield streamProps("out", { children: `tick ${i}` });
    await sleep(100, ctx.signal);
  }
});
app.eventCallback(
  Input("hanging-onerror", "n_clicks"),
  function* () {
    yield streamProps("out", { children: "before" });
    throw new Error("boom");
  },
  { onError: () => new Promise(() => undefined), resetProps: { go: { disabled: false } } },
);
app.eventCallback(Input("huge", "n_clicks"), function* () {
  try {
    yield streamProps("out", { children: "small" });
    yield streamProps("out", { children: "x".repeat(20_000) });
    yield streamProps("out", { children: "never" });
  } finally {
    state.hugeFinally = true;
  }
});

const started = await startApp(app);
t.teardown(started.close);
const deps = (await (await fetch(`${started.url}/_dash-dependencies`)).json()) as Array<{ output: string; inputs: Array<{ id: string }> }>;
const request = (input: string): UpdateRequest => ({
  output: deps.find((d) => d.inputs[0].id === input)!.output,
  inputs: [{ id: input, property: "n_clicks", value: 1 }],
  changedPropIds: [`${input}.n_clicks`],
});
const frames = (data: string[]): Array<StreamFrame | "done"> => data.map((d) => decodeFrameData(d));

t.test("defect 1: runs of pipelined stream requests end when the client closes the socket", async (t) => {
  state.started = 0;
  state.finallies = 0;
  const clients = await Promise.all(Array.from({ length: 10 }, () => rawConnect(started.url)));
  for (const client of clients) client.send(rawPost(STREAM, request("endless")) + rawPost(STREAM, request("endless")));
  t.ok(await eventually(() => state.started === 20, 5000), "both runs of every connection started (the second one queued behind the first)");
  for (const client of clients) client.socket.destroy();
  t.ok(await eventually(() => state.finallies === 20, 5000), `every run ended, its finally ran (${state.finallies}/20)`);
});

t.test("defect 1: a run ends when the client half-closes and then goes away mid-stream", async (t) => {
  state.finallies = 0;
  const client = await rawConnect(started.url);
  client.send(rawPost(STREAM, request("endless")));
  t.ok(await eventually(() => client.received.includes("tick 1"), 5000), "streaming");
  client.socket.end();
  client.socket.destroy();
  t.ok(await eventually(() => state.finallies === 1, 5000), "its finally ran");
});

t.test("defect 2: a body that trickles in gets 408 and its connection is closed; a long stream is not cut", async (t) => {
  const client = await rawConnect(started.url);
  const body = JSON.stringify(request("long"));
  client.send(`POST ${STREAM} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n`);
  let sent = 0;
  const trickle = setInterval(() => client.send(body[sent++] ?? ""), 150);
  t.teardown(() => clearInterval(trickle));
  await client.closed;
  clearInterval(trickle);
  t.same(statusCodes(client.received), [408], "408 Request Timeout, then closed");
  t.ok(sent < body.length, "before the body was complete");

  const headers = await rawConnect(started.url);
  headers.send(`GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n`);
  await headers.closed;
  t.same(statusCodes(headers.received), [408], "headers that never end: 408 too");

  const read = await readStream(started.url, request("long"));
  t.equal(read.data.at(-1), "[DONE]", "a stream lasting longer than bodyTimeoutMs ends normally");
  t.equal(read.data.length, 9);
});

t.test("defect 6: an onError that never settles: the [ERROR] frame comes after onErrorTimeoutMs", async (t) => {
  const read = await readStream(started.url, request("hanging-onerror"));
  t.match(frames(read.data), [
    ["[SINGLE]", "out", { children: "before" }],
    ["[ERROR]", null, { handle_error: true, reset_props: [["go", { disabled: false }]] }],
  ]);
});

t.test("defect 7: a connection that pipelines too many requests behind an open stream is closed, ending its run", async (t) => {
  state.finallies = 0;
  const client = await rawConnect(started.url);
  client.send(rawPost(STREAM, request("endless")));
  t.ok(await eventually(() => client.received.includes("tick 1"), 5000), "streaming");
  client.send(rawGetRequest("/_dash-layout").repeat(200));
  await client.closed;
  t.ok(await eventually(() => state.finallies === 1, 5000), "the stream's run ended");
  const layout = await fetch(`${started.url}/_dash-layout`);
  t.equal(layout.status, 200, "the server goes on");

  const polite = await rawConnect(started.url);
  polite.send(rawGetRequest("/_dash-layout").repeat(10));
  t.ok(await eventually(() => statusCodes(polite.received).length === 10, 5000), "10 pipelined requests without a stream are all answered");
  polite.socket.destroy();
});

t.test("defect 8: a frame over maxFrameBytes ends the run with an error naming the limit", async (t) => {
  const read = await readStream(started.url, request("huge"));
  const decoded = frames(read.data) as Array<[string, unknown, { error?: string; children?: string }]>;
  t.same(decoded[0], ["[SINGLE]", "out", { children: "small" }]);
  t.equal(decoded.length, 2);
  t.equal(decoded[1][0], "[ERROR]");
  t.match(decoded[1][2].error, /yielded a frame of \d+ bytes, over the limit of 10000 bytes \(the App's maxFrameBytes option\)/);
  t.ok(await eventually(() => state.hugeFinally), "the generator was closed");
});

t.test("defect 16: runs beyond maxRunsPerAddress get an [ERROR] frame naming the limit", async (t) => {
  state.finallies = 0;
  const controllers = Array.from({ length: 40 }, () => new AbortController());
  const opened = await Promise.all(
    controllers.map((controller) =>
      fetch(`${started.url}${STREAM}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(request("endless")), signal: controller.signal }),
    ),
  );
  t.ok(opened.every((res) => res.status === 200));
  const refused = await readStream(started.url, request("endless"));
  t.match(frames(refused.data), [["[ERROR]", null, { error: /too many event callback runs open from this address \(the limit is 40/, handle_error: true }]]);
  for (const controller of controllers) controller.abort();
  t.ok(await eventually(() => state.finallies === 40, 5000), "the 40 runs ended when their clients left");
  const again = await readStream(started.url, request("long"));
  t.equal(again.data.at(-1), "[DONE]", "then the address may run again");
});

t.test("defect 16: RunLimits counts per connection and per address, and releases", async (t) => {
  const limits = new RunLimits(2, 3);
  const a = { key: {}, multiplexed: false };
  const b = { key: {}, multiplexed: false };
  const first = limits.acquire(a, "1.1.1.1");
  const second = limits.acquire(a, "1.1.1.1");
  t.type(first, "object");
  t.type(second, "object");
  t.match(limits.acquire(a, "1.1.1.1"), /on this connection \(the limit is 2/);
  const third = limits.acquire(b, "1.1.1.1");
  t.type(third, "object");
  t.match(limits.acquire(b, "1.1.1.1"), /from this address \(the limit is 3/);
  t.type(limits.acquire(b, "2.2.2.2"), "object", "another address is counted apart");
  (first as { release(): void }).release();
  (first as { release(): void }).release();
  t.type(limits.acquire(a, "1.1.1.1"), "object", "a released slot is free again (released once only)");
  t.match(limits.acquire(a, "1.1.1.1"), /on this connection/);
});

t.test("RunLimits without a maxRunsPerConnection: 8 runs per HTTP/1.1 connection, 224 per HTTP/2 session", async (t) => {
  const limits = new RunLimits(undefined, Infinity);
  const http1 = { key: {}, multiplexed: false };
  const http2 = { key: {}, multiplexed: true };
  const acquired = (connection: typeof http1): number => {
    let count = 0;
    while (typeof limits.acquire(connection, "1.1.1.1") === "object") count++;
    return count;
  };
  t.equal(acquired(http1), 8);
  t.match(limits.acquire(http1, "1.1.1.1"), /on this connection \(the limit is 8,/);
  t.equal(acquired(http2), 224);
  t.match(limits.acquire(http2, "1.1.1.1"), /on this connection \(the limit is 224,/);
});
