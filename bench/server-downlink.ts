/**
 * The multiplexed downlink (issue "One downlink per browser"), against the per-request transport
 * measured side by side on the same server child.
 *
 * 1. Many browsers: K simulated browsers (default 1,000), each with one downlink carrying S
 *    streams (default 10) of one update per second — K×S runs over K connections. Printed: the
 *    delay from `yield` (the server's clock in the frame) to the frame parsed by the client,
 *    p50/p95/p99 over the window, and the server's RSS. Baseline: the same K×S runs, each on its
 *    own POST response (K×S connections). Anchor from Dash 4.5 (plotly/dash#3931): 1,000 browsers
 *    on one uvicorn worker at p50 3 ms / p95 22 ms. Target: p50 < 1 ms, p95 < 5 ms, < 1 GiB.
 * 2. Throughput: one downlink carrying 100 streams that yield as fast as they are pulled, against
 *    the same 100 streams over 100 connections; total frames/s, median of alternating runs.
 *    Target: ≥ 0.8× the per-request figure.
 *
 *   node --import tsx bench/server-downlink.ts [--quick] [--browsers 1000] [--streams 10] [--seconds 10] [--frames 20000] [--reps 3]
 *
 * `--browsers 0` skips part 1 (the throughput alone, e.g. to compare builds run after run).
 */
import { Agent } from "node:http";
import { performance } from "node:perf_hooks";
import { setTimeout as delay } from "node:timers/promises";
import { parseArgs } from "./lib/args.js";
import { ensureBuilt } from "./lib/build.js";
import { spawnServer, type ServerChild } from "./lib/child.js";
import { ensureOpenFileLimit } from "./lib/reexec.js";
import { ratio, report, type Row } from "./lib/report.js";
import { eventCallbackBody, post, sseSplitter, STREAM_PATH } from "./lib/sse-client.js";
import { openDownlink, startOn } from "./lib/downlink-client.js";
import { fmt, median, summarize } from "./lib/stats.js";

const args = parseArgs();
const browsers = args.number("browsers", args.quick ? 100 : 1000);
const perBrowser = args.number("streams", 10);
const seconds = args.number("seconds", args.quick ? 3 : 10);
const frames = args.number("frames", args.quick ? 5000 : 20_000);
const reps = args.number("reps", args.quick ? 1 : 3);
const FAST_STREAMS = 100;
const MB = 1024 * 1024;
ensureOpenFileLimit(browsers * perBrowser + 2000);

const now = (): number => performance.timeOrigin + performance.now();

interface DelayResult {
  delays: number[];
  rss: number;
  eldP99: number;
  opened: number;
}

/** The tick streams of the window: multiplexed (K downlinks × S runs) or per-request (K×S responses). */
async function tickDelays(server: ServerChild, multiplexed: boolean): Promise<DelayResult> {
  const url = server.ready.url;
  const body = await eventCallbackBody(url, "tick");
  const delays: number[] = [];
  let measuring = false;
  const record = (frame: unknown): void => {
    if (!measuring || !Array.isArray(frame) || frame[0] !== "[SINGLE]") return;
    const { t, i } = frame[2] as { t: number; i: number };
    if (i > 0) delays.push(now() - t);
  };
  const closers: Array<() => void> = [];
  const startAgent = new Agent({ keepAlive: true, maxSockets: 32 });
  if (multiplexed) {
    for (let b = 0; b < browsers; b++) {
      const downlink = await openDownlink(url, new Agent({ keepAlive: false }), (_stream, frame) => record(frame));
      closers.push(() => downlink.close());
      await Promise.all(Array.from({ length: perBrowser }, (_, s) => startOn(url, startAgent, body, downlink.connection, `b${b}s${s}`)));
    }
  } else {
    const agent = new Agent({ keepAlive: true, maxSockets: Infinity });
    for (let n = 0; n < browsers * perBrowser; n += 100) {
      await Promise.all(
        Array.from({ length: Math.min(100, browsers * perBrowser - n) }, async () => {
          const res = await post(url, STREAM_PATH, body, agent);
          res.setEncoding("utf8");
          res.on("data", sseSplitter((data) => record(JSON.parse(data))));
          closers.push(() => res.destroy());
        }),
      );
    }
  }
  const opened = (await server.ask<{ open: number }>("streams")).open;
  await delay(1500);
  await server.ask("reset");
  measuring = true;
  await delay(seconds * 1000);
  measuring = false;
  const stats = await server.ask<{ rss: number; eldP99: number }>("stats");
  for (const close of closers) close();
  startAgent.destroy();
  // let the server end the runs before the next measurement
  while ((await server.ask<{ open: number }>("streams")).open > 0) await delay(200);
  return { delays, rss: stats.rss, eldP99: stats.eldP99, opened };
}

/**
 * 100 streams of `frames` updates as fast as they are pulled, over one downlink or 100 responses:
 * frames/s, and the server's CPU time per frame (µs; robust on a busy machine, where rates are not).
 */
