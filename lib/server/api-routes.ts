/**
 * Routes an app adds besides Dash's own: its callbacks' `apiEndpoint`s (Dash's `api_endpoint`)
 * and its startup routes (Dash's `Dash.add_startup_route`). Both are set up when the server is
 * built, as Dash sets them up once, at start.
 */
import type { IncomingHttpHeaders } from "node:http";
import type { FastifyInstance } from "fastify";
import { runApiCall } from "../callbacks/run-api.js";
import { findJsonProblem, jsonProblemMessage } from "../callbacks/json-check.js";
import { describe } from "../dsl/component.js";
import type { ServerContext } from "./context.js";

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

export async function apiRoutes(server: FastifyInstance, { app }: ServerContext): Promise<void> {
  for (const callback of app.registry.apiCallbacks()) {
    server.post(callback.apiPath!, async (request, reply) => {
      const outcome = await runApiCall(callback, request.body);
      for (const [name, value] of outcome.headers) void reply.header(name, value);
      if (outcome.status === 204) return reply.code(204).send();
      return reply.code(200).type("application/json").send(outcome.json);
    });
  }
  for (const route of app.startupRoutes) {
    const url = STARTUP_ROUTE_PREFIX + route.name;
    server.route({
      method: [...route.methods],
      url,
      handler: async (request, reply) => {
        const value: unknown = await route.handler({
          method: request.method as StartupRouteMethod,
          // a plain copy: Fastify's query object has a prototype of its own
          query: { ...(request.query as StartupRouteRequest["query"]) },
          body: request.body,
          headers: request.headers,
        });
        if (value === undefined) return reply.code(204).send();
        const problem = findJsonProblem(value);
        // server code, not a callback: logged as any 500, its message shown only in debug mode
        if (problem) throw new Error(`Startup route ${url} returned a value that is not JSON serializable: ${jsonProblemMessage(`\`${url}\``, problem)}`);
        return reply.type("application/json").send(JSON.stringify(value));
      },
    });
  }
}
