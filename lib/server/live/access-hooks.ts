/**
 * The app's access gate (`app.onConnect`, `app.onRequest`; Dash's websocket hooks): each hook,
 * sync or async, in the order added, may refuse a page's downlink or one callback request. A
 * refusal answers with its status (403 by default) and the `x-dash-refused` header, so the page
 * stops there with a clear error instead of retrying; the reason reaches the page in debug mode.
 */
import type { FastifyReply, FastifyRequest } from "fastify";
import type { IncomingHttpHeaders } from "node:http";
import { ACCESS_REFUSED_HEADER, REFUSED_BY } from "../../protocol/downlink.js";
import type { ErrorBody, UpdateRequest } from "../../protocol/types.js";

/** What a hook sees of the request. */
export interface HookRequest {
  readonly method: string;
  /** The path and query string, as the client sent them. */
  readonly url: string;
  readonly headers: IncomingHttpHeaders;
  /** The query string's parameters. */
  readonly query: URLSearchParams;
  /** The `Cookie` header's cookies, by name. */
  readonly cookies: Readonly<Record<string, string>>;
  /** The client's address. */
  readonly ip: string;
}

/**
 * A hook's verdict: `true` (or nothing) lets the request through; `false` refuses it with 403;
 * `{ status, reason }` refuses it with that 4xx status and reason.
 */
export type AccessVerdict = boolean | undefined | void | { status?: number; reason?: string };

/** `app.onConnect`: may this page open its downlink? */
export type ConnectHook = (request: HookRequest) => AccessVerdict | Promise<AccessVerdict>;

/** `app.onRequest`: may this callback request run? `body` is the validated update request. */
export type RequestHook = (request: HookRequest, body: UpdateRequest) => AccessVerdict | Promise<AccessVerdict>;

/** The hooks an app has added. */
export interface AccessHooks {
  readonly connect: readonly ConnectHook[];
  readonly request: readonly RequestHook[];
}

/** A refusal, ready to answer. */
export interface Refusal {
  status: number;
  reason: string;
}

/** The request as the hooks see it. */
export function hookRequest(request: FastifyRequest): HookRequest {
  const url = request.raw.url ?? request.url;
  const queryAt = url.indexOf("?");
  return {
    method: request.method,
    url,
    headers: request.headers,
    query: new URLSearchParams(queryAt < 0 ? "" : url.slice(queryAt + 1)),
    cookies: parseCookies(request.headers.cookie),
    ip: request.ip,
  };
}

/** Run `hooks` in order; the first refusal wins. A hook that throws fails the request (500), as user code does elsewhere. */
export async function firstRefusal<A extends unknown[]>(hooks: ReadonlyArray<(...args: A) => AccessVerdict | Promise<AccessVerdict>>, what: string, ...args: A): Promise<Refusal | null> {
  for (const hook of hooks) {
    const verdict = await hook(...args);
    if (verdict === true || verdict === undefined) continue;
    if (verdict === false) return { status: 403, reason: `refused by the app's ${what} hook` };
    if (typeof verdict !== "object" || verdict === null) throw new TypeError(`${what} hook: expected true, false or { status, reason }, got ${typeof verdict}`);
    const status = verdict.status ?? 403;
    if (!Number.isInteger(status) || status < 400 || status > 499) throw new TypeError(`${what} hook: a refusal's status must be a 4xx code, got ${String(status)}`);
    return { status, reason: verdict.reason ?? `refused by the app's ${what} hook` };
  }
  return null;
}

/**
 * Answer a refusal: its status, the refusal header (saying which hook refused: a `connect`
 * refusal stops the page), and the reason in debug mode only.
 */
export function sendRefusal(reply: FastifyReply, refusal: Refusal, debug: boolean, by: keyof typeof REFUSED_BY = "request"): FastifyReply {
  const body: ErrorBody = { error: debug ? `The server refused this request: ${refusal.reason}` : "The server refused this request", statusCode: refusal.status };
  return reply.code(refusal.status).header(ACCESS_REFUSED_HEADER, REFUSED_BY[by]).type("application/json").send(JSON.stringify(body));
}

function parseCookies(header: string | undefined): Record<string, string> {
  const cookies = Object.create(null) as Record<string, string>;
  if (!header) return cookies;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
    try {
      cookies[name] = decodeURIComponent(value);
    } catch {
      cookies[name] = value;
    }
  }
  return cookies;
}
