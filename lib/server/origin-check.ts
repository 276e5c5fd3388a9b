/**
 * Cross-origin POSTs to the callback endpoints are refused with 403, as Dash's WebSocket
 * transport refuses cross-origin sockets: a browser names the page that sent a request in
 * `Origin` (and `Sec-Fetch-Site`); it must be this server (same host and port as `Host`, or as
 * HTTP/2's `:authority`) or one of `allowedOrigins`. Requests without either header (curl,
 * scripts, tests) are not browser requests made on someone's behalf, and pass.
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import type { ErrorBody } from "../protocol/types.js";
import { requestHost } from "./host-check.js";

/** `https://Example.com:443/` → `https://example.com`: the form browsers send in `Origin`. */
export function normalizeOrigin(origin: string): string {
  try {
    return new URL(origin).origin;
  } catch {
    return origin.trim().toLowerCase();
  }
}

/** Why a request is cross-origin and refused, or undefined when it may run callbacks. */
export function crossOriginProblem(headers: FastifyRequest["headers"], allowedOrigins: readonly string[]): string | undefined {
  const origin = headers.origin;
  if (typeof origin === "string") {
    if (allowedOrigins.includes("*")) return undefined;
    const normalized = normalizeOrigin(origin);
    if (allowedOrigins.some((allowed) => normalizeOrigin(allowed) === normalized)) return undefined;
    let originHost: string | null = null;
    try {
      originHost = origin === "null" ? null : new URL(origin).host;
    } catch {
      originHost = null;
    }
    if (originHost !== null && originHost === requestHost(headers)?.toLowerCase()) return undefined;
    const shown = origin.length > 100 ? `${origin.slice(0, 100)}…` : origin;
    return `Cross-origin request refused: Origin ${JSON.stringify(shown)} is not this server; add it to the app's allowedOrigins option`;
  }
  const site = headers["sec-fetch-site"];
  if (site === "cross-site" || site === "same-site") return `Cross-origin request refused (Sec-Fetch-Site: ${site})`;
  return undefined;
}

/**
 * Check every POST (the callback endpoints are the server's only POST routes), and the GET
 * routes in `guardedGets` (the downlink, which carries callback output).
 */
export function installOriginCheck(server: FastifyInstance, allowedOrigins: readonly string[], guardedGets: readonly string[] = []): void {
  server.addHook("onRequest", async (request, reply) => {
    if (request.method !== "POST" && !guardedGets.includes(request.routeOptions.url ?? "")) return;
    const problem = crossOriginProblem(request.headers, allowedOrigins);
    if (problem === undefined) return;
    const body: ErrorBody = { error: problem, statusCode: 403 };
    return reply.code(403).type("application/json; charset=utf-8").send(body);
  });
}
