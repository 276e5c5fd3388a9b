/** `POST /_dash-update-component`: run a regular callback and answer as Dash does. */
import type { FastifyInstance } from "fastify";
import { updateRequestSchema } from "../protocol/schemas.js";
import { ENDPOINTS, type UpdateRequest } from "../protocol/types.js";
import { runCallback } from "../callbacks/run-callback.js";
import type { ServerContext } from "./server-context.js";
import { findRegularCallback } from "./find-callback.js";

// eslint-disable-next-line @typescript-eslint/require-await -- a Fastify plugin is async: register() awaits it
export async function updateComponentRoute(server: FastifyInstance, { app }: ServerContext): Promise<void> {
  server.post<{ Body: UpdateRequest }>(`/${ENDPOINTS.update}`, { schema: { body: updateRequestSchema } }, async (request, reply) => {
    const outcome = await runCallback(findRegularCallback(app, request.body.output), request.body, { onError: app.options.onError, registry: app.registry });
    for (const [name, value] of outcome.headers) void reply.header(name, value);
    if (outcome.status === 204) return reply.code(204).send();
    // serialized here so components and Patch values in outputs go through their toJSON()
    return reply.code(200).type("application/json").send(JSON.stringify(outcome.body));
  });
}
