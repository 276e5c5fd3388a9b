/**
 * Dash's cache-busting file names: `bundle.js` is linked as `bundle.v7_4_1m1718000000.js`
 * (package version, then the file's mtime in seconds). The server strips the fingerprint to find
 * the file and, because the name changes whenever the file does, lets browsers cache it for a year.
 * Suites' webpack runtimes insert the same kind of fingerprint into their async chunk names.
 */

const FINGERPRINT = /^v[\w-]+m[0-9a-fA-F]+$/;

/**
 * Insert a fingerprint after the first dot-separated part of the file name.
 *
 * @example
 * ```ts
 * fingerprintPath("dash_table/bundle.js", "7.4.1", 1718000000); // "dash_table/bundle.v7_4_1m1718000000.js"
 * ```
 */
export function fingerprintPath(path: string, version: string, mtimeSeconds: number): string {
  const slash = path.lastIndexOf("/");
  const dir = path.slice(0, slash + 1);
  const [first, ...rest] = path.slice(slash + 1).split(".");
  const tag = `v${version.replace(/[^\w-]/g, "_")}m${Math.floor(mtimeSeconds)}`;
  return `${dir}${[first, tag, ...rest].join(".")}`;
}

/**
 * Remove a fingerprint from a path, if it has one.
 *
 * @example
 * ```ts
 * stripFingerprint("dcc/async-graph.v4_5_0m1790032440.js"); // { path: "dcc/async-graph.js", fingerprinted: true }
 * stripFingerprint("dcc/async-graph.js"); // { path: "dcc/async-graph.js", fingerprinted: false }
 * ```
 */
export function stripFingerprint(path: string): { path: string; fingerprinted: boolean } {
  const slash = path.lastIndexOf("/");
  const parts = path.slice(slash + 1).split(".");
  if (parts.length > 2 && FINGERPRINT.test(parts[1])) {
    parts.splice(1, 1);
    return { path: path.slice(0, slash + 1) + parts.join("."), fingerprinted: true };
  }
  return { path, fingerprinted: false };
}
