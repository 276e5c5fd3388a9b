/** `POST /_dash-update-component`: run a regular callback and answer as Dash does (live: over the page's downlink too). */
import type { FastifyInstance } from "fastify";
import { liveUpdateRequestSchema } from "../protocol/schemas.js";
import { ENDPOINTS, type UpdateRequest } from "../protocol/types.js";
import { LIVE_STREAM_HEADER, type DownlinkStart } from "../protocol/downlink.js";
import { runCallback } from "../callbacks/run-callback.js";
import type { ServerContext } from "./server-context.js";
import { findRegularCallback } from "./find-callback.js";
import { HttpError } from "./errors.js";
import { FORGED_CONNECTION } from "./downlink/downlink-routes.js";
import { DownlinkLiveLink } from "./live/downlink-live-link.js";
import { liveStateOf } from "./live/live-state.js";
import { firstRefusal, hookRequest, sendRefusal } from "./live/access-hooks.js";

// eslint-disable-next-line @typescript-eslint/require-await -- a Fastify plugin is async: register() awaits it
export async function updateComponentRoute(server: FastifyInstance, context: ServerContext): Promise<void> {
  const { app, debug } = context;
  const { downlinks, requests } = liveStateOf(context);
  server.post<{ Body: UpdateRequest & { downlink?: DownlinkStart } }>(`/${ENDPOINTS.update}`, { schema: { body: liveUpdateRequestSchema } }, async (request, reply) => {
    const { downlink, ...body } = request.body;
    if (downlink && !downlinks.ids.verify(downlink.connection)) throw new HttpError(403, FORGED_CONNECTION);
    const callback = findRegularCallback(app, body.output);
    const refusal = await firstRefusal(app.accessHooks?.request ?? [], "onRequest", hookRequest(request), body);
    if (refusal) return sendRefusal(reply, refusal, debug);
    // a connection the server no longer has (expired, restarted): the callback runs as a plain one
    const connection = downlink && app.options.liveCallbacks ? downlinks.find(downlink.connection) : undefined;
    const live = connection && downlink ? new DownlinkLiveLink(connection, downlink, requests) : undefined;
    let outcome;
    try {
      outcome = await runCallback(callback, body, { onError: app.options.onError, registry: app.registry, live });
    } finally {
      // the stream ends before the answer goes, and the answer names it: the page applies it after
      const stream = live?.finish();
      if (stream) void reply.header(LIVE_STREAM_HEADER, stream);
    }
    for (const [name, value] of outcome.headers) void reply.header(name, value);
    if (outcome.status === 204) return reply.code(204).send();
    // serialized here so components and Patch values in outputs go through their toJSON()
    return reply.code(200).type("application/json").send(JSON.stringify(outcome.body));
  });
}
