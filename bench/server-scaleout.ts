/**
 * The Redis bus (issue "Scale out"): what Redis costs, and what a second process gains.
 *
 * 1. Frame delay: K simulated browsers (default 200), each a downlink carrying S tick streams
 *    (default 10, one update per second), on one server process: through the Redis bus vs the
 *    in-process downlink (baseline), same load. Printed: yield → parsed p50/p99.
 * 2. Throughput: D downlinks (default 20), each carrying F burst streams (default 5, as fast as
 *    they are pulled, `--frames` each); total frames/s, median of alternating runs, for:
 *    in-process on 1 process (1 worker, the default), Redis on 1 process, Redis on 2 processes
 *    (2 workers: downlinks and runs spread over both, as a round-robin balancer does; and the
 *    worst case, every run on the process that does not carry its downlink), and 2 processes
 *    through a real nginx doing round-robin. With each: the CPU time every process spent per
 *    1,000 frames (servers, redis-server, this load generator), and the most frames/s 2 cores
 *    can give at that cost — where the cycles go, and whether 1.7x is within reach here.
 * 3. Streams held on one box (`--held`, default 32,000; 0 skips): per-request event-callback
 *    streams (one socket each, one update per second) opened by several load-generator
 *    processes (each from its own loopback address) against 1 process, then 2, each capped by
 *    its open-file limit (`--fd-limit`, default 20,000): what was reached, and why it stopped.
 *
 *   node --import tsx bench/server-scaleout.ts [--quick] [--browsers 200] [--streams 10] [--seconds 8] [--downlinks 20] [--fast 5] [--frames 5000] [--reps 3] [--held 32000] [--fd-limit 20000]
 */
import { Agent } from "node:http";
import { performance } from "node:perf_hooks";
import { setTimeout as delay } from "node:timers/promises";
import { parseArgs } from "./lib/args.js";
import { ensureBuilt } from "./lib/build.js";
import { spawnServer, type ServerChild } from "./lib/child.js";
import { startBenchRedis, type BenchRedis } from "./lib/redis.js";
import { startNginx } from "../test/helpers/nginx.js";
import { ratio, report, type Row } from "./lib/report.js";
import { eventCallbackBody } from "./lib/sse-client.js";
import { openDownlink, startOn } from "./lib/downlink-client.js";
import { fmt, median, summarize } from "./lib/stats.js";

const args = parseArgs();
const browsers = args.number("browsers", args.quick ? 50 : 200);
const perBrowser = args.number("streams", 10);
const seconds = args.number("seconds", args.quick ? 3 : 8);
const downlinks = args.number("downlinks", args.quick ? 10 : 20);
const fast = args.number("fast", 5);
const frames = args.number("frames", args.quick ? 1000 : 5000);
const reps = args.number("reps", args.quick ? 1 : 3);
const held = args.number("held", args.quick ? 0 : 32_000);
const fdCap = args.number("fd-limit", 20_000);

const now = (): number => performance.timeOrigin + performance.now();

