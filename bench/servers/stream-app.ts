/**
 * The measured dash-events server (run as a child process by the server benches): one App
 * with the event callbacks the benches drive, listening on a free loopback port.
 *
 * - `burst.n_clicks`: yields `--frames` tiny updates as fast as the client takes them (bench 1);
 * - `tick.n_clicks`: one update per second, each carrying the server's clock at `yield`
 *   (benches 2 and 3); the first update comes at once, so the client knows the stream is open;
 * - `flood.n_clicks`: yields forever as fast as it is pulled, counting the pulls (bench 4);
 * - `echo.children` ← `btn.n_clicks`: a regular callback, whose POST latency bench 2 measures.
 */
import { performance } from "node:perf_hooks";
import { App, html, Input, Output, sleep, streamProps, type EventCallbackContext } from "../../dist/lib/index.js";
import { parseArgs } from "../lib/args.js";
import { serveControl } from "./control.js";

const args = parseArgs();
const frames = args.number("frames", 100_000);
let pulled = 0;
let openTicks = 0;

/** Wall-clock ms with sub-ms precision; comparable across processes on one machine. */
const now = (): number => performance.timeOrigin + performance.now();

// `--redis URL`: the downlinks go through the Redis bus (bench/server-scaleout.ts)
const redis = args.string("redis", "") || undefined;
const app = new App({
  layout: html.Div([html.Button("go", { id: "burst" }), html.Div({ id: "out" }), html.Div({ id: "echo" })]),
  ...(redis ? { redis, secret: "bench-secret" } : {}),
});

app.eventCallback(Input("burst", "n_clicks"), function* () {
  for (let i = 0; i < frames; i++) yield streamProps("out", { children: i });
});

app.eventCallback(Input("tick", "n_clicks"), async function* (_n: unknown, ctx: EventCallbackContext) {
  openTicks++;
  try {
    yield streamProps("out", { t: now(), i: 0 });
    // spread the streams' ticks over the second, as independent clients would be
    await sleep(Math.random() * 1000, ctx.signal);
    for (let i = 1; ; i++) {
      yield streamProps("out", { t: now(), i });
      await sleep(1000, ctx.signal);
    }
  } finally {
    openTicks--;
  }
});

app.eventCallback(Input("flood", "n_clicks"), function* () {
  for (let i = 0; ; i++) {
    pulled++;
    yield streamProps("out", { children: i });
  }
});

app.callback(Output("echo", "children"), Input("btn", "n_clicks"), (n: unknown) => `clicked ${String(n)}`);

const { url } = await app.listen({ port: 0, logger: false });
serveControl(url, {
  pulled: () => ({ pulled }),
  streams: () => ({ open: openTicks }),
});
