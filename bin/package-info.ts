import { readFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../lib/package-root.js";

/**
 * The version of the dash-events that runs the command, from its own package.json.
 *
 * @example
 * ```ts
 * packageVersion(); // "0.1.0"
 * ```
 */
export function packageVersion(): string {
  const manifest = JSON.parse(readFileSync(join(packageRoot(), "package.json"), "utf8")) as { version?: unknown };
  return String(manifest.version);
}
