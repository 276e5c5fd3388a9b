/**
 * Bench 2 — many open streams. For each K (default 1,000, 5,000, 10,000) a fresh server child
 * gets K streams, each yielding one update per second; then, while they run, a regular
 * callback is POSTed every 50 ms. Printed per K: server RSS per stream (RSS with K streams minus
 * RSS of the idle server, over K), the server's event-loop delay p99 (perf_hooks
 * monitorEventLoopDelay, reset when the measuring window starts), and the POST's p50/p99
 * latency; the same POST at K = 0 is the baseline.
 *
 * Open files: the server child is started through `bash -c "ulimit -n 65535 || ulimit -n <hard
 * limit>; exec node ..."`, and this client re-runs itself the same way when its own limit is
 * too low. A K the limit (or anything else) does not let us reach is printed with the reason.
 *
 *   node --import tsx bench/server-many-streams.ts [--quick] [--ks 1000,5000,10000] [--seconds 10]
 */
import { Agent, type IncomingMessage } from "node:http";
import { performance } from "node:perf_hooks";
import { setTimeout as delay } from "node:timers/promises";
import { parseArgs } from "./lib/args.js";
import { ensureBuilt } from "./lib/build.js";
import { openFileLimit, spawnServer } from "./lib/child.js";
import { ensureOpenFileLimit } from "./lib/reexec.js";
import { ratio, report, type Row } from "./lib/report.js";
import { echoBody, eventCallbackBody, openStream, postText } from "./lib/sse-client.js";
import { fmt, summarize, type Summary } from "./lib/stats.js";

const args = parseArgs();
const ks = args.numbers("ks", args.quick ? [200, 1000] : [1000, 5000, 10_000]);
const seconds = args.number("seconds", args.quick ? 3 : 10);
const MB = 1024 * 1024;
ensureOpenFileLimit(Math.max(...ks) + 1000);

interface Measured {
  k: number;
  opened: number;
  openSeconds: number;
  reason?: string;
  rssIdle: number;
  rssLoaded: number;
  /** RSS at the end of the window, before the GC. */
  rssPeak: number;
  /** JS heap retained per stream after a full GC (bytes). */
  heapPerStream: number;
  eldP99: number;
  post: Summary;
  ticksPerSecond: number;
  /** Streams the server counted open at the end of the window. */
  openOnServer: number;
  /** The server child's open-file limit. */
  fdLimit: number;
}

/** POST the regular callback every 50 ms for `seconds`, one at a time, on one kept-alive socket. */
async function postLatencies(url: string, seconds: number): Promise<number[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const latencies: number[] = [];
  const end = performance.now() + seconds * 1000;
  try {
    for (let n = 1; performance.now() < end; n++) {
      const start = performance.now();
      const answer = await postText(url, "/_dash-update-component", echoBody(n), agent);
      latencies.push(performance.now() - start);
      if (answer.status !== 200) throw new Error(`regular callback answered ${answer.status}: ${answer.text}`);
      await delay(50);
    }
  } finally {
    agent.destroy();
  }
  return latencies;
}

