/** `GET /_dash-layout`: the layout JSON; a layout function is called on every request. */
import type { FastifyInstance } from "fastify";
import { ENDPOINTS } from "../protocol/types.js";
import type { ServerContext } from "./context.js";

export async function layoutRoute(server: FastifyInstance, { app }: ServerContext): Promise<void> {
  server.get(`/${ENDPOINTS.layout}`, async (_request, reply) => {
    const option = app.options.layout;
    let layout: unknown;
    try {
      layout = typeof option === "function" ? await option() : option;
    } catch (error) {
      throw new Error(`The layout function raised an error: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    }
    return reply.type("application/json").send(JSON.stringify(layout));
  });
}
