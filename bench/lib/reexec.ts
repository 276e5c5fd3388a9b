/**
 * A Node process cannot raise its own open-file limit, so a bench that needs many sockets on
 * its client side re-runs itself through `bash -c "ulimit -n ... && exec node ..."` once.
 */
import { spawnSync } from "node:child_process";
import { openFileLimit, ulimitShell } from "./child.js";

const MARK = "DASH_EVENTS_BENCH_ULIMIT";

/** Re-exec this script with a raised limit when the current one is below `needed`; returns only in the process that should run. */
export function ensureOpenFileLimit(needed: number): void {
  const current = openFileLimit();
  if (!(current < needed) || process.env[MARK]) return;
  const argv = [...process.execArgv, ...process.argv.slice(1)];
  process.stderr.write(`open-file limit ${current} < ${needed}: re-running through bash with ulimit -n raised\n`);
  const result = spawnSync("bash", ["-c", ulimitShell(Math.max(needed, 65535)), process.execPath, ...argv], {
    stdio: "inherit",
    env: { ...process.env, [MARK]: "1" },
  });
  process.exit(result.status ?? 1);
}
