/**
 * The context every figure needs to be read and reproduced: the machine, the Chromium the
 * renderer benches drive, and how busy the machine was (the 1-minute load average before and
 * after), so a figure taken on a loaded machine says so.
 */
import { spawnSync } from "node:child_process";
import { cpus, loadavg, totalmem } from "node:os";

/** "Chromium 156.0.8078.114 …", or that it is unknown. */
export function chromiumVersion(): string {
  const result = spawnSync("/usr/bin/chromium", ["--version"], { encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() : "chromium version unknown";
}

/** The 1-minute load average now. */
export function loadNow(): number {
  return loadavg()[0] ?? 0;
}

/**
 * Busy: a 1-minute load average of half a core or more per core, before or after. Other
 * processes then share the cores the bench measures on; its figures are not comparable.
 */
export function isBusy(before: number, after: number): boolean {
  const limit = cpus().length / 2;
  return before >= limit || after >= limit;
}

/** One line: date, cores, memory, node, Chromium, load before → after and whether that is busy. */
export function machineLine(loadBefore: number, loadAfter: number): string {
  const cpu = cpus();
  const busy = isBusy(loadBefore, loadAfter) ? "BUSY (figures not comparable)" : "quiet";
  return (
    `${new Date().toISOString()}; ${cpu.length} cores (${cpu[0]?.model ?? "?"}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB; ` +
    `node ${process.version}; ${chromiumVersion()}; load average ${loadBefore.toFixed(2)} -> ${loadAfter.toFixed(2)}: ${busy}`
  );
}
