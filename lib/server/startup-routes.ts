/** Dash's startup routes (`app.addStartupRoute`): where they live, what a handler gets, and the checks Dash makes. */
import type { IncomingHttpHeaders } from "node:http";
import { describe } from "../dsl/component.js";

/**
 * Where startup routes live. Dash's `setup_startup_routes()` adds each one with
 * `self._add_url(f"_dash_startup_route/{name}", view_func, methods)`, under the app's
 * `routes_pathname_prefix` (`/` here), so `/_dash_startup_route/<name>`.
 */
export const STARTUP_ROUTE_PREFIX = "/_dash_startup_route/";

/** The HTTP methods a startup route may answer, as Dash allows them. */
export type StartupRouteMethod = "GET" | "POST";

/** What a startup route's handler gets about the request. */
export interface StartupRouteRequest {
  readonly method: StartupRouteMethod;
  /** The query string's parameters (a repeated one as an array). */
  readonly query: Readonly<Record<string, string | string[] | undefined>>;
  /** The parsed JSON body of a POST (undefined for a GET). */
  readonly body: unknown;
  readonly headers: IncomingHttpHeaders;
}

/** A startup route's handler: its return value is the JSON answer (`undefined`: an empty 204). May be async. */
export type StartupRouteHandler = (request: StartupRouteRequest) => unknown;

/** One route of `app.addStartupRoute`. */
export interface StartupRoute {
  readonly name: string;
  readonly handler: StartupRouteHandler;
  readonly methods: readonly StartupRouteMethod[];
}

/**
 * Check a startup route as Dash's `add_startup_route` does: a name that does not start with `/`
 * and is not taken, a function, methods among GET and POST.
 *
 * @example
 * ```ts
 * checkStartupRoute({ name: "health", handler: () => ({ ok: true }), methods: ["GET"] }, []);
 * ```
 */
export function checkStartupRoute(route: StartupRoute, existing: readonly StartupRoute[]): void {
  const { name, handler, methods } = route;
  if (typeof name !== "string" || name === "" || name.startsWith("/") || !name.split("/").every((segment) => /^[\w.~-]+$/.test(segment) && segment !== "." && segment !== "..")) {
    throw new TypeError(`addStartupRoute(name, ...): name must be a relative path such as "my-plugin/status" (not starting with "/"), got ${describe(name)}`);
  }
  if (typeof handler !== "function") throw new TypeError(`addStartupRoute(${JSON.stringify(name)}, handler): handler must be a function`);
  if (!Array.isArray(methods) || methods.length === 0 || methods.some((m) => m !== "GET" && m !== "POST")) {
    throw new TypeError(`addStartupRoute(${JSON.stringify(name)}, handler, methods): methods must be a non-empty list of "GET" and "POST"`);
  }
  if (existing.some((other) => other.name === name)) throw new Error(`addStartupRoute: route name ${JSON.stringify(name)} is already in use`);
}
