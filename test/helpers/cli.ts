/**
 * CLI test helpers: run the real `dash-events` bin shim in a child process, as a user would.
 */
import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = fileURLToPath(new URL("../..", import.meta.url));
const SHIM = join(REPO_ROOT, "bin/dash-events.js");

interface Teardown {
  teardown(fn: () => unknown): void;
}

/** What a finished CLI run printed, and how it ended. */
export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** A running `dash-events` process. */
export interface CliRun {
  /** Resolves with the URL (ending in "/") the CLI prints once it listens; rejects if it exits first. */
  url: Promise<string>;
  exit: Promise<CliResult>;
  kill(signal: NodeJS.Signals): void;
}

/**
 * Build dist/ if it is stale (scripts/build.js is a no-op otherwise), so the runs below do not
 * each pay for a build inside the shim.
 */
export function buildOnce(): void {
  const build = spawnSync(process.execPath, [join(REPO_ROOT, "scripts/build.js")], { encoding: "utf8" });
  if (build.status !== 0) throw new Error(`scripts/build.js failed:\n${build.stdout}${build.stderr}`);
}

/**
 * Run `node bin/dash-events.js ...args` in `cwd`, without tap's loader options (the CLI must work
 * on plain Node). The process is killed at teardown if it is still running.
 *
 * @example
 * ```ts
 * const run = runCli(t, ["serve", "app.ts", "--port", "0"], dir);
 * const res = await fetch(new URL("_dash-layout", await run.url));
 * run.kill("SIGINT");
 * t.equal((await run.exit).code, 0);
 * ```
 */
export function runCli(t: Teardown, args: string[], cwd: string = REPO_ROOT): CliRun {
  const child = spawn(process.execPath, [SHIM, ...args], {
    cwd,
    env: { ...process.env, NODE_OPTIONS: undefined },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.setEncoding("utf8");
  child.stderr.setEncoding("utf8");
  child.stderr.on("data", (chunk: string) => (stderr += chunk));
  const exit = new Promise<CliResult>((resolve) =>
    child.on("close", (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  const url = new Promise<string>((resolve, reject) => {
    child.stdout.on("data", (chunk: string) => {
      stdout += chunk;
      const found = /https?:\/\/\S+/.exec(stdout);
      if (found) resolve(found[0].endsWith("/") ? found[0] : `${found[0]}/`);
    });
    void exit.then(({ code }) => reject(new Error(`dash-events exited (${code}) before listening:\n${stderr}`)));
  });
  // Runs that are expected to fail never read `url`; its rejection is not an error then.
  url.catch(() => undefined);
  t.teardown(() => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  });
  return { url, exit, kill: (signal) => child.kill(signal) };
}
