/**
 * The Redis bus (issue "Scale out"): what Redis costs, and what a second process gains.
 *
 * 1. Frame delay: K simulated browsers (default 200), each a downlink carrying S tick streams
 *    (default 10, one update per second), on one server process: through the Redis bus vs the
 *    in-process downlink (baseline), same load. Printed: yield → parsed p50/p99.
 * 2. Throughput: D downlinks (default 20), each carrying F burst streams (default 5, as fast as
 *    they are pulled, `--frames` each); total frames/s, median of alternating runs, for:
 *    in-process on 1 process (baseline), Redis on 1 process, Redis on 2 processes (each downlink
 *    on one, its runs started on the other: the worst case of a round-robin balancer).
 *
 *   node --import tsx bench/server-scaleout.ts [--quick] [--browsers 200] [--streams 10] [--seconds 8] [--downlinks 20] [--fast 5] [--frames 5000] [--reps 3]
 */
import { Agent, request, type IncomingMessage } from "node:http";
import { performance } from "node:perf_hooks";
import { setTimeout as delay } from "node:timers/promises";
import { parseArgs } from "./lib/args.js";
import { ensureBuilt } from "./lib/build.js";
import { spawnServer, type ServerChild } from "./lib/child.js";
import { startBenchRedis } from "./lib/redis.js";
import { ratio, report, type Row } from "./lib/report.js";
import { eventCallbackBody, post, sseSplitter, STREAM_PATH } from "./lib/sse-client.js";
import { fmt, median, summarize } from "./lib/stats.js";

const args = parseArgs();
const browsers = args.number("browsers", args.quick ? 50 : 200);
const perBrowser = args.number("streams", 10);
const seconds = args.number("seconds", args.quick ? 3 : 8);
const downlinks = args.number("downlinks", args.quick ? 10 : 20);
const fast = args.number("fast", 5);
const frames = args.number("frames", args.quick ? 1000 : 5000);
const reps = args.number("reps", args.quick ? 1 : 3);

const now = (): number => performance.timeOrigin + performance.now();

