/**
 * The benches measure what users run: the compiled server (dist/lib, tsc output, loaded by the
 * server children) and the built renderer bundle (dist/renderer, served to Chromium). Before a
 * bench starts, the project's build script brings dist/ up to date; it does nothing when dist/
 * is newer than the sources, and waits for a build that is already running.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { ROOT } from "./child.js";

export function ensureBuilt(): void {
  const result = spawnSync(process.execPath, [join(ROOT, "scripts/build.js")], { cwd: ROOT, stdio: ["ignore", "ignore", "inherit"] });
  if (result.status === 0) return;
  const built = ["dist/lib/index.js", "dist/renderer/dash-events-renderer.js"].every((file) => existsSync(join(ROOT, file)));
  if (!built) throw new Error(`node scripts/build.js failed (exit ${String(result.status ?? result.signal)}) and dist/ is missing: the benches need it`);
  // a type error elsewhere should not stop the figures; but say loudly that dist/ may be stale
  process.stderr.write(`WARNING: node scripts/build.js failed (exit ${String(result.status ?? result.signal)}); measuring the dist/ that is there, which may be older than the sources\n`);
}
