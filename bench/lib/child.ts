/**
 * Run a measured server in a child process, so that the clients driving it never share its
 * event loop. The child is started through bash to raise its open-file limit first: a Node
 * process cannot raise its own limit. Parent and child talk in JSON lines over stdin/stdout.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

/** The repository root (bench/lib/ is two levels below it). */
export const ROOT = fileURLToPath(new URL("../../", import.meta.url));

/** What a server child says when it is listening. */
export interface Ready {
  url: string;
  /** The child's soft limit on open files, read from /proc/self/limits. */
  fdLimit: number;
  [key: string]: unknown;
}

export interface ServerChild {
  ready: Ready;
  /** Send a command, get the child's answer. */
  ask<T = Record<string, unknown>>(cmd: string, args?: Record<string, unknown>): Promise<T>;
  /** Stop the child and wait for it to exit. */
  stop(): Promise<void>;
  process: ChildProcess;
}

/** The soft "Max open files" limit of this process (Linux), or NaN elsewhere. */
export function openFileLimit(): number {
  try {
    const line = readFileSync("/proc/self/limits", "utf8").split("\n").find((l) => l.startsWith("Max open files"));
    return line ? Number(line.split(/\s{2,}/)[1]) : Number.NaN;
  } catch {
    return Number.NaN;
  }
}

/**
 * Shell prefix that raises the open-file limit to `wanted`, or to the hard limit when `wanted`
 * is above it (containers often cap the hard limit), then execs the command.
 */
export function ulimitShell(wanted: number): string {
  return `ulimit -n ${wanted} 2>/dev/null || ulimit -n "$(ulimit -Hn)"; exec "$0" "$@"`;
}

/**
 * Start `node --import tsx <script> ...args` through `bash -c "ulimit -n ... && exec node ..."`
 * and wait for its ready line.
 */
export async function spawnServer(script: string, args: string[] = [], options: { fdLimit?: number; nodeFlags?: string[] } = {}): Promise<ServerChild> {
  const child = spawn("bash", ["-c", ulimitShell(options.fdLimit ?? 65535), process.execPath, ...(options.nodeFlags ?? []), "--import", "tsx", script, ...args], {
    cwd: ROOT,
    stdio: ["pipe", "pipe", "inherit"],
  });
  const lines = createInterface({ input: child.stdout });
  const waiting: Array<(value: Record<string, unknown>) => void> = [];
  let onReady: ((ready: Ready) => void) | undefined;
  let exited = false;
  const exitPromise = new Promise<void>((resolve) => child.once("exit", () => ((exited = true), resolve())));

  lines.on("line", (line) => {
    if (!line.startsWith("{")) {
      process.stdout.write(`[server] ${line}\n`);
      return;
    }
    const message = JSON.parse(line) as Record<string, unknown>;
    if (message.ready && onReady) {
      onReady(message as unknown as Ready);
      onReady = undefined;
    } else waiting.shift()?.(message);
  });

  const ready = await new Promise<Ready>((resolve, reject) => {
    onReady = resolve;
    void exitPromise.then(() => reject(new Error(`server child ${script} exited before it was ready (code ${String(child.exitCode)})`)));
  });

  return {
    ready,
    process: child,
    ask<T>(cmd: string, args: Record<string, unknown> = {}): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        if (exited) return reject(new Error(`server child ${script} has exited`));
        waiting.push(resolve as (value: Record<string, unknown>) => void);
        child.stdin.write(`${JSON.stringify({ cmd, ...args })}\n`);
      });
    },
    async stop() {
      if (!exited) {
        child.stdin.end();
        const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
        child.kill("SIGTERM");
        await exitPromise;
        clearTimeout(timer);
      }
    },
  };
}
