import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/** What the CLI needs to know about the installed dash-events package. */
export interface PackageInfo {
  /** The directory holding dash-events' package.json. */
  root: string;
  version: string;
}

/**
 * Finds dash-events' own package.json by walking up from this module, so the answer is the
 * same whether this file runs as `bin/package-info.ts` (tests, tsx) or `dist/bin/package-info.js`.
 *
 * @example
 * ```ts
 * const { version } = packageInfo(); // "0.1.0"
 * ```
 */
export function packageInfo(): PackageInfo {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const file = join(dir, "package.json");
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: unknown; version?: unknown };
      if (pkg.name === "dash-events") return { root: dir, version: String(pkg.version) };
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error("dash-events: cannot find the package.json of dash-events");
    dir = parent;
  }
}
