/** A redis-server for a bench: Debian's /usr/bin/redis-server on a free loopback port, no persistence. */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, REDIS_SERVER, waitForPort } from "../../test/helpers/redis-server.js";

export interface BenchRedis {
  url: string;
  /** CPU time redis-server used so far (user + system, ms), from /proc. */
  cpuMs(): number;
  stop(): Promise<void>;
}

/** CPU time (user + system, ms) process `pid` used so far, from /proc/<pid>/stat (Linux). */
export function cpuMsOfPid(pid: number): number {
  // the fields after the command name (which may hold spaces): utime and stime are the 12th and 13th, in clock ticks (100 a second)
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

export async function startBenchRedis(): Promise<BenchRedis> {
  const binary = REDIS_SERVER;
  if (!existsSync(binary)) throw new Error(`${binary} is missing: apt-get install redis-server`);
  const dir = mkdtempSync(join(tmpdir(), "dash-events-bench-redis-"));
  const port = await freePort();
  const child = spawn(binary, ["--port", String(port), "--bind", "127.0.0.1", "--dir", dir, "--save", "", "--appendonly", "no"], { stdio: "ignore" });
  await waitForPort(port);
  return {
    url: `redis://127.0.0.1:${port}`,
    cpuMs: () => cpuMsOfPid(child.pid!),
    stop: async () => {
      await new Promise<void>((resolve) => {
        child.once("exit", () => resolve());
        child.kill("SIGTERM");
      });
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
