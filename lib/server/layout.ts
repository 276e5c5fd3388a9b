/** `GET /_dash-layout`: the layout JSON; a layout function is called on every request. */
import type { FastifyInstance } from "fastify";
import { ENDPOINTS } from "../protocol/types.js";
import { currentLayout } from "./app-layout.js";
import type { ServerContext } from "./server-context.js";

// eslint-disable-next-line @typescript-eslint/require-await -- a Fastify plugin is async: register() awaits it
export async function layoutRoute(server: FastifyInstance, { app }: ServerContext): Promise<void> {
  server.get(`/${ENDPOINTS.layout}`, async (_request, reply) => {
    return reply.type("application/json").send(JSON.stringify(await currentLayout(app.options.layout)));
  });
}