/** Open a downlink; `onFrame(frame)` for each frame event. Resolves with its connection id at `hello`. */
function openDownlink(url: string, onFrame: (frame: unknown) => void): Promise<{ connection: string; close(): void }> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/_dash-downlink`, { agent: new Agent({ keepAlive: false }), headers: { accept: "text/event-stream" } }, (response: IncomingMessage) => {
      response.setEncoding("utf8");
      let connection = "";
      response.on(
        "data",
        sseSplitter((data) => {
          const event = JSON.parse(data) as { connection?: string; stream?: string; frame?: unknown };
          if (event.connection !== undefined && !connection) {
            connection = event.connection;
            resolve({ connection, close: () => req.destroy() });
          } else if (event.stream !== undefined) onFrame(event.frame);
        }),
      );
    });
    req.on("error", reject);
    req.end();
  });
}

async function startOn(url: string, agent: Agent, body: string, connection: string, stream: string): Promise<void> {
  const parsed = JSON.parse(body) as Record<string, unknown>;
  const res = await post(url, STREAM_PATH, JSON.stringify({ ...parsed, downlink: { connection, stream, tab: stream } }), agent);
  res.resume();
  if (res.statusCode !== 202) throw new Error(`start ${stream}: HTTP ${String(res.statusCode)}`);
  await new Promise((resolve) => res.once("end", resolve));
}

/** K downlinks × S tick streams on `server`: the delays of the window. */
async function tickDelays(server: ServerChild): Promise<number[]> {
  const url = server.ready.url;
  const body = await eventCallbackBody(url, "tick");
  const delays: number[] = [];
  let measuring = false;
  const closers: Array<() => void> = [];
  const agent = new Agent({ keepAlive: true, maxSockets: 32 });
  for (let b = 0; b < browsers; b++) {
    const downlink = await openDownlink(url, (frame) => {
      if (!measuring || !Array.isArray(frame) || frame[0] !== "[SINGLE]") return;
      const { t, i } = frame[2] as { t: number; i: number };
      if (i > 0) delays.push(now() - t);
    });
    closers.push(() => downlink.close());
    await Promise.all(Array.from({ length: perBrowser }, (_, s) => startOn(url, agent, body, downlink.connection, `b${b}s${s}`)));
  }
  await delay(1500);
  measuring = true;
  await delay(seconds * 1000);
  measuring = false;
  for (const close of closers) close();
  agent.destroy();
  while ((await server.ask<{ open: number }>("streams")).open > 0) await delay(200);
  return delays;
}

/** D downlinks × F burst streams; downlink d on servers[d % n], its runs started on servers[(d + 1) % n]. */
async function throughput(servers: readonly ServerChild[]): Promise<number> {
  const urls = servers.map((server) => server.ready.url);
  const body = await eventCallbackBody(urls[0], "burst");
  const agents = urls.map(() => new Agent({ keepAlive: true, maxSockets: 8 }));
  let count = 0;
  let done = 0;
  let finished!: () => void;
  const all = new Promise<void>((resolve) => (finished = resolve));
  const t0 = performance.now();
  const opened = await Promise.all(
    Array.from({ length: downlinks }, (_, d) =>
      openDownlink(urls[d % urls.length], (frame) => {
        if (frame === "[DONE]") {
          if (++done === downlinks * fast) finished();
        } else count++;
      }),
    ),
  );
  await Promise.all(
    opened.flatMap((downlink, d) => Array.from({ length: fast }, (_, s) => startOn(urls[(d + 1) % urls.length], agents[(d + 1) % urls.length], body, downlink.connection, `d${d}s${s}`))),
  );
  await all;
  const elapsed = (performance.now() - t0) / 1000;
  for (const downlink of opened) downlink.close();
  for (const agent of agents) agent.destroy();
  if (count !== downlinks * fast * frames) throw new Error(`throughput: ${count} frames, expected ${downlinks * fast * frames}`);
  return count / elapsed;
}

ensureBuilt();
const rows: Row[] = [];
const redis = await startBenchRedis();
const fdLimit = browsers * perBrowser + 2000;
const local = await spawnServer("bench/servers/stream-app.ts", ["--frames", String(frames)], { fdLimit });
const viaRedis = await spawnServer("bench/servers/stream-app.ts", ["--frames", String(frames), "--redis", redis.url], { fdLimit });
const second = await spawnServer("bench/servers/stream-app.ts", ["--frames", String(frames), "--redis", redis.url], { fdLimit });
try {
  const ours = summarize(await tickDelays(viaRedis));
  const base = summarize(await tickDelays(local));
  const bench = `delay ${browsers} browsers × ${perBrowser} streams`;
  rows.push(
    { bench, measure: "yield → parsed p50", unit: "ms", ours: ours.p50, baseline: base.p50, ratio: ratio(ours.p50, base.p50), note: "ours: Redis bus, 1 process; baseline: in-process" },
    { bench, measure: "yield → parsed p99", unit: "ms", ours: ours.p99, baseline: base.p99, ratio: ratio(ours.p99, base.p99) },
  );
  const rates = { local: [] as number[], one: [] as number[], two: [] as number[] };
  for (let r = 0; r < reps; r++) {
    rates.local.push(await throughput([local]));
    rates.one.push(await throughput([viaRedis]));
    rates.two.push(await throughput([viaRedis, second]));
    process.stderr.write(`  rep ${r + 1}/${reps}: in-process ${fmt(rates.local[r])}, Redis 1 process ${fmt(rates.one[r])}, Redis 2 processes ${fmt(rates.two[r])} frames/s\n`);
  }
  const [l, one, two] = [median(rates.local), median(rates.one), median(rates.two)];
  const tb = `throughput ${downlinks} downlinks × ${fast} streams`;
  rows.push(
    { bench: tb, measure: "Redis, 1 process vs in-process", unit: "frames/s", ours: one, baseline: l, ratio: ratio(one, l), note: "what the bus costs" },
    { bench: tb, measure: "Redis, 2 processes vs 1", unit: "frames/s", ours: two, baseline: one, ratio: ratio(two, one), note: "runs on one process, downlink on the other; the client and redis-server share the cores" },
  );
} finally {
  await Promise.all([local.stop(), viaRedis.stop(), second.stop()]);
  await redis.stop();
}
report(rows, args.json);
