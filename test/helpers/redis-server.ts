/**
 * A real redis-server (Debian's /usr/bin/redis-server) for a test: on a free loopback port, in a
 * temporary directory, no persistence; stopped at teardown. A missing binary fails the test with
 * what to install (the tests never skip).
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createConnection, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const REDIS_SERVER = process.env.REDIS_SERVER_BIN ?? "/usr/bin/redis-server";

interface Teardown {
  teardown(fn: () => unknown): void;
}

/** A running redis-server. */
export interface RedisServer {
  url: string;
  port: number;
  /** Stop it (SIGTERM) and wait for the exit. */
  stop(): Promise<void>;
  /** Start it again on the same port (empty: nothing is persisted). */
  start(): Promise<void>;
}

/** A free loopback TCP port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Resolves once something accepts TCP connections on `port` (rejects after `timeoutMs`). */
export async function waitForPort(port: number, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const open = await new Promise<boolean>((resolve) => {
      const socket = createConnection({ port, host: "127.0.0.1" }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on port ${port} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Start redis-server on a free port.
 *
 * @example
 * ```ts
 * const redis = await startRedis(t);
 * const app = new App({ layout, redis: redis.url, secret: "s" });
 * ```
 */
export async function startRedis(t: Teardown): Promise<RedisServer> {
  if (!existsSync(REDIS_SERVER)) {
    throw new Error(`${REDIS_SERVER} is missing: install Debian's redis-server (apt-get install redis-server), as .ci/run does`);
  }
  const dir = mkdtempSync(join(tmpdir(), "dash-events-redis-"));
  const port = await freePort();
  let child: ChildProcess | null = null;
  let log = "";
  const start = async (): Promise<void> => {
    const started = spawn(REDIS_SERVER, ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "no", "--daemonize", "no"], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    child = started;
    started.stdout.setEncoding("utf8").on("data", (chunk: string) => (log += chunk));
    started.stderr.setEncoding("utf8").on("data", (chunk: string) => (log += chunk));
    const exited = new Promise<never>((_, reject) => started.once("exit", (code) => reject(new Error(`redis-server exited (${code}) at start:\n${log}`))));
    await Promise.race([waitForPort(port), exited]);
    exited.catch(() => undefined);
  };
  const stop = async (): Promise<void> => {
    const running = child;
    child = null;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once("exit", () => resolve());
      running.kill("SIGTERM");
    });
  };
  await start();
  t.teardown(async () => {
    await stop();
    rmSync(dir, { recursive: true, force: true });
  });
  return { url: `redis://127.0.0.1:${port}`, port, stop, start };
}
