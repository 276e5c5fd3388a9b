/**
 * The downlink at the HTTP level, read by a plain client: fair turns between runs that share it,
 * runs paused while the client does not read, runs ended when the downlink stays away past its
 * grace, a cancel request, and a newer run of a callback in a tab ending the older one.
 */
import t from "tap";
import { request as httpRequest, type IncomingMessage } from "node:http";
import { createParser } from "eventsource-parser";
import { App, html, Input, streamProps, sleep } from "../lib/index.js";
import { startApp } from "./helpers/server.js";

interface DownlinkReader {
  connection: string;
  /** Frame events so far: [stream, frame]. */
  frames: Array<[string, unknown]>;
  response: IncomingMessage;
  close(): void;
}

/** Open a downlink and read it with a real SSE parser; resolves at `hello`. */
function openDownlink(url: string): Promise<DownlinkReader> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(`${url}/_dash-downlink`, { headers: { accept: "text/event-stream" } }, (response) => {
      const reader: DownlinkReader = { connection: "", frames: [], response, close: () => request.destroy() };
      const parser = createParser({
        onEvent(event) {
          const data = JSON.parse(event.data) as { connection?: string; stream?: string; frame?: unknown };
          if (event.event === "hello") {
            reader.connection = data.connection!;
            resolve(reader);
          } else reader.frames.push([data.stream!, data.frame]);
        },
      });
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => parser.feed(chunk));
    });
    request.on("error", reject);
    request.end();
  });
}

/** Start the event callback whose output is `output` on the downlink. */
async function start(url: string, output: string, trigger: string, connection: string, stream: string, tab = "tab1"): Promise<number> {
  const response = await fetch(`${url}/dash_update_component_sse`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      output,
      outputs: [],
      inputs: [{ id: trigger, property: "n_clicks", value: 1 }],
      changedPropIds: [`${trigger}.n_clicks`],
      downlink: { connection, stream, tab },
    }),
  });
  await response.text();
  return response.status;
}

/** The `output` of each event callback, by its trigger, from the app's dependencies. */
async function outputsByTrigger(url: string): Promise<Record<string, string>> {
  const specs = (await (await fetch(`${url}/_dash-dependencies`)).json()) as Array<{ output: string; inputs: Array<{ id: string }> }>;
  return Object.fromEntries(specs.map((spec) => [spec.inputs[0].id, spec.output]));
}

t.test("a generator that yields as fast as it can does not hold back a slow ticker on the same downlink by more than a turn", async (t) => {
  let fastCount = 0;
  const app = new App({ layout: html.Div([html.Button({ id: "fast" }), html.Button({ id: "slow" }), html.Div({ id: "f" }), html.Div({ id: "s" })]) });
  app.eventCallback(Input("fast", "n_clicks"), async function* (_n: unknown, ctx: { signal: AbortSignal }) {
    while (!ctx.signal.aborted) yield streamProps("f", { children: ++fastCount });
  });
  app.eventCallback(Input("slow", "n_clicks"), async function* () {
    for (let k = 0; k < 20; k++) {
      await sleep(15);
      // the fast stream's count when this tick was yielded
      yield streamProps("s", { children: fastCount });
    }
  });
  const server = await startApp(app);
  t.teardown(() => server.close());
  const outputs = await outputsByTrigger(server.url);
  const downlink = await openDownlink(server.url);
  t.teardown(() => downlink.close());
  // the client reads in bursts, so the socket backs up now and then
  const pacer = setInterval(() => (downlink.response.isPaused() ? downlink.response.resume() : downlink.response.pause()), 5);
  t.teardown(() => clearInterval(pacer));
  t.equal(await start(server.url, outputs.fast, "fast", downlink.connection, "t:1"), 202);
  t.equal(await start(server.url, outputs.slow, "slow", downlink.connection, "t:2"), 202);
  while (!downlink.frames.some(([stream, frame]) => stream === "t:2" && frame === "[DONE]")) await sleep(20);
  clearInterval(pacer);
  downlink.response.resume();
  // for each tick: the fast frames sent after it was yielded and before it
  const overtaken: number[] = [];
  let lastFast = 0;
  for (const [stream, frame] of downlink.frames) {
    if (!Array.isArray(frame) || frame[0] !== "[SINGLE]") continue;
    const value = (frame[2] as { children: number }).children;
    if (stream === "t:1") lastFast = value;
    else overtaken.push(lastFast - value);
  }
  t.equal(overtaken.length, 20, "every tick arrived");
  const worst = Math.max(0, ...overtaken);
  t.ok(worst <= 2, `fast frames yielded after a tick but sent before it: at most ${worst}`);
  t.ok(lastFast > 100, `the fast stream kept going meanwhile (${lastFast} frames)`);
});

