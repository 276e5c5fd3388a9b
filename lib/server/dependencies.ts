/** `GET /_dash-dependencies`: the callback list in Dash's format, event callbacks marked `stream`. */
import type { FastifyInstance } from "fastify";
import { ENDPOINTS } from "../protocol/types.js";
import type { ServerContext } from "./server-context.js";

// eslint-disable-next-line @typescript-eslint/require-await -- a Fastify plugin is async: register() awaits it
export async function dependenciesRoute(server: FastifyInstance, { app }: ServerContext): Promise<void> {
  server.get(`/${ENDPOINTS.dependencies}`, async (_request, reply) => {
    return reply.type("application/json").send(JSON.stringify(app.registry.specs()));
  });
}
