// Freshness checks of the build steps: a step is skipped when its output is newer than its sources.
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** Newest mtime (ms) of `path` itself or, for a folder, of the files below it; 0 if missing. */
export function newestMtime(path) {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let max = 0;
  for (const entry of readdirSync(path)) max = Math.max(max, newestMtime(join(path, entry)));
  return max;
}
