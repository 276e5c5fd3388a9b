// Event callbacks over a real port, parsed with a real SSE parser: the three yield forms, [DONE],
// order of 1,000 frames, sync and async generators, onError, errors with resetProps, timeout,
// skipped undefined yields, pings, argument order and context.
import t from "tap";
import { App, html, Input, State, streamProps, sleep, type EventCallbackContext } from "../lib/index.js";
import { decodeFrameData } from "../lib/protocol/frames.js";
import type { StreamFrame, UpdateRequest } from "../lib/protocol/types.js";
import { eventually, readStream, startApp } from "./helpers/server.js";

const warnings: string[] = [];
const GENERIC_ERROR = /^event callback [0-9a-f]+ failed \(error id [0-9a-f]{12}; the server log has the details\)$/;
const state = { timeoutFinally: false, timeoutSignal: false, errorSignalAbortedInOnError: true, badYieldFinally: false };

const app = new App({ layout: html.Div(), pingIntervalMs: 40 });
let formsSignal: AbortSignal | undefined;
app.eventCallback(Input("forms", "n_clicks"), async function* (n, ctx) {
  formsSignal = ctx.signal;
  yield streamProps("out", { children: `single ${String(n)}` });
  yield streamProps([
    ["a", { x: 1 }],
    [{ type: "cell", index: 1 }, { y: 2 }],
  ]);
  yield streamProps({ batch: [["b", { z: html.Span("in a frame", { id: "span" }) }]] });
});
app.eventCallback(Input("many", "n_clicks"), async function* () {
  for (let i = 0; i < 1000; i++) yield streamProps("counter", { value: i });
});
app.eventCallback(Input("sync", "n_clicks"), function* () {
  for (let i = 0; i < 1000; i++) yield streamProps("counter", { value: i });
});
app.eventCallback(
  Input("fail", "n_clicks"),
  function* () {
    yield streamProps("fail-out", { children: "before" });
    throw new Error("boom from stream");
  },
  { resetProps: [["fail", { disabled: false }], [{ type: "x", index: 2 }, { children: "reset" }]] },
);
app.eventCallback(
  Input("handled", "n_clicks"),
  async function* () {
    yield streamProps("h-out", { children: "before" });
    throw new Error("handled boom");
  },
  {
    resetProps: { handled: { disabled: false } },
    onError: (error, ctx) => {
      state.errorSignalAbortedInOnError = ctx.signal.aborted;
      return [streamProps("h-msg", { children: `sorry: ${(error as Error).message}` }), streamProps([["h-out", { children: "cleaned" }]])];
    },
  },
);
app.eventCallback(
  Input("slow", "n_clicks"),
  async function* (_n, ctx: EventCallbackContext) {
    try {
      yield streamProps("slow-out", { children: "started" });
      await sleep(60_000, ctx.signal);
      yield streamProps("slow-out", { children: "never" });
    } finally {
      state.timeoutFinally = true;
      state.timeoutSignal = ctx.signal.aborted;
    }
  },
  { timeout: 100, resetProps: { slow: { disabled: false } }, onError: (error) => streamProps("slow-msg", { children: (error as Error).name }) },
);
app.eventCallback(Input("holes", "n_clicks"), function* () {
  yield undefined;
  yield streamProps("holes-out", { children: 1 });
  yield null;
  yield streamProps("holes-out", { children: 2 });
});
app.eventCallback(Input("idle", "n_clicks"), async function* (_n, ctx: EventCallbackContext) {
  yield streamProps("idle-out", { children: "first" });
  await sleep(200, ctx.signal);
  yield streamProps("idle-out", { children: "second" });
});
app.eventCallback(
  State("st1", "value"),
  Input("args-in", "n_clicks"),
  State("st2", "value"),
  async function* (s1, n, s2, ctx: EventCallbackContext) {
    yield streamProps("args-out", {
      children: JSON.stringify({ args: [s1, n, s2], triggeredId: ctx.triggeredId, states: ctx.states, aborted: ctx.signal.aborted }),
    });
  },
);
app.eventCallback(Input("bad-yield", "n_clicks"), function* () {
  try {
    yield { not: "a stream update" } as never;
  } finally {
    state.badYieldFinally = true;
  }
});
app.eventCallback(
  Input("onerror-fails", "n_clicks"),
  async function* () {
    yield streamProps("oef-out", { children: "before" });
    throw new Error("first failure");
  },
  {
    onError: () => {
      throw new Error("onError failed too");
    },
  },
);
// a value JSON cannot encode fails when its frame is written, not when it is yielded
app.eventCallback(Input("unencodable", "n_clicks"), function* () {
  yield streamProps("enc-out", { children: "fine" });
  yield streamProps("enc-out", { children: 10n as never });
  yield streamProps("enc-out", { children: "never" });
});
// yields nothing but holes: no write, so no backpressure paces it
app.eventCallback(
  Input("only-holes", "n_clicks"),
  function* () {
    for (;;) yield undefined;
  },
  { timeout: 200 },
);
// a plain function is not a generator function: the run fails with a frame that says so
app.eventCallback(Input("not-gen", "n_clicks"), (() => 42) as never);
// an async function is not one either; the promise it returns rejects, and that is reported too
app.eventCallback(
  Input("async-fn", "n_clicks"),
  (async () => {
    throw new Error("from an async function");
  }) as never,
);