async function measure(k: number): Promise<Measured> {
  const server = await spawnServer("bench/servers/stream-app.ts", [], { nodeFlags: ["--expose-gc"] });
  const url = server.ready.url;
  const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
  const responses: IncomingMessage[] = [];
  let ticks = 0;
  let reason: string | undefined;
  try {
    await postLatencies(url, 1); // warm-up of the regular callback path
    // RSS after a full GC, here and with K streams: what the streams retain, not garbage not yet collected
    await server.ask("gc");
    const idle = await server.ask<{ rss: number; heapUsed: number }>("stats");
    const rssIdle = idle.rss;
    if (k + 100 > server.ready.fdLimit) reason = `server open-file limit is ${server.ready.fdLimit} (hard limit), K needs ~${k + 100}`;
    else if (k + 100 > openFileLimit()) reason = `client open-file limit is ${openFileLimit()}, K needs ~${k + 100}`;

    const openStart = performance.now();
    if (!reason && k > 0) {
      const body = await eventCallbackBody(url, "tick");
      let next = 0;
      // a bounded number of connections in flight, so the listen backlog never overflows
      const opener = async (): Promise<void> => {
        while (next < k && !reason) {
          next++;
          try {
            const res = await openStream(url, body, agent);
            responses.push(res);
            res.on("data", () => ticks++);
            res.on("error", () => {});
          } catch (error) {
            reason ??= `stopped at ${responses.length} streams: ${(error as Error).message}`;
          }
        }
      };
      await Promise.all(Array.from({ length: 64 }, opener));
    }
    const openSeconds = (performance.now() - openStart) / 1000;
    await delay(2000); // every stream past its first, random-offset tick
    await server.ask("reset");
    const ticksBefore = ticks;
    const windowStart = performance.now();
    const latencies = await postLatencies(url, seconds);
    const ticksPerSecond = ((ticks - ticksBefore) * 1000) / (performance.now() - windowStart);
    const stats = await server.ask<{ rss: number; eldP99: number }>("stats");
    await server.ask("gc");
    const afterGc = await server.ask<{ rss: number; heapUsed: number }>("stats");
    const rssAfterGc = afterGc.rss;
    const open = await server.ask<{ open: number }>("streams");
    process.stderr.write(
      `  K=${k}: ${open.open} open on the server, opened in ${fmt(openSeconds)} s, ${fmt(ticksPerSecond)} updates/s received, RSS ${fmt(stats.rss / MB)} MiB\n`,
    );
    return { k, opened: responses.length, openSeconds, reason, rssIdle, rssLoaded: rssAfterGc, rssPeak: stats.rss, heapPerStream: k > 0 ? (afterGc.heapUsed - idle.heapUsed) / k : 0, eldP99: stats.eldP99, post: summarize(latencies), ticksPerSecond, openOnServer: open.open, fdLimit: server.ready.fdLimit };
  } finally {
    for (const res of responses) res.destroy();
    agent.destroy();
    await server.stop();
  }
}

async function main(): Promise<Row[]> {
  const base = await measure(0);
  const rows: Row[] = [
    {
      bench: "2 many streams",
      measure: "open-file limits",
      unit: "",
      ours: "",
      note: `server child started through bash -c "ulimit -n 65535 || ulimit -n <hard limit>; exec node ...": limit ${base.fdLimit}; this client: ${openFileLimit()}`,
    },
    {
      bench: "2 many streams",
      measure: "K=0 regular POST p50 / p99",
      unit: "ms",
      ours: `${fmt(base.post.p50)} / ${fmt(base.post.p99)}`,
      note: `baseline for the rows below; event-loop p99 ${fmt(base.eldP99)} ms; RSS ${fmt(base.rssLoaded / MB)} MiB`,
    },
  ];
  for (const k of ks) {
    const m = await measure(k);
    const label = `K=${fmt(k)}`;
    if (m.reason && m.opened < k) {
      rows.push({ bench: "2 many streams", measure: `${label} not reached`, unit: "", ours: "n/a", note: m.reason });
      continue;
    }
    const perStream = (m.rssLoaded - m.rssIdle) / k;
    rows.push(
      {
        bench: "2 many streams",
        measure: `${label} server RSS per stream`,
        unit: "KiB",
        ours: perStream / 1024,
        note: `RSS after GC ${fmt(m.rssLoaded / MB)} MiB (before GC ${fmt(m.rssPeak / MB)}, idle ${fmt(m.rssIdle / MB)}); JS heap ${fmt(m.heapPerStream / 1024)} KiB/stream; ${fmt(m.openOnServer)} open on the server, opened in ${fmt(m.openSeconds)} s; ${fmt(m.ticksPerSecond)} updates/s received${k === 10_000 ? "; target < 1 GiB" : ""}`,
      },
      { bench: "2 many streams", measure: `${label} event-loop delay p99`, unit: "ms", ours: m.eldP99, baseline: base.eldP99, ratio: ratio(m.eldP99, base.eldP99) },
      {
        bench: "2 many streams",
        measure: `${label} regular POST p50`,
        unit: "ms",
        ours: m.post.p50,
        baseline: base.post.p50,
        ratio: ratio(m.post.p50, base.post.p50),
        note: `${m.post.n} POSTs in ${seconds} s`,
      },
      {
        bench: "2 many streams",
        measure: `${label} regular POST p99`,
        unit: "ms",
        ours: m.post.p99,
        baseline: base.post.p99,
        ratio: ratio(m.post.p99, base.post.p99),
        note: k === 10_000 ? "target < 50 ms" : undefined,
      },
    );
  }
  return rows;
}

ensureBuilt();
report(await main(), args.json);
