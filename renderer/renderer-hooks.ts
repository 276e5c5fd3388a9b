/**
 * Dash's renderer hooks: `new DashRenderer({ request_pre, request_post, request_refresh_jwt })`
 * in the page's renderer script (`new App({ renderer })`, Dash's `app.renderer`), plus
 * `layout_pre`/`layout_post` around the layout load. A page has one renderer, as in Dash, so the
 * hooks it was built with are held here for every callback request of the page.
 */
import type { Layout, PropsById, UpdateRequest } from "../lib/protocol/types.js";

/**
 * The hooks an app passes to `new DashRenderer(hooks)`. All are optional.
 *
 * @example
 * ```js
 * // new App({ renderer: "var renderer = new DashRenderer({ ... });" })
 * var renderer = new DashRenderer({
 *   request_pre: (payload) => console.log("sending", payload.output),
 *   request_post: (payload, response) => console.log("got", response),
 *   request_refresh_jwt: async (oldToken) => (await fetch("/token")).text(),
 * });
 * ```
 */
export interface RendererHooks {
  /** Before each callback request (regular and event callbacks), with the request body; changes to it are sent. */
  request_pre?: (payload: UpdateRequest) => void;
  /** After each regular callback answered with outputs: the body sent and the answer's `response` (outputs by id). */
  request_post?: (payload: UpdateRequest, response: PropsById) => void;
  /**
   * When a callback request answers 401: gets the token last sent (null before the first, as Dash)
   * and returns a new one (or a Promise of it); the request is sent again once, with
   * `Authorization: Bearer <token>`, and so is every later request. A falsy token leaves the 401.
   */
  request_refresh_jwt?: (oldToken: string | null) => string | null | undefined | Promise<string | null | undefined>;
  /** Before the layout is read (from the page, or `GET /_dash-layout`). */
  layout_pre?: () => void;
  /** After the layout is on screen, before the initial callbacks are sent; gets the layout. */
  layout_post?: (layout: Layout) => void;
}

let hooks: RendererHooks = {};
/** The JWT of `request_refresh_jwt`, sent with every callback request once there is one. */
let jwt: string | undefined;

/** Hold the hooks of the page's renderer (called once, when it starts). */
export function setRendererHooks(pageHooks: RendererHooks): void {
  hooks = pageHooks;
}

/** The hooks of the page's renderer (none before it starts). */
export function rendererHooks(): RendererHooks {
  return hooks;
}

/**
 * POST a callback request as Dash does: `request_pre` sees the body first, the JWT goes along
 * once there is one, and a 401 asks `request_refresh_jwt` for a new one and tries once more.
 *
 * @example
 * ```ts
 * const response = await postCallbackRequest(url, body, { Accept: "application/json" });
 * ```
 */
export async function postCallbackRequest(url: string, payload: UpdateRequest, headers: Record<string, string>, signal?: AbortSignal): Promise<Response> {
  hooks.request_pre?.(payload);
  return postWithJwt(url, JSON.stringify(payload), headers, { signal });
}

/**
 * POST one of the page's own requests that run no callback (a live callback's `getProp` answer, a
 * stream cancel) with the callback requests' credentials: the JWT of `request_refresh_jwt`, and a
 * 401 refreshes it and tries once more. `request_pre` is not called: its payload is a callback's
 * update body, which these are not.
 *
 * @example
 * ```ts
 * await postPageRequest("/_dash-stream-cancel", { connection, streams: ["t1:2"] }, { keepalive: true });
 * ```
 */
export function postPageRequest(url: string, payload: object, init: { keepalive?: boolean } = {}): Promise<Response> {
  return postWithJwt(url, JSON.stringify(payload), {}, init);
}

async function postWithJwt(url: string, body: string, headers: Record<string, string>, init: { signal?: AbortSignal; keepalive?: boolean }): Promise<Response> {
  const send = () =>
    fetch(url, {
      method: "POST",
      headers: { ...headers, "Content-Type": "application/json", ...(jwt ? { Authorization: `Bearer ${jwt}` } : {}) },
      body,
      ...init,
    });
  const response = await send();
  if (response.status !== 401 || !hooks.request_refresh_jwt) return response;
  const refreshed = await hooks.request_refresh_jwt(jwt ?? null);
  if (!refreshed) return response;
  jwt = refreshed;
  await response.body?.cancel().catch(() => undefined);
  return send();
}