const started = await startApp(app, { logger: { level: "warn", stream: { write: (line: string) => void warnings.push(line) } } });
t.teardown(started.close);

const deps = (await (await fetch(`${started.url}/_dash-dependencies`)).json()) as Array<{ output: string; inputs: Array<{ id: string }>; state: unknown[] }>;
function request(input: string, value: unknown = 1, state?: UpdateRequest["state"]): UpdateRequest {
  const spec = deps.find((d) => d.inputs[0].id === input)!;
  return {
    output: spec.output,
    inputs: [{ id: input, property: "n_clicks", value: value as number }],
    changedPropIds: [`${input}.n_clicks`],
    ...(state ? { state } : {}),
  };
}
const frames = (data: string[]): Array<StreamFrame | "done"> => data.map(decodeFrameData);

t.test("the three yield forms, then [DONE]; components in props serialize as layout JSON", async (t) => {
  const read = await readStream(started.url, request("forms", 3));
  t.equal(read.status, 200);
  t.match(read.contentType, /^text\/event-stream/);
  t.same(frames(read.data), [
    ["[SINGLE]", "out", { children: "single 3" }],
    ["[BATCH]", null, [["a", { x: 1 }], [{ type: "cell", index: 1 }, { y: 2 }]]],
    ["[BATCH]", null, [["b", { z: { type: "Span", namespace: "dash_html_components", props: { children: "in a frame", id: "span" } } }]]],
    "done",
  ]);
  t.equal(read.data[0], '["[SINGLE]","out",{"children":"single 3"}]', "compact JSON in data:");
  t.equal(formsSignal?.aborted, true, "ctx.signal aborts when a run ends normally too");
});

t.test("1,000 frames arrive complete and in order (async and sync generators)", async (t) => {
  for (const input of ["many", "sync"]) {
    const read = await readStream(started.url, request(input));
    t.equal(read.data.length, 1001, `${input}: 1000 frames + [DONE]`);
    const values = read.data.slice(0, 1000).map((d) => (decodeFrameData(d) as ["[SINGLE]", string, { value: number }])[2].value);
    t.same(values, Array.from({ length: 1000 }, (_, i) => i), `${input}: in yield order`);
    t.equal(read.data[1000], "[DONE]");
  }
});

t.test("an exception ends the stream with an [ERROR] frame carrying resetProps", async (t) => {
  const read = await readStream(started.url, request("fail"));
  t.equal(read.status, 200);
  // outside debug mode the message is generic; the server log has "boom from stream" under the error id
  t.match(frames(read.data), [
    ["[SINGLE]", "fail-out", { children: "before" }],
    [
      "[ERROR]",
      null,
      {
        error: GENERIC_ERROR,
        handle_error: true,
        reset_props: [["fail", { disabled: false }], [{ type: "x", index: 2 }, { children: "reset" }]],
      },
    ],
  ]);
});

t.test("onError: its updates come before the [ERROR] frame, which then has handle_error false", async (t) => {
  const read = await readStream(started.url, request("handled"));
  t.match(frames(read.data), [
    ["[SINGLE]", "h-out", { children: "before" }],
    ["[SINGLE]", "h-msg", { children: "sorry: handled boom" }],
    ["[BATCH]", null, [["h-out", { children: "cleaned" }]]],
    ["[ERROR]", null, { error: GENERIC_ERROR, handle_error: false, reset_props: [["handled", { disabled: false }]] }],
  ]);
  t.equal(state.errorSignalAbortedInOnError, false, "onError runs before the run's signal aborts");
});

t.test("an onError that throws: the [ERROR] frame still ends the run, unhandled, and the server logs both errors", async (t) => {
  warnings.length = 0;
  const read = await readStream(started.url, request("onerror-fails"));
  t.match(frames(read.data), [
    ["[SINGLE]", "oef-out", { children: "before" }],
    ["[ERROR]", null, { error: GENERIC_ERROR, handle_error: true, reset_props: [] }],
  ]);
  t.ok(warnings.some((w) => w.includes("first failure")), "the callback's error is logged");
  t.ok(warnings.some((w) => w.includes("onError raised an error") && w.includes("onError failed too")), "and onError's");
});

t.test("a yielded value JSON cannot encode ends the run with an error frame; the frames before it arrived", async (t) => {
  const read = await readStream(started.url, request("unencodable"));
  const decoded = frames(read.data);
  t.same(decoded[0], ["[SINGLE]", "enc-out", { children: "fine" }]);
  t.equal(decoded.length, 2);
  t.match(decoded[1], ["[ERROR]", null, { error: GENERIC_ERROR, handle_error: true }]);
});

