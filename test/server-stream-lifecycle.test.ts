// A stream's life beyond the happy path: the client leaving mid-stream (the generator is closed
// with return(), its finally runs, ctx.signal aborts), backpressure against a client that stops
// reading, and the server closing with streams open.
import t from "tap";
import { request as httpRequest, type ClientRequest, type IncomingMessage } from "node:http";
import { App, html, Input, streamProps, sleep, type EventCallbackContext } from "../lib/index.js";
import type { UpdateRequest } from "../lib/protocol/types.js";
import { eventually, readStream, startApp } from "./helpers/server.js";

interface RunState {
  pulled: number;
  finallyRan: boolean;
  signalAborted: boolean;
}
const fresh = (): RunState => ({ pulled: 0, finallyRan: false, signalAborted: false });
const runs: Record<string, RunState> = { async: fresh(), sync: fresh(), big: fresh(), shutdown: fresh() };

function track(name: string, ctx: EventCallbackContext): RunState {
  const run = (runs[name] = fresh());
  ctx.signal.addEventListener("abort", () => (run.signalAborted = true));
  return run;
}

const app = new App({ layout: html.Div() });
app.eventCallback(Input("async", "n_clicks"), async function* (_n, ctx: EventCallbackContext) {
  const run = track("async", ctx);
  try {
    for (let i = 0; ; i++) {
      run.pulled++;
      yield streamProps("out", { children: i });
      await sleep(5, ctx.signal);
    }
  } finally {
    run.finallyRan = true;
  }
});
app.eventCallback(Input("sync", "n_clicks"), function* (_n, ctx: EventCallbackContext) {
  const run = track("sync", ctx);
  try {
    for (let i = 0; ; i++) {
      run.pulled++;
      yield streamProps("out", { children: i });
    }
  } finally {
    run.finallyRan = true;
  }
});
const megabyte = "x".repeat(1024 * 1024);
app.eventCallback(Input("big", "n_clicks"), function* (_n, ctx: EventCallbackContext) {
  const run = track("big", ctx);
  try {
    for (;;) {
      run.pulled++;
      yield streamProps("out", { children: megabyte });
    }
  } finally {
    run.finallyRan = true;
  }
});
app.eventCallback(Input("shutdown", "n_clicks"), async function* (_n, ctx: EventCallbackContext) {
  const run = track("shutdown", ctx);
  try {
    yield streamProps("out", { children: "open" });
    await sleep(60_000, ctx.signal);
  } finally {
    run.finallyRan = true;
  }
});

let onErrorCalled = false;
app.eventCallback(
  Input("stuck-onerror", "n_clicks"),
  function* () {
    yield streamProps("out", { children: "open" });
    throw new Error("fails, and onError never settles");
  },
  {
    onError: () => {
      onErrorCalled = true;
      return new Promise<never>(() => {});
    },
  },
);

const started = await startApp(app);
let closed = false;
t.teardown(async () => {
  if (!closed) await started.close();
});
const deps = (await (await fetch(`${started.url}/_dash-dependencies`)).json()) as Array<{ output: string; inputs: Array<{ id: string }> }>;
function body(input: string): UpdateRequest {
  const spec = deps.find((d) => d.inputs[0].id === input)!;
  return { output: spec.output, inputs: [{ id: input, property: "n_clicks", value: 1 }], changedPropIds: [`${input}.n_clicks`] };
}

t.test("client disconnects mid-stream: finally runs within 1 s and ctx.signal is aborted", async (t) => {
  for (const name of ["async", "sync"]) {
    const read = await readStream(started.url, body(name), (_data, index) => index >= 4);
    t.ok(read.data.length >= 5, `${name}: read some frames before leaving`);
    t.ok(await eventually(() => runs[name].finallyRan, 1000), `${name}: the generator's finally ran within 1 s of the abort`);
    t.equal(runs[name].signalAborted, true, `${name}: ctx.signal aborted`);
    const pulled = runs[name].pulled;
    await sleep(50);
    t.equal(runs[name].pulled, pulled, `${name}: nothing is pulled after the client left`);
  }
});

/** Open a stream with node:http and stop reading as soon as the response starts. */
function openPaused(payload: UpdateRequest): Promise<{ req: ClientRequest; res: IncomingMessage }> {
  const url = new URL(`${started.url}/dash_update_component_sse`);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: url.hostname, port: url.port, path: url.pathname, method: "POST", headers: { "content-type": "application/json" } });
    req.on("error", () => {}); // destroyed on purpose at the end
    req.on("response", (res) => {
      res.pause(); // never read: the socket's buffers fill up and the server must stop pulling
      resolve({ req, res });
    });
    req.once("error", reject);
    req.end(JSON.stringify(payload));
  });
}

t.test("backpressure: a client that stops reading stops the generator being pulled", async (t) => {
  const { req } = await openPaused(body("big"));
  const run = (): RunState => runs.big;
  // wait until pulling has settled (no new pull for 300 ms), at most 5 s
  let last = -1;
  for (let waited = 0; waited < 5000 && run().pulled !== last; waited += 300) {
    last = run().pulled;
    await sleep(300);
  }
  // An unthrottled server would have produced thousands of 1 MB frames by now; kernel and Node
  // buffers on loopback hold at most about a dozen of them.
  t.ok(run().pulled > 0, "the stream started");
  t.ok(run().pulled < 64, `values pulled stay bounded (pulled ${run().pulled} MB-sized values)`);
  t.equal(run().finallyRan, false, "the run is still open, waiting for the client");
  req.destroy();
  t.ok(await eventually(() => run().finallyRan, 1000), "finally ran after the paused client left");
  t.equal(run().signalAborted, true);
});

const SHUTDOWN_FRAME = '["[ERROR]",null,{"error":"the server is shutting down; this event callback run was ended","handle_error":true,"reset_props":[]}]';

t.test("closing the server ends open streams and closes their generators", async (t) => {
  // one stream blocked on a client that does not read, one idle in a long sleep
  const paused = await openPaused(body("big"));
  t.ok(await eventually(() => runs.big.pulled > 0, 2000));
  let opened!: () => void;
  const firstFrame = new Promise<void>((resolve) => (opened = resolve));
  const reading = readStream(started.url, body("shutdown"), () => void opened());
  await firstFrame;
  // a run whose onError never settles must not hold the close up
  const stuck = readStream(started.url, body("stuck-onerror"));
  t.ok(await eventually(() => onErrorCalled, 2000), "onError is running");
  await started.close();
  closed = true;
  const read = await reading;
  t.same(read.data, ['["[SINGLE]","out",{"children":"open"}]', SHUTDOWN_FRAME], "the stream ended with the shutdown [ERROR] frame, without [DONE]");
  t.ok(await eventually(() => runs.shutdown.finallyRan, 1000), "finally ran");
  t.equal(runs.shutdown.signalAborted, true);
  t.ok(await eventually(() => runs.big.finallyRan, 1000), "the stream waiting for a paused client was closed too");
  t.same((await stuck).data, ['["[SINGLE]","out",{"children":"open"}]', SHUTDOWN_FRAME], "the run with a stuck onError ended, with the shutdown frame instead of its own");
  paused.req.destroy();
});