/** K downlinks × S tick streams on `server`: the delays of the window. */
async function tickDelays(server: ServerChild): Promise<number[]> {
  const url = server.ready.url;
  const body = await eventCallbackBody(url, "tick");
  const delays: number[] = [];
  let measuring = false;
  const closers: Array<() => void> = [];
  const agent = new Agent({ keepAlive: true, maxSockets: 32 });
  for (let b = 0; b < browsers; b++) {
    const downlink = await openDownlink(url, new Agent({ keepAlive: false }), (_stream, frame) => {
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

/** CPU time spent per 1,000 frames, by process. */
interface Cpu {
  servers: number[];
  redis: number;
  client: number;
}

interface Throughput {
  rate: number;
  /** ms of CPU per 1,000 frames. */
  cpu: Cpu;
}

async function cpuNow(servers: readonly ServerChild[], redis: BenchRedis): Promise<Cpu> {
  const own = process.cpuUsage();
  return { servers: await Promise.all(servers.map(async (server) => (await server.ask<{ cpuMs: number }>("cpu")).cpuMs)), redis: redis.cpuMs(), client: (own.user + own.system) / 1000 };
}

/**
 * D downlinks × F burst streams. Downlink d is opened at urls[d % n]; its run s is started at
 * urls[(d + s) % n] ("spread": where a round-robin balancer puts them) or urls[(d + 1) % n]
 * ("cross": never on the process carrying its downlink). `servers`: whose CPU time is counted.
 */
async function throughput(urls: readonly string[], servers: readonly ServerChild[], redis: BenchRedis, mode: "spread" | "cross" = "spread"): Promise<Throughput> {
  const body = await eventCallbackBody(urls[0], "burst");
  const agents = urls.map(() => new Agent({ keepAlive: true, maxSockets: 8 }));
  let count = 0;
  let done = 0;
  let finished!: () => void;
  const all = new Promise<void>((resolve) => (finished = resolve));
  const cpuBefore = await cpuNow(servers, redis);
  const t0 = performance.now();
  const opened = await Promise.all(
    Array.from({ length: downlinks }, (_, d) =>
      openDownlink(urls[d % urls.length], new Agent({ keepAlive: false }), (_stream, frame) => {
        if (frame === "[DONE]") {
          if (++done === downlinks * fast) finished();
        } else count++;
      }),
    ),
  );
  const at = (d: number, s: number): number => (mode === "spread" ? d + s : d + 1) % urls.length;
  await Promise.all(opened.flatMap((downlink, d) => Array.from({ length: fast }, (_, s) => startOn(urls[at(d, s)], agents[at(d, s)], body, downlink.connection, `d${d}s${s}`))));
  await all;
  const elapsed = (performance.now() - t0) / 1000;
  const cpuAfter = await cpuNow(servers, redis);
  for (const downlink of opened) downlink.close();
  for (const agent of agents) agent.destroy();
  if (count !== downlinks * fast * frames) throw new Error(`throughput: ${count} frames, expected ${downlinks * fast * frames}`);
  const per = (ms: number): number => (ms * 1000) / count;
  return {
    rate: count / elapsed,
    cpu: { servers: cpuAfter.servers.map((ms, i) => per(ms - cpuBefore.servers[i])), redis: per(cpuAfter.redis - cpuBefore.redis), client: per(cpuAfter.client - cpuBefore.client) },
  };
}

/** The median of each CPU figure over runs. */
function medianCpu(runs: readonly Throughput[]): Cpu {
  return {
    servers: runs[0].cpu.servers.map((_, i) => median(runs.map((run) => run.cpu.servers[i]))),
    redis: median(runs.map((run) => run.cpu.redis)),
    client: median(runs.map((run) => run.cpu.client)),
  };
}

const cpuText = (cpu: Cpu): string => `CPU ms per 1,000 frames: server${cpu.servers.length > 1 ? "s" : ""} ${cpu.servers.map((ms) => fmt(ms)).join(" + ")}, redis-server ${fmt(cpu.redis)}, load generator ${fmt(cpu.client)}`;
const totalCpu = (cpu: Cpu): number => cpu.servers.reduce((a, b) => a + b, 0) + cpu.redis + cpu.client;

/**
 * Open `target` per-request streams against `servers` from load-generator processes of
 * `fdCap` open files each; what they hold, and why they stopped.
 */
async function holdStreams(servers: readonly ServerChild[], target: number): Promise<{ opened: number; onServers: number; reasons: string[] }> {
  const urls = servers.map((server) => server.ready.url);
  const body = await eventCallbackBody(urls[0], "tick");
  const perClient = Math.min(fdCap - 1000, 15_000);
  const clients = await Promise.all(Array.from({ length: Math.ceil(target / perClient) }, () => spawnServer("bench/servers/hold-client.ts", [], { fdLimit: fdCap })));
  try {
    const answers = await Promise.all(
      clients.map((client, i) => client.ask<{ opened: number; reason?: string }>("hold", { urls, count: Math.min(perClient, target - i * perClient), body, localAddress: `127.0.0.${i + 2}` })),
    );
    await delay(2000);
    const onServers = (await Promise.all(servers.map((server) => server.ask<{ open: number }>("streams")))).reduce((sum, { open }) => sum + open, 0);
    return { opened: answers.reduce((sum, answer) => sum + answer.opened, 0), onServers, reasons: [...new Set(answers.flatMap((answer) => (answer.reason ? [answer.reason.replace(/stopped at \d+ streams: /, "")] : [])))] };
  } finally {
    await Promise.all(clients.map((client) => client.stop()));
    // the servers see the sockets close and end the runs
    for (let i = 0; i < 100 && (await Promise.all(servers.map((server) => server.ask<{ open: number }>("streams")))).some(({ open }) => open > 0); i++) await delay(200);
  }
}

ensureBuilt();
const rows: Row[] = [];
const redis = await startBenchRedis();
const fdLimit = browsers * perBrowser + 2000;
const local = await spawnServer("bench/servers/stream-app.ts", ["--frames", String(frames)], { fdLimit });
const viaRedis = await spawnServer("bench/servers/stream-app.ts", ["--frames", String(frames), "--redis", redis.url], { fdLimit });
const second = await spawnServer("bench/servers/stream-app.ts", ["--frames", String(frames), "--redis", redis.url], { fdLimit });
const cleanups: Array<() => unknown> = [];
try {
  const ours = summarize(await tickDelays(viaRedis));
  const base = summarize(await tickDelays(local));
  const bench = `delay ${browsers} browsers × ${perBrowser} streams`;
  rows.push(
    { bench, measure: "yield → parsed p50", unit: "ms", ours: ours.p50, baseline: base.p50, ratio: ratio(ours.p50, base.p50), note: "ours: Redis bus, 1 process; baseline: in-process" },
    { bench, measure: "yield → parsed p99", unit: "ms", ours: ours.p99, baseline: base.p99, ratio: ratio(ours.p99, base.p99) },
  );
  const nginx = await startNginx({ teardown: (fn) => void cleanups.push(fn) }, [viaRedis, second].map((server) => new URL(server.ready.url).host));
  // a warm-up round on every process first: a cold process's JIT would count against the first mode that uses it
  await throughput([local.ready.url], [local], redis);
  await throughput([viaRedis.ready.url, second.ready.url], [viaRedis, second], redis);
  const runs = { local: [] as Throughput[], one: [] as Throughput[], two: [] as Throughput[], cross: [] as Throughput[], nginx: [] as Throughput[] };
  for (let r = 0; r < reps; r++) {
    runs.local.push(await throughput([local.ready.url], [local], redis));
    runs.one.push(await throughput([viaRedis.ready.url], [viaRedis], redis));
    runs.two.push(await throughput([viaRedis.ready.url, second.ready.url], [viaRedis, second], redis));
    runs.cross.push(await throughput([viaRedis.ready.url, second.ready.url], [viaRedis, second], redis, "cross"));
    runs.nginx.push(await throughput([nginx.url], [viaRedis, second], redis));
    process.stderr.write(
      `  rep ${r + 1}/${reps}: frames/s in-process ${fmt(runs.local[r].rate)}, Redis 1 process ${fmt(runs.one[r].rate)}, 2 processes ${fmt(runs.two[r].rate)} (cross ${fmt(runs.cross[r].rate)}, nginx ${fmt(runs.nginx[r].rate)})\n`,
    );
  }
  const rate = (list: Throughput[]): number => median(list.map((run) => run.rate));
  const [l, one, two, cross, viaNginx] = [rate(runs.local), rate(runs.one), rate(runs.two), rate(runs.cross), rate(runs.nginx)];
  const cpu = { local: medianCpu(runs.local), one: medianCpu(runs.one), two: medianCpu(runs.two), nginx: medianCpu(runs.nginx) };
  // 2 cores give 2,000 ms of CPU a second: at the measured cost per frame of every process, the most frames/s they can give
  const ceiling = (c: Cpu): number => (2000 * 1000) / totalCpu(c);
  const tb = `throughput ${downlinks} downlinks × ${fast} streams`;
  rows.push(
    { bench: tb, measure: "1 worker, in-process (the default)", unit: "frames/s", ours: l, note: cpuText(cpu.local) },
    { bench: tb, measure: "Redis, 1 process vs in-process", unit: "frames/s", ours: one, baseline: l, ratio: ratio(one, l), note: `what the bus costs; ${cpuText(cpu.one)}` },
    { bench: tb, measure: "2 workers (Redis) vs 1 worker (in-process)", unit: "frames/s", ours: two, baseline: l, ratio: ratio(two, l), note: "downlinks and runs spread over both" },
    { bench: tb, measure: "2 workers vs 1 process on Redis", unit: "frames/s", ours: two, baseline: one, ratio: ratio(two, one), note: cpuText(cpu.two) },
    { bench: tb, measure: "2 workers, every run away from its downlink", unit: "frames/s", ours: cross, baseline: one, ratio: ratio(cross, one), note: "the worst case of a balancer" },
    { bench: tb, measure: "2 instances through nginx vs 1 process on Redis", unit: "frames/s", ours: viaNginx, baseline: one, ratio: ratio(viaNginx, one), note: `${cpuText(cpu.nginx)} (nginx not counted)` },
    {
      bench: tb,
      measure: "2 workers: frames/s vs what 2 cores allow",
      unit: "frames/s",
      ours: two,
      baseline: ceiling(cpu.two),
      ratio: ratio(two, ceiling(cpu.two)),
      note: `ceiling = 2 cores / ${fmt(totalCpu(cpu.two))} ms per 1,000 frames of all processes; 1 worker in-process could reach ${fmt(ceiling(cpu.local))} by the same count, so 1.7x its ${fmt(l)} would need ${fmt(1.7 * l)}`,
    },
  );
  if (held > 0) {
    const hb = `streams held, target ${held}, open-file limit ${fdCap} per process`;
    const oneBox = await spawnServer("bench/servers/stream-app.ts", [], { fdLimit: fdCap });
    let single: Awaited<ReturnType<typeof holdStreams>>;
    try {
      single = await holdStreams([oneBox], held);
    } finally {
      await oneBox.stop();
    }
    const pair = [await spawnServer("bench/servers/stream-app.ts", ["--redis", redis.url], { fdLimit: fdCap }), await spawnServer("bench/servers/stream-app.ts", ["--redis", redis.url], { fdLimit: fdCap })];
    let double: Awaited<ReturnType<typeof holdStreams>>;
    try {
      double = await holdStreams(pair, held);
    } finally {
      await Promise.all(pair.map((server) => server.stop()));
    }
    const why = (result: typeof single): string => (result.reasons.length > 0 ? `stopped: ${result.reasons.join("; ")}` : "target reached");
    rows.push(
      { bench: hb, measure: "1 process: streams held (server count)", unit: "streams", ours: single.onServers, note: why(single) },
      { bench: hb, measure: "2 processes vs 1", unit: "streams", ours: double.onServers, baseline: single.onServers, ratio: ratio(double.onServers, single.onServers), note: why(double) },
    );
  }
} finally {
  for (const cleanup of cleanups) await cleanup();
  await Promise.all([local.stop(), viaRedis.stop(), second.stop()]);
  await redis.stop();
}
report(rows, args.json);
