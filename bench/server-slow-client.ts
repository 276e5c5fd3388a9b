/**
 * Bench 4 — slow client. An event callback yields as fast as it is pulled, forever; one client
 * reads its stream at 10 KB/s (1 KB every 100 ms) for `--seconds` (default 30). Printed: the
 * server's RSS at the start and at the end, and the generator's pulls next to the frames the
 * client has read. With backpressure the server pulls only when the socket can take more, so
 * pulls − reads stays bounded by what the buffers on the way hold (Node's writable buffer and
 * the kernel's loopback socket buffers, a few MB) instead of growing with time.
 *
 *   node --import tsx bench/server-slow-client.ts [--quick] [--seconds 30] [--rate 10240]
 */
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";
import { setTimeout as delay } from "node:timers/promises";
import { parseArgs } from "./lib/args.js";
import { ensureBuilt } from "./lib/build.js";
import { spawnServer } from "./lib/child.js";
import { report, type Row } from "./lib/report.js";
import { eventCallbackBody, post, STREAM_PATH } from "./lib/sse-client.js";
import { fmt } from "./lib/stats.js";

const args = parseArgs();
const seconds = args.number("seconds", args.quick ? 6 : 30);
const rate = args.number("rate", 10 * 1024);
const TICK_MS = 100;
const MB = 1024 * 1024;

interface Sample {
  at: number;
  rss: number;
  pulled: number;
  read: number;
}

function kernelBuffers(): string {
  try {
    const max = (file: string): number => Number(readFileSync(file, "utf8").trim().split(/\s+/)[2]);
    return `kernel max socket buffers: send ${fmt(max("/proc/sys/net/ipv4/tcp_wmem") / MB)} MiB, receive ${fmt(max("/proc/sys/net/ipv4/tcp_rmem") / MB)} MiB`;
  } catch {
    return "kernel socket buffer sizes unknown";
  }
}

async function main(): Promise<Row[]> {
  const server = await spawnServer("bench/servers/stream-app.ts");
  try {
    const res = await post(server.ready.url, STREAM_PATH, await eventCallbackBody(server.ready.url, "flood"), undefined);
    res.pause();
    let bytes = 0;
    let newlines = 0;
    // read `rate` bytes per second in TICK_MS slices; the rest waits in buffers
    const reader = setInterval(() => {
      let budget = (rate * TICK_MS) / 1000;
      while (budget > 0) {
        const available = Math.min(budget, res.readableLength);
        if (available <= 0) {
          res.read(0); // ask the stream to refill from the socket
          break;
        }
        const chunk = res.read(available) as Buffer | null;
        if (!chunk) break;
        budget -= chunk.length;
        bytes += chunk.length;
        for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) newlines++;
      }
    }, TICK_MS);

    const start = performance.now();
    const samples: Sample[] = [];
    const sample = async (): Promise<Sample> => {
      const stats = await server.ask<{ rss: number }>("stats");
      const { pulled } = await server.ask<{ pulled: number }>("pulled");
      const s = { at: (performance.now() - start) / 1000, rss: stats.rss, pulled, read: Math.floor(newlines / 2) };
      samples.push(s);
      return s;
    };
    await delay(1000);
    await sample();
    while ((performance.now() - start) / 1000 < seconds) {
      await delay(Math.max(1, Math.min(Math.max(1000, (seconds * 1000) / 6), seconds * 1000 - (performance.now() - start))));
      const s = await sample();
      process.stderr.write(`  slow client t=${fmt(s.at)} s: RSS ${fmt(s.rss / MB)} MiB, pulled ${fmt(s.pulled)}, read ${fmt(s.read)}\n`);
    }
    clearInterval(reader);
    res.destroy();
    const first = samples[0];
    const mid = samples[Math.floor(samples.length / 2)];
    const last = samples[samples.length - 1];
    const bytesPerFrame = bytes / Math.max(1, last.read);
    const maxRss = Math.max(...samples.map((s) => s.rss));
    return [
      {
        bench: "4 slow client",
        measure: `server RSS start → end (${fmt(seconds)} s)`,
        unit: "MiB",
        ours: `${fmt(first.rss / MB)} → ${fmt(last.rss / MB)}`,
        note: `max ${fmt(maxRss / MB)} MiB over ${samples.length} samples`,
      },
      {
        bench: "4 slow client",
        measure: "values pulled / frames read (end)",
        unit: "frames",
        ours: `${fmt(last.pulled)} / ${fmt(last.read)}`,
        note: `client read ${fmt(bytes / 1024)} KB at ${fmt(rate / 1024)} KB/s, ${fmt(bytesPerFrame)} B/frame`,
      },
      {
        bench: "4 slow client",
        measure: `pulled − read at t=${fmt(first.at)}, ${fmt(mid.at)}, ${fmt(last.at)} s`,
        unit: "frames",
        ours: `${fmt(first.pulled - first.read)}, ${fmt(mid.pulled - mid.read)}, ${fmt(last.pulled - last.read)}`,
        note: `in buffers, not growing = backpressure; ≈ ${fmt(((last.pulled - last.read) * bytesPerFrame) / MB)} MiB; ${kernelBuffers()}`,
      },
    ];
  } finally {
    await server.stop();
  }
}

ensureBuilt();
report(await main(), args.json);
