/**
 * The Redis bus at the HTTP level, with a real redis-server and three servers of one app: the
 * start POST on one, the downlink on another, the cancel on a third; a downlink cut and resumed
 * on another server with its Last-Event-ID (no frame lost or repeated); backpressure across
 * processes; the refusal to use Redis without a shared secret.
 */
import t from "tap";
import { App, html, Input, streamProps, sleep } from "../lib/index.js";
import { openDownlink, outputsByTrigger, start, cancel, type DownlinkReader } from "./helpers/downlink-client.js";
import { startApp, type StartedApp } from "./helpers/server.js";
import { startRedis } from "./helpers/redis-server.js";

const SECRET = "redis-bus-test-secret";

async function until(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

const values = (reader: DownlinkReader, stream: string): unknown[] =>
  reader.frames.filter(([, s, frame]) => s === stream && Array.isArray(frame) && frame[0] === "[SINGLE]").map(([, , frame]) => ((frame as unknown[])[2] as { children: unknown }).children);

let yields = 0;
let finallyRan = 0;
function makeApp(redis: string): App {
  const app = new App({ layout: html.Div([html.Button({ id: "count" }), html.Button({ id: "forever" }), html.Button({ id: "flood" }), html.Div({ id: "out" })]), redis, secret: SECRET, downlinkGraceMs: 1500, downlinkLogSize: 64 });
  app.eventCallback(Input("count", "n_clicks"), async function* () {
    for (let i = 1; i <= 200; i++) {
      yield streamProps("out", { children: i });
      if (i % 20 === 0) await sleep(5);
    }
  });
  app.eventCallback(Input("forever", "n_clicks"), async function* (_n: unknown, ctx: { signal: AbortSignal }) {
    try {
      for (let i = 1; ; i++) {
        yield streamProps("out", { children: i });
        await sleep(10, ctx.signal);
      }
    } finally {
      finallyRan++;
    }
  });
  app.eventCallback(Input("flood", "n_clicks"), async function* (_n: unknown, ctx: { signal: AbortSignal }) {
    while (!ctx.signal.aborted) {
      yields++;
      yield streamProps("out", { children: "x".repeat(2000) });
    }
  });
  return app;
}

t.test("the Redis bus: start on A, downlink on B, cancel on C, resume on C", async (t) => {
  const redis = await startRedis(t);
  const servers: StartedApp[] = [];
  for (let i = 0; i < 3; i++) servers.push(await startApp(makeApp(redis.url)));
  t.teardown(() => Promise.all(servers.map((server) => server.close())));
  const [a, b, c] = servers.map((server) => server.url) as [string, string, string];
  const outputs = await outputsByTrigger(a);

  await t.test("a run started on A streams, complete and in order, on B's downlink", async (t) => {
    const downlink = await openDownlink(b);
    t.teardown(() => downlink.close());
    t.equal(await start(a, outputs.count, "count", downlink.connection, "s:1"), 202);
    t.equal(await start(c, outputs.count, "count", downlink.connection, "s:2", "tab2"), 202);
    await until(() => downlink.frames.filter(([, , frame]) => frame === "[DONE]").length === 2, "both runs' [DONE]");
    const expected = Array.from({ length: 200 }, (_, i) => i + 1);
    t.same(values(downlink, "s:1"), expected, "run on A: every value, in order");
    t.same(values(downlink, "s:2"), expected, "run on C: every value, in order");
    const seqs = downlink.frames.map(([seq]) => seq);
    t.same(seqs, Array.from({ length: seqs.length }, (_, i) => i + 1), "one sequence across both processes, no gap");
    t.equal(await start(b, outputs.count, "count", downlink.connection, "s:1"), 202, "a stream id that ended may be used again");
  });

  await t.test("a cancel on C ends a run on A; its finally runs; the page hears [CANCELLED]", async (t) => {
    const downlink = await openDownlink(b);
    t.teardown(() => downlink.close());
    const before = finallyRan;
    t.equal(await start(a, outputs.forever, "forever", downlink.connection, "f:1"), 202);
    t.equal(await start(a, outputs.forever, "forever", downlink.connection, "f:1"), 409, "the same stream id twice: refused");
    await until(() => values(downlink, "f:1").length >= 3, "the run's first values");
    t.equal(await cancel(c, downlink.connection, ["f:1"]), 1, "C counts the run that A runs");
    await until(() => downlink.frames.some(([, s, frame]) => s === "f:1" && Array.isArray(frame) && frame[0] === "[CANCELLED]"), "[CANCELLED]");
    await until(() => finallyRan === before + 1, "the generator's finally");
    t.equal(await cancel(c, downlink.connection, ["f:1"]), 0, "nothing left to cancel");
  });

  await t.test("a newer run of the callback in the same tab, started on another process, ends the older one", async (t) => {
    const downlink = await openDownlink(b);
    t.teardown(() => downlink.close());
    t.equal(await start(a, outputs.forever, "forever", downlink.connection, "g:1"), 202);
    await until(() => values(downlink, "g:1").length >= 2, "the first run's values");
    t.equal(await start(c, outputs.forever, "forever", downlink.connection, "g:2"), 202);
    await until(() => downlink.frames.some(([, s, frame]) => s === "g:1" && Array.isArray(frame) && (frame[2] as { reason?: string } | undefined)?.reason === "superseded"), "the older run's [CANCELLED] superseded");
    await until(() => values(downlink, "g:2").length >= 2, "the newer run's values");
    await cancel(a, downlink.connection, ["g:2"]);
  });

  await t.test("the downlink cut on B and resumed on C with its Last-Event-ID: no frame lost or repeated", async (t) => {
    const first = await openDownlink(b);
    const connection = first.connection;
    t.equal(await start(a, outputs.forever, "forever", connection, "r:1"), 202);
    await until(() => values(first, "r:1").length >= 5, "values before the cut");
    first.close();
    const lastSeen = first.frames.at(-1)![0];
    await sleep(100); // the run keeps going meanwhile: these frames wait in Redis
    const second = await openDownlink(c, connection, lastSeen);
    t.teardown(() => second.close());
    t.ok(second.resumed, "resumed: true");
    await until(() => values(second, "r:1").length >= 10, "values after the resume");
    const all = [...values(first, "r:1"), ...values(second, "r:1")];
    t.same(all, Array.from({ length: all.length }, (_, i) => i + 1), "1, 2, 3, ... across both downlinks");
    t.equal(second.frames[0][0], lastSeen + 1, "the resume starts right after the last event seen");
    t.equal(await cancel(b, connection, ["r:1"]), 1);
  });

  await t.test("a client that stops reading on B pauses a run on A; reading again resumes it", async (t) => {
    const downlink = await openDownlink(b);
    t.teardown(() => downlink.close());
    downlink.response.pause();
    yields = 0;
    t.equal(await start(a, outputs.flood, "flood", downlink.connection, "p:1"), 202);
    // socket buffers fill, then the downlink stops reading Redis, then the run on A waits
    let paused = -1;
    while (yields !== paused) {
      paused = yields;
      await sleep(300);
    }
    t.ok(paused < 50_000, `the run on A paused after ${paused} yields (about what the socket buffers hold, plus half the log)`);
    downlink.response.resume();
    await until(() => yields > paused + 500, "yields after reading again");
    await cancel(c, downlink.connection, ["p:1"]);
  });

  await t.test("a downlink away past its grace: the runs end on every process, and the id starts afresh", async (t) => {
    const downlink = await openDownlink(b);
    const before = finallyRan;
    t.equal(await start(a, outputs.forever, "forever", downlink.connection, "e:1"), 202);
    await until(() => values(downlink, "e:1").length >= 2, "the run's values");
    downlink.close();
    await until(() => finallyRan === before + 1, "the run's finally after the grace", 10_000);
    t.equal(await start(c, outputs.forever, "forever", downlink.connection, "e:2"), 410, "starting on the expired connection: 410");
    const again = await openDownlink(c, downlink.connection, downlink.frames.at(-1)![0]);
    t.teardown(() => again.close());
    t.equal(again.resumed, false, "resumed: false");
  });

  await t.test("Redis down: a start gets a 503; pages and regular callbacks keep working; nothing crashes", async (t) => {
    const downlink = await openDownlink(b);
    t.teardown(() => downlink.close());
    await redis.stop();
    const response = await fetch(`${a}/dash_update_component_sse`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ output: outputs.count, outputs: [], inputs: [{ id: "count", property: "n_clicks", value: 1 }], changedPropIds: ["count.n_clicks"], downlink: { connection: downlink.connection, stream: "x:1", tab: "t" } }),
    });
    t.equal(response.status, 503);
    // terse outside debug mode, as every 5xx; the server log has the cause
    t.match(((await response.json()) as { error?: string }).error ?? "", /error id/);
    t.equal((await fetch(`${c}/_dash-layout`)).status, 200, "the layout is served");
    await redis.start();
    // the clients reconnect by themselves
    const deadline = Date.now() + 15_000;
    let reopened: DownlinkReader | null = null;
    while (!reopened && Date.now() < deadline) {
      reopened = await openDownlink(c).catch(() => null);
      if (!reopened) await sleep(100);
    }
    t.ok(reopened, "a downlink opens once Redis is back");
    if (!reopened) return;
    t.teardown(() => reopened.close());
    t.equal(await start(a, outputs.count, "count", reopened.connection, "y:1"), 202);
    await until(() => reopened.frames.some(([, , frame]) => frame === "[DONE]"), "the run's [DONE] after the restart");
    t.equal(values(reopened, "y:1").length, 200, "every value");
  });
});

t.test("Redis without a shared secret is refused with a clear message", async (t) => {
  const previous = process.env.DASH_EVENTS_SECRET;
  delete process.env.DASH_EVENTS_SECRET;
  t.teardown(() => {
    if (previous !== undefined) process.env.DASH_EVENTS_SECRET = previous;
  });
  const app = new App({ layout: html.Div("x"), redis: "redis://127.0.0.1:1" });
  await t.rejects(app.createServer({ logger: false }), { code: "ERR_DASH_EVENTS_CONFIG", message: /DASH_EVENTS_SECRET/ });
});
