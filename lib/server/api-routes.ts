/**
 * Routes an app adds besides Dash's own: its callbacks' `apiEndpoint`s (Dash's `api_endpoint`)
 * and its startup routes (Dash's `Dash.add_startup_route`). Both are set up when the server is
 * built, as Dash sets them up once, at start.
 */
import type { FastifyInstance } from "fastify";
import { runApiCall } from "../callbacks/run-api.js";
import { findJsonProblem, jsonProblemMessage } from "../callbacks/json-check.js";
import type { ServerContext } from "./server-context.js";
import { firstRefusal, hookRequest, sendRefusal } from "./live/access-hooks.js";
import { STARTUP_ROUTE_PREFIX, type StartupRouteMethod, type StartupRouteRequest } from "./startup-routes.js";

// eslint-disable-next-line @typescript-eslint/require-await -- a Fastify plugin is async: register() awaits it
export async function apiRoutes(server: FastifyInstance, { app, debug }: ServerContext): Promise<void> {
  const hooks = app.accessHooks?.request ?? [];
  for (const callback of app.registry.apiCallbacks()) {
    server.post(callback.apiPath!, async (request, reply) => {
      // the access gate covers the callback's function however it is called: the hooks see its id as `output`
      if (hooks.length > 0) {
        const refusal = await firstRefusal(hooks, "onRequest", hookRequest(request), { output: callback.id, inputs: [], changedPropIds: [] });
        if (refusal) return sendRefusal(reply, refusal, debug);
      }
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
