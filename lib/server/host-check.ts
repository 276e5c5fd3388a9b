/**
 * The `Host` allow-list (DNS rebinding): a page on `evil.example` that resolves its name to
 * 127.0.0.1 reaches a local server with `Host: evil.example`, and is refused here with 403.
 * As Vite does, allowed by default are `localhost` and its subdomains, IP addresses, and the
 * host name the server listens on; `allowedHosts` adds names, or `true` allows any.
 */
import { isIP } from "node:net";
import type { FastifyInstance } from "fastify";
import type { ErrorBody } from "../protocol/types.js";

/**
 * The host a request names: its `Host` header, or over HTTP/2 its `:authority` pseudo-header,
 * which browsers send instead of `Host`.
 */
export function requestHost(headers: Readonly<Record<string, string | string[] | undefined>>): string | undefined {
  const host = headers.host ?? headers[":authority"];
  return typeof host === "string" ? host : undefined;
}

/** `Host: name[:port]` → `name` (lower case, IPv6 brackets removed), or null when malformed. */
export function hostName(header: string): string | null {
  const value = header.trim().toLowerCase();
  if (value.startsWith("[")) {
    const close = value.indexOf("]");
    if (close < 0) return null;
    const rest = value.slice(close + 1);
    if (rest !== "" && !/^:\d{1,5}$/.test(rest)) return null;
    return value.slice(1, close);
  }
  const match = /^([^:\s/@]+)(?::\d{1,5})?$/.exec(value);
  return match ? match[1].replace(/\.$/, "") : null;
}

/**
 * Whether a `Host` header is allowed. An entry of `allowedHosts` that starts with a dot allows
 * that domain and its subdomains (`.example.com`).
 */
export function isAllowedHost(header: string, allowedHosts: readonly string[] | true, boundHost: string | undefined): boolean {
  if (allowedHosts === true) return true;
  const name = hostName(header);
  if (name === null) return false;
  if (isIP(name) !== 0 || name === "localhost" || name.endsWith(".localhost")) return true;
  if (boundHost !== undefined && name === boundHost.toLowerCase()) return true;
  return allowedHosts.some((entry) => {
    const wanted = entry.toLowerCase();
    return wanted.startsWith(".") ? name === wanted.slice(1) || name.endsWith(wanted) : name === wanted;
  });
}

export interface HostCheckOptions {
  allowedHosts: readonly string[] | true;
  /** The host name given to `listen()`, allowed too. */
  boundHost: () => string | undefined;
}

/** Refuse requests whose `Host` is not allowed with a 403 JSON error, before any route runs. */
export function installHostCheck(server: FastifyInstance, { allowedHosts, boundHost }: HostCheckOptions): void {
  if (allowedHosts === true) return;
  server.addHook("onRequest", async (request, reply) => {
    const host = requestHost(request.headers);
    // HTTP/1.0 clients may send no Host; browsers (the DNS rebinding case) always do. Node keeps
    // the first of several Host headers: such a request is refused rather than guessed at.
    if (host === undefined || (isAllowedHost(host, allowedHosts, boundHost()) && (request.raw.headersDistinct?.host?.length ?? 1) <= 1)) return;
    const shown = host.length > 100 ? `${host.slice(0, 100)}…` : host;
    const body: ErrorBody = { error: `Host ${JSON.stringify(shown)} is not allowed; add it to the app's allowedHosts option`, statusCode: 403 };
    return reply.code(403).type("application/json; charset=utf-8").send(body);
  });
}
