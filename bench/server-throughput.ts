/**
 * Bench 1 — one stream, tiny updates. An event callback yields N (default 100,000) tiny
 * `streamProps`; a client in this process reads the SSE body. Baseline: a bare node:http
 * server writing the same N pre-encoded frames (same bytes) to its response, waiting only for
 * 'drain': the most this machine pushes through one loopback response. Both servers run in
 * child processes; runs alternate ours, raw, ours, raw …
 *
 *   node --import tsx bench/server-throughput.ts [--quick] [--frames N] [--reps R]
 */
import { connect } from "node:net";
import { performance } from "node:perf_hooks";
import { parseArgs } from "./lib/args.js";
import { ensureBuilt } from "./lib/build.js";
import { spawnServer, type ServerChild } from "./lib/child.js";
import { ratio, report, type Row } from "./lib/report.js";
import { eventCallbackBody, STREAM_PATH } from "./lib/sse-client.js";
import { fmt, summarize } from "./lib/stats.js";

const args = parseArgs();
const frames = args.number("frames", args.quick ? 20_000 : 100_000);
const reps = args.number("reps", args.quick ? 2 : 5);

interface Run {
  seconds: number;
  bytes: number;
  frames: number;
  /** CPU time (user + system, ms) the server process used during the run. */
  cpuMs: number;
}

/**
 * POST over a bare TCP socket and read to the end counting bytes and frames: the leanest reader
 * possible, so that the figure is the server's rate, not the client's HTTP parsing. Bytes are
 * counted on the wire (headers and chunked framing included, the same for both servers); a
 * frame ends in a blank line ("\n\n", which neither compact JSON nor chunk framing contains).
 */
function readAll(url: string, path: string, body: string): Promise<Omit<Run, "cpuMs">> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const start = performance.now();
    const socket = connect(Number(port), hostname);
    let bytes = 0;
    let frames = 0;
    let previousEndedInNewline = false;
    let tail = "";
    socket.on("connect", () => {
      socket.write(
        `POST ${path} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
      );
    });
    socket.on("data", (chunk: Buffer) => {
      bytes += chunk.length;
      if (previousEndedInNewline && chunk[0] === 10) frames++;
      for (let i = chunk.indexOf("\n\n"); i >= 0; i = chunk.indexOf("\n\n", i + 2)) frames++;
      previousEndedInNewline = chunk[chunk.length - 1] === 10;
      tail = (tail + chunk.subarray(Math.max(0, chunk.length - 32)).toString("latin1")).slice(-32);
    });
    socket.on("error", reject);
    socket.on("end", () => {
      const seconds = (performance.now() - start) / 1000;
      if (!tail.includes("data: [DONE]\n\n")) reject(new Error(`${url}${path}: stream did not end with [DONE]`));
      else resolve({ seconds, bytes, frames: frames - 1 });
    });
  });
}

async function main(): Promise<Row[]> {
  const ours = await spawnServer("bench/servers/stream-app.ts", ["--frames", String(frames)]);
  const raw = await spawnServer("bench/servers/raw-stream.ts", ["--frames", String(frames)]);
  try {
    const body = await eventCallbackBody(ours.ready.url, "burst");
    // the server's CPU time is robust on a busy machine, where wall-clock rates are not
    const withCpu = async (server: ServerChild, read: () => Promise<Omit<Run, "cpuMs">>): Promise<Run> => {
      const before = await server.ask<{ cpuMs: number }>("cpu");
      const run = await read();
      const after = await server.ask<{ cpuMs: number }>("cpu");
      return { ...run, cpuMs: after.cpuMs - before.cpuMs };
    };
    const runOurs = (): Promise<Run> => withCpu(ours, () => readAll(ours.ready.url, STREAM_PATH, body));
    const runRaw = (): Promise<Run> => withCpu(raw, () => readAll(raw.ready.url, "/burst", "{}"));
    // warm-up: JIT both servers and the client before measuring
    await runOurs();
    await runRaw();
    const oursRuns: Run[] = [];
    const rawRuns: Run[] = [];
    for (let r = 0; r < reps; r++) {
      oursRuns.push(await runOurs());
      rawRuns.push(await runRaw());
      process.stderr.write(
        `  throughput rep ${r + 1}/${reps}: ours ${fmt(oursRuns[r].seconds * 1000)} ms (server CPU ${fmt(oursRuns[r].cpuMs)} ms), raw ${fmt(rawRuns[r].seconds * 1000)} ms (${fmt(rawRuns[r].cpuMs)} ms)\n`,
      );
    }
    for (const run of [...oursRuns, ...rawRuns]) {
      if (run.frames !== frames) throw new Error(`expected ${frames} frames, read ${run.frames}`);
    }
    const fps = (runs: Run[]) => summarize(runs.map((r) => r.frames / r.seconds));
    const mbps = (runs: Run[]) => summarize(runs.map((r) => r.bytes / 1e6 / r.seconds));
    const cpuPerFrame = (runs: Run[]) => summarize(runs.map((r) => (r.cpuMs * 1000) / r.frames));
    const range = (s: { min: number; max: number }): string => `${fmt(s.min)}–${fmt(s.max)}`;
    const [oF, rF, oM, rM, oC, rC] = [fps(oursRuns), fps(rawRuns), mbps(oursRuns), mbps(rawRuns), cpuPerFrame(oursRuns), cpuPerFrame(rawRuns)];
    const bytesPerFrame = oursRuns[0].bytes / frames;
    return [
      {
        bench: "1 throughput",
        measure: `frames/s, ${fmt(frames)} tiny frames`,
        unit: "frames/s",
        ours: oF.median,
        baseline: rF.median,
        ratio: ratio(oF.median, rF.median),
        note: `median of ${reps}; ours ${range(oF)}, raw ${range(rF)}; target >= 0.5x`,
      },
      {
        bench: "1 throughput",
        measure: `MB/s (${fmt(bytesPerFrame)} B/frame)`,
        unit: "MB/s",
        ours: oM.median,
        baseline: rM.median,
        ratio: ratio(oM.median, rM.median),
        note: "baseline = bare node:http writing the same pre-encoded frames",
      },
      {
        bench: "1 throughput",
        measure: "server CPU per frame",
        unit: "us",
        ours: oC.median,
        baseline: rC.median,
        ratio: ratio(oC.median, rC.median),
        note: `user + system time of the server process during a run / frames; ours ${range(oC)}, raw ${range(rC)}`,
      },
    ];
  } finally {
    await Promise.all([ours.stop(), raw.stop()]);
  }
}

ensureBuilt();
report(await main(), args.json);
