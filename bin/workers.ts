/**
 * `dash-events serve --workers N`: N processes serve one app on one port (`node:cluster`; the
 * primary hands connections round-robin). Workers share nothing but Redis (the downlink bus), so
 * any worker takes any request. The primary prints the URL once every worker listens, forwards
 * SIGINT/SIGTERM (each worker ends its streams with a final frame and exits), and starts a new
 * worker when one dies.
 */
import cluster, { type Worker } from "node:cluster";
import { availableParallelism } from "node:os";
import { CliError } from "./cli-error.js";

/** What a worker tells the primary. */
export type WorkerMessage = { type: "listening"; url: string } | { type: "failed"; message: string; exitCode: number };

/** `--workers`: a positive count, or "auto" (the number of cores). */
export function parseWorkers(value: string): number {
  if (value === "auto") return availableParallelism();
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 1024) throw new CliError(`dash-events: --workers expects a number from 1 to 1024, or auto; got ${JSON.stringify(value)}`);
  return Number(value);
}

/**
 * The Redis URL of `serve` (`--redis`, else `REDIS_URL`), checked against `workers`.
 *
 * @example
 * ```ts
 * redisFor({ workers: 2, redis: "redis://127.0.0.1:6379" }); // "redis://127.0.0.1:6379"
 * redisFor({ workers: 2 }); // throws: --workers 2 needs Redis
 * ```
 */
export function redisFor({ workers, redis }: { workers?: number; redis?: string }): string | undefined {
  const url = redis ?? (process.env.REDIS_URL || undefined);
  if ((workers ?? 1) > 1 && url === undefined) {
    throw new CliError(`dash-events: --workers ${workers} needs Redis to share the streams between workers: add --redis redis://host:6379 (or set REDIS_URL)`);
  }
  return url;
}

/** Whether this process is a worker started by {@link serveWorkers}. */
export function isWorker(): boolean {
  return cluster.isWorker;
}

/** In a worker: tell the primary. */
export function tellPrimary(message: WorkerMessage): void {
  process.send?.(message);
}

/**
 * In the primary: fork `count` workers running the same command line, print `dash-events:
 * serving <label> at <url> with <count> workers` once they all listen, and keep them running.
 *
 * @example
 * ```ts
 * await serveWorkers("app.ts", 2, 10_000);
 * ```
 */
export async function serveWorkers(label: string, count: number, closeDeadlineMs: number): Promise<void> {
  const listening = new Set<Worker>();
  let url: string | undefined;
  let closing = false;
  const started = new Promise<void>((resolve, reject) => {
    const fork = (): void => {
      const worker = cluster.fork();
      worker.on("message", (message: WorkerMessage) => {
        if (message.type === "listening") {
          url = message.url;
          listening.add(worker);
          if (listening.size === count) resolve();
        } else if (message.type === "failed") {
          // a worker that cannot start (bad app, port in use, config) stops all of them, with its one-line message
          closing = true;
          for (const other of Object.values(cluster.workers ?? {})) other?.process.kill("SIGKILL");
          reject(new CliError(message.message, message.exitCode));
        }
      });
      worker.on("exit", (code, signal) => {
        const wasListening = listening.delete(worker);
        if (closing) {
          if (Object.keys(cluster.workers ?? {}).length === 0) process.exit(0);
          return;
        }
        if (!wasListening) {
          closing = true;
          reject(new CliError(`dash-events: a worker exited (${signal ?? code}) before listening`));
          return;
        }
        console.error(`dash-events: worker ${worker.process.pid} exited (${signal ?? code}); starting another`);
        fork();
      });
    };
    for (let i = 0; i < count; i++) fork();
  });
  await started;
  console.log(`dash-events: serving ${label} at ${url} with ${count} workers (Ctrl+C to stop)`);
  const onSignal = (signal: NodeJS.Signals): void => {
    const workers = Object.values(cluster.workers ?? {}).filter((worker): worker is Worker => worker !== undefined);
    if (closing) {
      for (const worker of workers) worker.process.kill("SIGKILL");
      process.exit(130);
    }
    closing = true;
    setTimeout(() => {
      console.error(`dash-events: workers still running after ${closeDeadlineMs / 1000} s, stopping them`);
      for (const worker of Object.values(cluster.workers ?? {})) worker?.process.kill("SIGKILL");
      process.exit(0);
    }, closeDeadlineMs).unref();
    for (const worker of workers) worker.process.kill(signal);
    if (workers.length === 0) process.exit(0);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
}
