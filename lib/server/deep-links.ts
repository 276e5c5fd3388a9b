/**
 * Deep links: as in Dash, a GET of any path that is no route of ours answers the index page, so
 * reloading a multi-page app on `/page-1` works and `dcc.Location` sees the real path. Only
 * requests that accept HTML (a browser's navigation) get it; other clients get the JSON 404 of
 * an unknown path, and Dash's own prefixes (`/_dash…`, `/assets/`) stay 404s that say so.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import { HttpError } from "./errors.js";
import { pageRedirect } from "../pages/registry.js";

const RESERVED = /^\/(_dash|assets\/|dash_update_component_sse)/;

/**
 * Register the catch-all GET route that answers `sendIndex` for deep links.
 *
 * @example
 * ```ts
 * registerDeepLinks(server, "/", (request, reply) => sendIndexPage(request, reply));
 * ```
 */
export function registerDeepLinks(server: FastifyInstance, requestsPrefix: string, sendIndex: (request: FastifyRequest, reply: FastifyReply) => Promise<unknown>): void {
  server.get("/*", async (request, reply) => {
    const path = request.url.split("?")[0];
    const accept = request.headers.accept ?? "";
    if (RESERVED.test(path) || !accept.includes("text/html")) throw new HttpError(404, `Not found: ${request.method} ${request.url}`);
    // Dash Pages' redirect_from: an old path moves to its page (under the prefix the browser used)
    const target = pageRedirect(path);
    if (target !== undefined) return reply.redirect(requestsPrefix + target.replace(/^\//, ""), 302);
    return sendIndex(request, reply);
  });
}
