/**
 * Bench 3 — fan-in latency. With N (default 1,000) streams open, each yielding one update per
 * second that carries the server's clock at `yield`, the client (another process) parses every
 * frame with the renderer's decoder and records now − t: the time from `yield` on the server
 * to the frame parsed by a client. Both processes read the same system clock
 * (performance.timeOrigin + performance.now()). Baseline: a bare node:http server writing the
 * same timestamped frames from a setInterval per response, measured the same way.
 *
 *   node --import tsx bench/server-fan-in.ts [--quick] [--streams 1000] [--seconds 10]
 */
import { Agent, type IncomingMessage } from "node:http";
import { performance } from "node:perf_hooks";
import { setTimeout as delay } from "node:timers/promises";
import { decodeFrameData } from "../lib/protocol/frames.js";
import { parseArgs } from "./lib/args.js";
import { ensureBuilt } from "./lib/build.js";
import { spawnServer } from "./lib/child.js";
import { ensureOpenFileLimit } from "./lib/reexec.js";
import { ratio, report, type Row } from "./lib/report.js";
import { eventCallbackBody, post, sseSplitter, STREAM_PATH } from "./lib/sse-client.js";
import { fmt, summarize, type Summary } from "./lib/stats.js";

const args = parseArgs();
const streams = args.number("streams", args.quick ? 200 : 1000);
const seconds = args.number("seconds", args.quick ? 3 : 10);
ensureOpenFileLimit(streams + 1000);
const now = (): number => performance.timeOrigin + performance.now();

/** Open `streams` streams on `url + path` (`"event"`: the event callback's stream endpoint), record latencies for `seconds` once all are open and past their first tick. */
async function measure(script: string, path: string): Promise<Summary> {
  const server = await spawnServer(script);
  const url = server.ready.url;
  const agent = new Agent({ keepAlive: false, maxSockets: Infinity });
  const responses: IncomingMessage[] = [];
  let recording = false;
  const latencies: number[] = [];
  try {
    const body = path === "event" ? await eventCallbackBody(url, "tick") : "{}";
    const target = path === "event" ? STREAM_PATH : path;
    let next = 0;
    const opener = async (): Promise<void> => {
      while (next < streams) {
        next++;
        const res = await post(url, target, body, agent);
        if (res.statusCode !== 200) throw new Error(`stream answered HTTP ${res.statusCode}`);
        responses.push(res);
        res.setEncoding("utf8");
        res.on(
          "data",
          sseSplitter((data) => {
            const frame = decodeFrameData(data);
            if (frame === "done" || frame[0] !== "[SINGLE]") return;
            const t = (frame[2] as { t: number }).t;
            if (recording) latencies.push(now() - t);
          }),
        );
      }
    };
    await Promise.all(Array.from({ length: 64 }, opener));
    await delay(2000); // past every stream's random first offset
    recording = true;
    await delay(seconds * 1000);
    recording = false;
    return summarize(latencies);
  } finally {
    for (const res of responses) res.destroy();
    agent.destroy();
    await server.stop();
  }
}

async function main(): Promise<Row[]> {
  const ours = await measure("bench/servers/stream-app.ts", "event");
  const raw = await measure("bench/servers/raw-stream.ts", "/tick");
  const note = `${fmt(ours.n)} frames (raw ${fmt(raw.n)}) over ${seconds} s; max ours ${fmt(ours.max)} ms, raw ${fmt(raw.max)} ms`;
  return [
    { bench: "3 fan-in", measure: `${fmt(streams)} streams, yield→parsed p50`, unit: "ms", ours: ours.p50, baseline: raw.p50, ratio: ratio(ours.p50, raw.p50), note },
    {
      bench: "3 fan-in",
      measure: `${fmt(streams)} streams, yield→parsed p99`,
      unit: "ms",
      ours: ours.p99,
      baseline: raw.p99,
      ratio: ratio(ours.p99, raw.p99),
      note: "baseline = bare node:http + setInterval per response",
    },
  ];
}

ensureBuilt();
report(await main(), args.json);
