/**
 * Serving files of a package folder in node_modules (component suites, themes and icon fonts), in
 * one place with its guards: a request names a file by URL segments that are percent-decoded once
 * and must be a plain relative path (no `..`, plain or as `%2e%2e`, no `%2f` hiding a `/`, no
 * dotfiles), of a served type, and still inside the package folder once symlinks are resolved;
 * anything else is a 404. Fingerprinted names are cached for a year, as Dash does; plain names
 * are revalidated (ETag / Last-Modified).
 */
import { createReadStream, realpathSync, statSync, type Stats } from "node:fs";
import { extname, join, sep } from "node:path";
import type { FastifyReply, FastifyRequest } from "fastify";
import { stripFingerprint } from "../suites/fingerprint.js";
import { HttpError } from "./errors.js";

const CONTENT_TYPES: Record<string, string> = {
  ".js": "application/javascript; charset=utf-8",
  ".mjs": "application/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".json": "application/json; charset=utf-8",
  ".svg": "image/svg+xml",
  ".woff": "font/woff",
  ".woff2": "font/woff2",
  ".ttf": "font/ttf",
  ".otf": "font/otf",
  ".eot": "application/vnd.ms-fontobject",
  ".png": "image/png",
  ".gif": "image/gif",
  ".jpg": "image/jpeg",
  ".jpeg": "image/jpeg",
};

const IMMUTABLE = "public, max-age=31536000, immutable";

/** A file found inside a package folder, ready for `sendPackageFile`. */
export interface PackageFile {
  /** Real path (symlinks resolved), inside the folder. */
  path: string;
  stats: Stats;
  /** Content-Type header. */
  type: string;
  /** The requested name carried a fingerprint: cacheable for a year. */
  fingerprinted: boolean;
}

/**
 * Find `file` (a relative path already checked by `routeSegments`, possibly fingerprinted) in
 * `folder` (a real path): `undefined` unless it is a regular file of a served type that is
 * still inside the folder after symlinks are resolved.
 *
 * @example
 * ```ts
 * resolvePackageFile(located.folder, "dash_table/bundle.v7_4_1m1718000000.js")?.fingerprinted; // true
 * ```
 */
export function resolvePackageFile(folder: string, file: string): PackageFile | undefined {
  const { path, fingerprinted } = stripFingerprint(file);
  const type = CONTENT_TYPES[extname(path).toLowerCase()];
  if (!type) return undefined;
  let real: string;
  let stats: Stats;
  try {
    real = realpathSync(join(folder, path));
    stats = statSync(real);
  } catch {
    return undefined;
  }
  if (!real.startsWith(folder + sep) || !stats.isFile()) return undefined;
  return { path: real, stats, type, fingerprinted };
}

/**
 * The path segments after `prefix` of a request URL, percent-decoded once, or `undefined` when
 * they are not a plain relative file path (`..`, dotfiles, empty segments, `\`, NUL, `:`), so
 * `%2e%2e` and `%2f` are checked as the `..` and `/` they stand for.
 *
 * @example
 * ```ts
 * routeSegments("/_dash-events/themes/darkly/bootstrap.min.css?x", "/_dash-events/themes/"); // ["darkly", "bootstrap.min.css"]
 * routeSegments("/_dash-events/themes/%2e%2e/x.css", "/_dash-events/themes/"); // undefined
 * ```
 */
export function routeSegments(url: string, prefix: string): string[] | undefined {
  const rawPath = url.split(/[?#]/)[0];
  if (!rawPath.startsWith(prefix)) return undefined;
  let decoded: string;
  try {
    decoded = decodeURIComponent(rawPath.slice(prefix.length));
  } catch {
    return undefined;
  }
  const segments = decoded.split("/");
  for (const segment of segments) {
    if (segment === "" || segment.startsWith(".") || segment.includes("\\") || segment.includes("\0") || segment.includes(":")) return undefined;
  }
  return segments;
}

/**
 * Send a package file with the suites' caching: a year for fingerprinted names, else
 * revalidation by ETag / Last-Modified (304 when fresh). `body`, when given, is sent instead of
 * the file's bytes (a deterministic transform of them, so the file's ETag still fits).
 *
 * @example
 * ```ts
 * const file = resolvePackageFile(folder, "bootstrap.min.css");
 * if (file) return sendPackageFile(request, reply, file);
 * ```
 */
export function sendPackageFile(request: FastifyRequest, reply: FastifyReply, file: PackageFile, body?: Buffer): FastifyReply {
  const { path, stats, type, fingerprinted } = file;
  const etag = `W/"${stats.size.toString(16)}-${Math.floor(stats.mtimeMs).toString(16)}"`;
  const lastModified = new Date(Math.floor(stats.mtimeMs / 1000) * 1000);
  void reply
    .header("content-type", type)
    .header("cache-control", fingerprinted ? IMMUTABLE : "no-cache")
    .header("etag", etag)
    .header("last-modified", lastModified.toUTCString());
  const ifNoneMatch = request.headers["if-none-match"];
  const ifModifiedSince = request.headers["if-modified-since"];
  const fresh =
    ifNoneMatch !== undefined
      ? ifNoneMatch.split(",").some((tag) => tag.trim() === etag)
      : ifModifiedSince !== undefined && Date.parse(ifModifiedSince) >= lastModified.getTime();
  if (fresh) return reply.code(304).send();
  if (body) return reply.header("content-length", body.length).send(body);
  return reply.header("content-length", stats.size).send(createReadStream(path));
}

/** The 404 of a file route. */
export function notFound(request: FastifyRequest): HttpError {
  return new HttpError(404, `Not found: ${request.method} ${request.url}`);
}
