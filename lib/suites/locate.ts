/**
 * Find a suite's folder on disk: an npm package in the app's node_modules (searched upward from
 * the working directory) or in dash-events' own, or a folder of the dash-events package.
 */
import { existsSync, readFileSync, realpathSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { packageRoot } from "../package-root.js";
import type { SuiteDefinition } from "./suite-registry.js";

/** A suite's folder and version (the version goes into fingerprinted URLs). */
export interface LocatedSuite {
  /** Real path of the package folder (symlinks resolved, so containment checks compare like with like). */
  readonly folder: string;
  readonly version: string;
}

const cache = new Map<string, LocatedSuite | null>();

/**
 * Locate an npm package's folder by walking up node_modules folders, as Node's resolver does,
 * but without `require.resolve`: packages' `exports` maps may hide `package.json`.
 *
 * @example
 * ```ts
 * locatePackage("dash-core-components")?.version; // "4.5.0"
 * ```
 */
export function locatePackage(name: string, from: readonly string[] = [process.cwd(), packageRoot()]): LocatedSuite | undefined {
  const key = `${name}\0${from.join("\0")}`;
  const known = cache.get(key);
  if (known !== undefined) return known ?? undefined;
  let found: LocatedSuite | null = null;
  for (const start of from) {
    for (let dir = start; ; dir = dirname(dir)) {
      const manifest = join(dir, "node_modules", name, "package.json");
      if (existsSync(manifest)) {
        const version = (JSON.parse(readFileSync(manifest, "utf8")) as { version?: string }).version ?? "0.0.0";
        found = { folder: realpathSync(dirname(manifest)), version };
        break;
      }
      if (dirname(dir) === dir) break;
    }
    if (found) break;
  }
  cache.set(key, found);
  return found ?? undefined;
}

/**
 * The folder of a suite, or `undefined` when it is not installed (or not built).
 *
 * @example
 * ```ts
 * locateSuite(findSuite("dcc")!)?.folder; // ".../node_modules/dash-core-components"
 * ```
 */
export function locateSuite(suite: SuiteDefinition): LocatedSuite | undefined {
  if (suite.source.kind === "npm") return locatePackage(suite.source.package);
  const folder = join(packageRoot(), suite.source.folder);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) return undefined;
  const manifest = JSON.parse(readFileSync(join(packageRoot(), "package.json"), "utf8")) as { version?: string };
  return { folder: realpathSync(folder), version: manifest.version ?? "0.0.0" };
}