t.test("a client that stops reading pauses the runs on its downlink; reading again resumes them", async (t) => {
  let yields = 0;
  const app = new App({ layout: html.Div([html.Button({ id: "go" }), html.Div({ id: "out" })]) });
  app.eventCallback(Input("go", "n_clicks"), async function* (_n: unknown, ctx: { signal: AbortSignal }) {
    while (!ctx.signal.aborted) {
      yields++;
      yield streamProps("out", { children: "x".repeat(1000) });
    }
  });
  const server = await startApp(app);
  t.teardown(() => server.close());
  const outputs = await outputsByTrigger(server.url);
  const downlink = await openDownlink(server.url);
  t.teardown(() => downlink.close());
  downlink.response.pause();
  t.equal(await start(server.url, outputs.go, "go", downlink.connection, "t:1"), 202);
  // socket buffers fill, then the generator waits
  let before = -1;
  while (yields !== before) {
    before = yields;
    await sleep(300);
  }
  t.ok(yields < 50_000, `the generator paused after ${yields} yields (about what the socket buffers hold)`);
  downlink.response.resume();
  while (yields < before + 1000) await sleep(20);
  t.ok(yields >= before + 1000, "it went on once the client read again");
});

t.test("runs whose downlink stays away past the grace period end: finally runs", async (t) => {
  let finished = false;
  const app = new App({ layout: html.Div([html.Button({ id: "go" }), html.Div({ id: "out" })]), downlinkGraceMs: 300 });
  app.eventCallback(Input("go", "n_clicks"), async function* (_n: unknown, ctx: { signal: AbortSignal }) {
    try {
      yield streamProps("out", { children: "started" });
      await sleep(60_000, ctx.signal);
    } finally {
      finished = true;
    }
  });
  const server = await startApp(app);
  t.teardown(() => server.close());
  const outputs = await outputsByTrigger(server.url);
  const downlink = await openDownlink(server.url);
  t.equal(await start(server.url, outputs.go, "go", downlink.connection, "t:1"), 202);
  while (downlink.frames.length === 0) await sleep(10);
  downlink.close();
  await sleep(100);
  t.notOk(finished, "the run outlives a short absence");
  while (!finished) await sleep(20);
  t.ok(finished, "ended after the grace period");
  // the connection is gone: a start on it now is told so
  t.equal(await start(server.url, outputs.go, "go", downlink.connection, "t:2"), 410);
});

t.test("a cancel request ends the named run; a newer run of the same callback in the same tab ends the older one", async (t) => {
  const ended: string[] = [];
  const app = new App({ layout: html.Div([html.Button({ id: "go" }), html.Div({ id: "out" })]) });
  app.eventCallback(Input("go", "n_clicks"), async function* (_n: unknown, ctx: { signal: AbortSignal }) {
    const me = `run${Math.random()}`;
    try {
      yield streamProps("out", { children: "started" });
      await sleep(60_000, ctx.signal);
    } finally {
      ended.push(me);
    }
  });
  const server = await startApp(app);
  t.teardown(() => server.close());
  const outputs = await outputsByTrigger(server.url);
  const downlink = await openDownlink(server.url);
  t.teardown(() => downlink.close());
  t.equal(await start(server.url, outputs.go, "go", downlink.connection, "t:1"), 202);
  t.equal(await start(server.url, outputs.go, "go", downlink.connection, "t:1"), 409, "a stream id still running is refused");
  t.equal(await start(server.url, outputs.go, "go", downlink.connection, "t:2"), 202);
  while (ended.length < 1 || !downlink.frames.some(([stream, frame]) => stream === "t:1" && Array.isArray(frame) && frame[0] === "[CANCELLED]")) await sleep(10);
  const t1 = downlink.frames.filter(([stream]) => stream === "t:1").map(([, frame]) => frame);
  t.same(t1.at(-1), ["[CANCELLED]", null, { reason: "superseded" }], "the older run ended, and the downlink says why");
  const cancel = await fetch(`${server.url}/_dash-stream-cancel`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ connection: downlink.connection, streams: ["t:2"] }),
  });
  t.same(await cancel.json(), { cancelled: 1 });
  while (ended.length < 2) await sleep(10);
  t.equal(ended.length, 2, "both runs' finally blocks ran");
  const bad = await fetch(`${server.url}/_dash-stream-cancel`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ connection: downlink.connection, streams: ["has spaces"] }),
  });
  t.equal(bad.status, 400, "a malformed stream id is a 400");
  const cursor = await fetch(`${server.url}/_dash-downlink?connection=${encodeURIComponent(downlink.connection)}`, { headers: { "last-event-id": "not-a-number" } });
  t.equal(cursor.status, 400, "a malformed Last-Event-ID is a 400");
});
