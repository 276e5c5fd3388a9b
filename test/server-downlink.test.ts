/**
 * The downlink at the HTTP level, read by a plain client: fair turns between runs that share it,
 * runs paused while the client does not read, runs ended when the downlink stays away past its
 * grace, a cancel request, and a newer run of a callback in a tab ending the older one.
 */
import t from "tap";
import { App, html, Input, streamProps, sleep } from "../lib/index.js";
import { openDownlink, outputsByTrigger, start } from "./helpers/downlink-client.js";
import { startApp } from "./helpers/server.js";

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
  while (!downlink.frames.some(([, stream, frame]) => stream === "t:2" && frame === "[DONE]")) await sleep(20);
  clearInterval(pacer);
  downlink.response.resume();
  // for each tick: the fast frames sent after it was yielded and before it
  const overtaken: number[] = [];
  let lastFast = 0;
  for (const [, stream, frame] of downlink.frames) {
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
  while (ended.length < 1 || !downlink.frames.some(([, stream, frame]) => stream === "t:1" && Array.isArray(frame) && frame[0] === "[CANCELLED]")) await sleep(10);
  const t1 = downlink.frames.filter(([, stream]) => stream === "t:1").map(([, , frame]) => frame);
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

t.test("runs that yield at once share each written chunk in turns: one frame per run per turn", async (t) => {
  const RUNS = 3;
  const FRAMES = 40;
  let started = 0;
  let open!: () => void;
  const gate = new Promise<void>((resolve) => (open = resolve));
  const app = new App({ layout: html.Div([html.Button({ id: "go" }), html.Div({ id: "out" })]) });
  app.eventCallback(Input("go", "n_clicks"), async function* () {
    if (++started === RUNS) open();
    // every run waits for the others, so that all of them have frames waiting at once
    await gate;
    for (let i = 0; i < FRAMES; i++) yield streamProps("out", { children: i });
  });
  const server = await startApp(app);
  t.teardown(() => server.close());
  const outputs = await outputsByTrigger(server.url);
  const downlink = await openDownlink(server.url);
  t.teardown(() => downlink.close());
  // the raw chunks as they arrive: which streams' frames each carries
  const chunks: string[][] = [];
  downlink.response.on("data", (chunk: string) => chunks.push([...chunk.matchAll(/"stream":"(t:\d)"/g)].map((match) => match[1])));
  // one tab each: a newer run of a callback in the same tab would end the older one
  for (let r = 1; r <= RUNS; r++) t.equal(await start(server.url, outputs.go, "go", downlink.connection, `t:${r}`, `tab${r}`), 202);
  const done = (): number => downlink.frames.filter(([, , frame]) => frame === "[DONE]").length;
  while (done() < RUNS) await sleep(10);
  const order = downlink.frames.filter(([, , frame]) => Array.isArray(frame)).map(([, stream]) => stream);
  t.equal(order.length, RUNS * FRAMES, "every frame arrived");
  let streak = 0;
  let longest = 0;
  for (let k = 0; k < order.length - RUNS * 2; k++) {
    streak = k > 0 && order[k] === order[k - 1] ? streak + 1 : 1;
    longest = Math.max(longest, streak);
  }
  t.ok(longest <= 2, `while every run had frames waiting, no run had more than two turns in a row (longest ${longest})`);
  t.ok(
    chunks.some((streams) => new Set(streams).size === RUNS),
    "the frames of all the runs went out together, in one written chunk",
  );
  const seqs = downlink.frames.map(([seq]) => seq);
  t.same(seqs, seqs.map((_, k) => seqs[0] + k), "sequence numbers follow each other");
});

t.test("a downlink dropped in the middle of a burst and resumed from its Last-Event-ID: every frame once, in order", async (t) => {
  const FRAMES = 20_000;
  const app = new App({ layout: html.Div([html.Button({ id: "go" }), html.Div({ id: "out" })]), downlinkLogSize: 50_000 });
  app.eventCallback(Input("go", "n_clicks"), function* () {
    for (let i = 0; i < FRAMES; i++) yield streamProps("out", { children: i });
  });
  const server = await startApp(app);
  t.teardown(() => server.close());
  const outputs = await outputsByTrigger(server.url);
  const first = await openDownlink(server.url);
  t.equal(await start(server.url, outputs.go, "go", first.connection, "t:1"), 202);
  while (first.frames.length < 1000) await sleep(1);
  first.close();
  const seen = first.frames.slice();
  t.ok(seen.length < FRAMES, `dropped mid-burst, after ${seen.length} frames`);
  const cursor = seen.at(-1)![0];
  const second = await openDownlink(server.url, first.connection, cursor);
  t.teardown(() => second.close());
  t.ok(second.resumed, "the connection resumed");
  while (!second.frames.some(([, , frame]) => frame === "[DONE]")) await sleep(10);
  const all = [...seen, ...second.frames];
  t.equal(second.resets, 0, "no reset");
  t.same(
    all.map(([seq]) => seq),
    all.map((_, k) => all[0][0] + k),
    "each sequence number once, in order",
  );
  const values = all.filter(([, , frame]) => Array.isArray(frame)).map(([, , frame]) => ((frame as [string, string, { children: number }])[2]).children);
  t.same(values, Array.from({ length: FRAMES }, (_, i) => i), "each frame once, in order");
});
