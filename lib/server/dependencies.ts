/** `GET /_dash-dependencies`: the callback list in Dash's format, event callbacks marked `stream`. */
import type { FastifyInstance } from "fastify";
import type { ServerContext } from "./context.js";

export async function dependenciesRoute(server: FastifyInstance, { app }: ServerContext): Promise<void> {
  server.get("/_dash-dependencies", async (_request, reply) => {
    return reply.type("application/json").send(JSON.stringify(app.registry.specs()));
  });
}
