/**
 * The child side of bench/lib/child.ts: announce readiness on stdout, answer JSON-line
 * commands from stdin. Also the measurements every server child can report: RSS, heap and
 * event-loop delay (perf_hooks' histogram, reset on demand).
 */
import { monitorEventLoopDelay } from "node:perf_hooks";
import { createInterface } from "node:readline";
import { openFileLimit } from "../lib/child.js";

export type Handler = (args: Record<string, unknown>) => unknown;

// Node's histogram records the whole interval between its timer's runs, the resolution
// included; the delay is what exceeds it, so RESOLUTION_MS is subtracted from what we report.
const RESOLUTION_MS = 1;
const loopDelay = monitorEventLoopDelay({ resolution: RESOLUTION_MS });
loopDelay.enable();
const delayMs = (ns: number): number => Math.max(0, ns / 1e6 - RESOLUTION_MS);

/** Memory, and event-loop delay since the last `reset` (ms). */
export function processStats(): Record<string, number> {
  const memory = process.memoryUsage();
  return {
    rss: memory.rss,
    heapUsed: memory.heapUsed,
    eldP50: delayMs(loopDelay.percentile(50)),
    eldP99: delayMs(loopDelay.percentile(99)),
    eldMax: delayMs(loopDelay.max),
  };
}

/** Print the ready line and serve commands: `stats`, `reset`, `gc`, plus the given handlers. */
export function serveControl(url: string, handlers: Record<string, Handler> = {}, extra: Record<string, unknown> = {}): void {
  const all: Record<string, Handler> = {
    stats: () => processStats(),
    // CPU time this process used so far (user + system, ms): where a bench's cycles go
    cpu: () => {
      const { user, system } = process.cpuUsage();
      return { cpuMs: (user + system) / 1000 };
    },
    reset: () => {
      loopDelay.reset();
      return {};
    },
    gc: () => {
      (globalThis as { gc?: () => void }).gc?.();
      return {};
    },
    ...handlers,
  };
  const input = createInterface({ input: process.stdin });
  input.on("line", (line) => {
    const { cmd, ...args } = JSON.parse(line) as { cmd: string } & Record<string, unknown>;
    const handler = all[cmd];
    Promise.resolve(handler ? handler(args) : { error: `unknown command ${cmd}` }).then(
      (answer) => process.stdout.write(`${JSON.stringify(answer ?? {})}\n`),
      (error: unknown) => process.stdout.write(`${JSON.stringify({ error: String(error) })}\n`),
    );
  });
  // the parent closing stdin means: stop
  input.on("close", () => process.exit(0));
  process.stdout.write(`${JSON.stringify({ ready: true, url, fdLimit: openFileLimit(), ...extra })}\n`);
}
