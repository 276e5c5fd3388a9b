/**
 * A plain (`function*`) generator's values are taken in a synchronous loop, a burst at a time
 * (lib/callbacks/run-stream.ts). What that loop must keep: setProps (ctx's and the module-level
 * one) land in order with the yields across many bursts, on both transports; a generator that
 * never awaits still lets the event loop turn every few dozen values (timers, another stream's
 * frames, a regular callback's POST, its own timeout); it stops at once when the run ends.
 */
import t from "tap";
import { App, html, Input, Output, setProps, sleep, streamProps, type EventCallbackContext } from "../lib/index.js";
import { decodeFrameData } from "../lib/protocol/frames.js";
import type { StreamFrame, UpdateRequest } from "../lib/protocol/types.js";
import { openDownlink, outputsByTrigger, start } from "./helpers/downlink-client.js";
import { eventually, postJson, readStream, startApp } from "./helpers/server.js";

const MIXED_VALUES = 300;
const flood = { pulled: 0, finallyRan: false, turnAfter: -1 };
const timed = { pulled: 0, finallyRan: false, signalAborted: false };

const app = new App({
  layout: html.Div([html.Button({ id: "mixed" }), html.Button({ id: "flood" }), html.Button({ id: "ticker" }), html.Button({ id: "timed" }), html.Button({ id: "btn" }), html.Div({ id: "echo" })]),
});
// from a nested function: the module-level setProps finds the run through its scope
const nested = (i: number): PromiseLike<void> => setProps("side2", { children: i });
app.eventCallback(Input("mixed", "n_clicks"), function* (_n: unknown, ctx: EventCallbackContext) {
  for (let i = 0; i < MIXED_VALUES; i++) {
    yield streamProps("log", { children: i });
    if (i % 7 === 0) void ctx.setProps("side", { children: i });
    if (i % 11 === 0) void nested(i);
  }
});
app.eventCallback(Input("flood", "n_clicks"), function* () {
  flood.finallyRan = false;
  flood.pulled = 0;
  flood.turnAfter = -1;
  try {
    for (;;) {
      flood.pulled++;
      // a callback queued for the event loop's next turn while the generator runs: how many values it yields before that turn
      if (flood.pulled === 100) {
        const at = flood.pulled;
        setImmediate(() => (flood.turnAfter = flood.pulled - at));
      }
      yield streamProps("out", { children: flood.pulled });
    }
  } finally {
    flood.finallyRan = true;
  }
});
app.eventCallback(Input("ticker", "n_clicks"), async function* () {
  for (let i = 0; i < 5; i++) {
    await sleep(10);
    yield streamProps("tick", { children: i });
  }
});
app.eventCallback(
  Input("timed", "n_clicks"),
  function* (_n: unknown, ctx: EventCallbackContext) {
    timed.pulled = 0;
    ctx.signal.addEventListener("abort", () => (timed.signalAborted = true));
    try {
      for (;;) {
        timed.pulled++;
        yield streamProps("out", { children: timed.pulled });
      }
    } finally {
      timed.finallyRan = true;
    }
  },
  { timeout: 150 },
);
app.callback(Output("echo", "children"), Input("btn", "n_clicks"), (n: unknown) => `clicked ${String(n)}`);

const started = await startApp(app);
t.teardown(started.close);
const outputs = await outputsByTrigger(started.url);
function body(input: string): UpdateRequest {
  return { output: outputs[input], inputs: [{ id: input, property: "n_clicks", value: 1 }], changedPropIds: [`${input}.n_clicks`] };
}

/** The frames the `mixed` generator must produce, in order. */
function mixedExpected(): StreamFrame[] {
  const frames: StreamFrame[] = [];
  for (let i = 0; i < MIXED_VALUES; i++) {
    frames.push(["[SINGLE]", "log", { children: i }]);
    if (i % 7 === 0) frames.push(["[SINGLE]", "side", { children: i }]);
    if (i % 11 === 0) frames.push(["[SINGLE]", "side2", { children: i }]);
  }
  return frames;
}

t.test("a function* generator's setProps (ctx's and module-level) land in order with its yields across many bursts (per-request)", async (t) => {
  const read = await readStream(started.url, body("mixed"));
  t.equal(read.data.at(-1), "[DONE]");
  t.same(read.data.slice(0, -1).map(decodeFrameData), mixedExpected(), `${read.data.length - 1} frames in order`);
});

t.test("the same on a downlink (the multiplexed transport, whose sink is full every few frames)", async (t) => {
  const downlink = await openDownlink(started.url);
  t.teardown(() => downlink.close());
  t.equal(await start(started.url, outputs.mixed, "mixed", downlink.connection, "t:1"), 202);
  const ofRun = (): unknown[] => downlink.frames.filter(([, stream]) => stream === "t:1").map(([, , frame]) => frame);
  t.ok(await eventually(() => ofRun().at(-1) === "[DONE]", 10_000), "the run ended with [DONE]");
  t.same(ofRun().slice(0, -1), mixedExpected());
});

t.test("a generator that never awaits lets the event loop turn every few dozen values, and stops at once when its client leaves", async (t) => {
  let leave = false;
  let floodFrames = 0;
  const reading = readStream(started.url, body("flood"), () => {
    floodFrames++;
    return leave;
  });
  t.ok(await eventually(() => flood.turnAfter >= 0, 5000), "the event loop turned while it ran");
  t.ok(flood.turnAfter < 1000, `after ${flood.turnAfter} more values (not only once the socket filled up)`);
  // while it floods: another stream's frames and a regular callback's answer get through
  const ticker = await readStream(started.url, body("ticker"));
  t.same(ticker.data.map(decodeFrameData), [...[0, 1, 2, 3, 4].map((i) => ["[SINGLE]", "tick", { children: i }]), "done"], "the ticker's frames all arrived");
  const answer = await postJson(started.url, "/_dash-update-component", {
    output: "echo.children",
    outputs: { id: "echo", property: "children" },
    inputs: [{ id: "btn", property: "n_clicks", value: 3 }],
    changedPropIds: ["btn.n_clicks"],
  });
  t.equal(answer.status, 200);
  t.match(answer.json, { response: { echo: { children: "clicked 3" } } }, "the regular callback answered");
  t.equal(flood.finallyRan, false, "the flood was still running meanwhile");
  t.ok(floodFrames > 1000, `and its frames kept coming (${floodFrames})`);
  leave = true;
  await reading;
  t.ok(await eventually(() => flood.finallyRan, 1000), "its finally ran once the client left");
  const pulled = flood.pulled;
  await sleep(50);
  t.equal(flood.pulled, pulled, "nothing was pulled after that");
});

t.test("a generator that never awaits still times out: [ERROR] after its frames, finally ran, nothing pulled after", async (t) => {
  const read = await readStream(started.url, body("timed"));
  const last = decodeFrameData(read.data.at(-1)!);
  t.same(last, ["[ERROR]", null, { error: "event callback timed out after 150 ms", handle_error: true, reset_props: [] }]);
  t.ok(read.data.length > 100, `${read.data.length - 1} frames before it`);
  t.equal(timed.finallyRan, true, "finally ran");
  t.equal(timed.signalAborted, true, "ctx.signal aborted");
  const pulled = timed.pulled;
  await sleep(50);
  t.equal(timed.pulled, pulled, "nothing was pulled after the timeout");
});