t.test("timeout: the generator is closed (finally ran, signal aborted) and the run ends with an error", async (t) => {
  const read = await readStream(started.url, request("slow"));
  const decoded = frames(read.data).filter((f) => f !== "done");
  t.same(decoded, [
    ["[SINGLE]", "slow-out", { children: "started" }],
    ["[SINGLE]", "slow-msg", { children: "StreamTimeoutError" }],
    ["[ERROR]", null, { error: "event callback timed out after 100 ms", handle_error: false, reset_props: [["slow", { disabled: false }]] }],
  ]);
  t.ok(await eventually(() => state.timeoutFinally), "finally ran");
  t.equal(state.timeoutSignal, true, "ctx.signal was aborted when finally ran");
});

t.test("undefined and null yields are skipped with a server-side warning", async (t) => {
  warnings.length = 0;
  const read = await readStream(started.url, request("holes"));
  t.same(frames(read.data), [["[SINGLE]", "holes-out", { children: 1 }], ["[SINGLE]", "holes-out", { children: 2 }], "done"]);
  t.equal(warnings.filter((w) => /yielded undefined; skipped/.test(w)).length, 1, "one warning per run, not one per skipped value");
});

t.test("a generator that only yields undefined does not starve the server: other requests are answered, its timeout fires", async (t) => {
  warnings.length = 0;
  const reading = readStream(started.url, request("only-holes"));
  const layout = await fetch(`${started.url}/_dash-layout`);
  t.equal(layout.status, 200, "answered while the generator spins");
  const read = await reading;
  t.same(frames(read.data), [["[ERROR]", null, { error: "event callback timed out after 200 ms", handle_error: true, reset_props: [] }]]);
  t.equal(warnings.filter((w) => /yielded undefined; skipped/.test(w)).length, 1);
});

t.test("an idle stream gets ': ping' comments", async (t) => {
  const read = await readStream(started.url, request("idle"));
  t.same(frames(read.data), [["[SINGLE]", "idle-out", { children: "first" }], ["[SINGLE]", "idle-out", { children: "second" }], "done"]);
  t.ok(read.comments.length >= 1, "at least one ping while the generator slept 200 ms with pingIntervalMs 40");
  t.ok(read.comments.every((c) => c === "ping"));
});

t.test("the function gets Input and State values in the order declared, then the context", async (t) => {
  const spec = deps.find((d) => d.inputs[0].id === "args-in")!;
  t.same(spec.state, [
    { id: "st1", property: "value" },
    { id: "st2", property: "value" },
  ]);
  const read = await readStream(
    started.url,
    request("args-in", 9, [
      { id: "st1", property: "value", value: "one" },
      { id: "st2", property: "value", value: "two" },
    ]),
  );
  const [first] = frames(read.data) as Array<["[SINGLE]", string, { children: string }]>;
  t.same(JSON.parse(first[2].children), { args: ["one", 9, "two"], triggeredId: "args-in", states: { "st1.value": "one", "st2.value": "two" }, aborted: false });
});

t.test("yielding something other than streamProps(...) ends the run with an error frame", async (t) => {
  const read = await readStream(started.url, request("bad-yield"));
  const [frame] = frames(read.data) as Array<["[ERROR]", null, { error: string; handle_error: boolean }]>;
  t.equal(frame[0], "[ERROR]");
  t.match(frame[2].error, /yielded an object; yield streamProps/);
  t.equal(state.badYieldFinally, true, "the generator was closed (its finally ran)");
  const notGen = await readStream(started.url, request("not-gen"));
  const [notGenFrame] = frames(notGen.data) as Array<["[ERROR]", null, { error: string }]>;
  t.match(notGenFrame[2].error, /must be a generator function/);
  warnings.length = 0;
  const asyncFn = await readStream(started.url, request("async-fn"));
  const [asyncFrame] = frames(asyncFn.data) as Array<["[ERROR]", null, { error: string }]>;
  t.match(asyncFrame[2].error, /must be a generator function/);
  // unhandled, the rejection would end the server process (and fail this test file)
  t.ok(await eventually(() => warnings.some((w) => w.includes("the promise it returned rejected") && w.includes("from an async function"))), "its rejection is logged");
});

t.test("the server answers other requests while streams run", async (t) => {
  const slow = readStream(started.url, request("idle"));
  const layout = await fetch(`${started.url}/_dash-layout`);
  t.equal(layout.status, 200);
  t.equal((await slow).data.at(-1), "[DONE]");
});

t.test("debug mode puts the stack in the [ERROR] frame's message", async (t) => {
  const debugApp = new App({ layout: html.Div(), debug: true });
  debugApp.eventCallback(Input("go", "n_clicks"), function* () {
    yield streamProps("out", { children: "x" });
    throw new Error("deep");
  });
  const server = await startApp(debugApp);
  t.teardown(server.close);
  const spec = ((await (await fetch(`${server.url}/_dash-dependencies`)).json()) as Array<{ output: string }>)[0];
  const read = await readStream(server.url, { output: spec.output, inputs: [{ id: "go", property: "n_clicks", value: 1 }], changedPropIds: [] });
  const last = decodeFrameData(read.data.at(-1)!) as ["[ERROR]", null, { error: string }];
  t.match(last[2].error, /^Error: deep\n\s+at /);
});