async function throughput(server: ServerChild, multiplexed: boolean): Promise<{ rate: number; cpuUs: number }> {
  const url = server.ready.url;
  const cpuBefore = await server.ask<{ cpuMs: number }>("cpu");
  const body = await eventCallbackBody(url, "burst");
  let done = 0;
  let count = 0;
  const t0 = performance.now();
  let finished!: () => void;
  const all = new Promise<void>((resolve) => (finished = resolve));
  const onData = (data: unknown): void => {
    if (data === "[DONE]") {
      if (++done === FAST_STREAMS) finished();
    } else count++;
  };
  if (multiplexed) {
    const downlink = await openDownlink(url, new Agent({ keepAlive: false }), (_stream, frame) => onData(frame));
    const agent = new Agent({ keepAlive: true, maxSockets: 8 });
    await Promise.all(Array.from({ length: FAST_STREAMS }, (_, s) => startOn(url, agent, body, downlink.connection, `f${s}`)));
    await all;
    downlink.close();
    agent.destroy();
  } else {
    const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
    await Promise.all(
      Array.from({ length: FAST_STREAMS }, async () => {
        const res = await post(url, STREAM_PATH, body, agent);
        res.setEncoding("utf8");
        // parsed as the downlink's events are: a client reads each frame
        res.on("data", sseSplitter((data) => onData(data === "[DONE]" ? data : JSON.parse(data))));
      }),
    );
    await all;
  }
  const elapsed = (performance.now() - t0) / 1000;
  if (count !== FAST_STREAMS * frames) throw new Error(`throughput: ${count} frames, expected ${FAST_STREAMS * frames}`);
  const cpuAfter = await server.ask<{ cpuMs: number }>("cpu");
  return { rate: count / elapsed, cpuUs: ((cpuAfter.cpuMs - cpuBefore.cpuMs) * 1000) / count };
}

ensureBuilt();
const rows: Row[] = [];
const server = await spawnServer("bench/servers/stream-app.ts", ["--frames", String(frames)], { fdLimit: browsers * perBrowser + 2000 });
try {
  if (browsers > 0) {
    const runs = browsers * perBrowser;
    const ours = await tickDelays(server, true);
    const base = await tickDelays(server, false);
    const o = summarize(ours.delays);
    const b = summarize(base.delays);
    process.stderr.write(`  many browsers: ${ours.opened} runs over ${browsers} downlinks, ${ours.delays.length} frames; per-request ${base.opened} runs, ${base.delays.length} frames\n`);
    const bench = `downlink ${browsers} browsers × ${perBrowser} streams`;
    rows.push(
      { bench, measure: "yield → parsed p50", unit: "ms", ours: o.p50, baseline: b.p50, ratio: ratio(o.p50, b.p50), note: "baseline: per-request (one connection per run); Dash 4.5 anchor p50 3 ms" },
      { bench, measure: "yield → parsed p95", unit: "ms", ours: o.p95, baseline: b.p95, ratio: ratio(o.p95, b.p95), note: "Dash 4.5 anchor p95 22 ms; target < 5 ms" },
      { bench, measure: "yield → parsed p99", unit: "ms", ours: o.p99, baseline: b.p99, ratio: ratio(o.p99, b.p99) },
      { bench, measure: "server RSS", unit: "MiB", ours: ours.rss / MB, baseline: base.rss / MB, ratio: ratio(ours.rss, base.rss), note: `${runs} runs; target < 1024 MiB` },
      { bench, measure: "server event-loop delay p99", unit: "ms", ours: ours.eldP99, baseline: base.eldP99 },
    );
  }
  const oursRates: number[] = [];
  const baseRates: number[] = [];
  const oursCpu: number[] = [];
  const baseCpu: number[] = [];
  for (let r = 0; r < reps; r++) {
    const ours = await throughput(server, true);
    const base = await throughput(server, false);
    oursRates.push(ours.rate);
    baseRates.push(base.rate);
    oursCpu.push(ours.cpuUs);
    baseCpu.push(base.cpuUs);
    process.stderr.write(
      `  throughput rep ${r + 1}/${reps}: downlink ${fmt(ours.rate)} frames/s (server CPU ${fmt(ours.cpuUs)} us/frame), per-request ${fmt(base.rate)} frames/s (${fmt(base.cpuUs)} us/frame)\n`,
    );
  }
  const oursRate = median(oursRates);
  const baseRate = median(baseRates);
  rows.push({
    bench: `downlink ${FAST_STREAMS} fast streams`,
    measure: "frames/s (median)",
    unit: "frames/s",
    ours: oursRate,
    baseline: baseRate,
    ratio: ratio(oursRate, baseRate),
    note: `one downlink vs ${FAST_STREAMS} connections, ${frames} frames each; target ≥ 0.8x`,
  });
  rows.push({
    bench: `downlink ${FAST_STREAMS} fast streams`,
    measure: "server CPU per frame (median)",
    unit: "us",
    ours: median(oursCpu),
    baseline: median(baseCpu),
    ratio: ratio(median(oursCpu), median(baseCpu)),
    note: "user + system time of the server process during a run / frames",
  });
} finally {
  await server.stop();
}
report(rows, args.json);
