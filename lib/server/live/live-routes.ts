/** `POST /_dash-live-reply`: the page's answer to a `[GET_PROPS]` frame (`ctx.getProp`). */
import type { FastifyInstance } from "fastify";
import { DOWNLINK_ENDPOINTS, liveReplySchema, type LiveReply } from "../../protocol/downlink.js";
import { HttpError } from "../errors.js";
import { FORGED_CONNECTION } from "../downlink/downlink-routes.js";
import type { ServerContext } from "../server-context.js";
import { liveStateOf } from "./live-state.js";

export const LIVE_REPLY_PATH = `/${DOWNLINK_ENDPOINTS.liveReply}`;

// eslint-disable-next-line @typescript-eslint/require-await -- a Fastify plugin is async: register() awaits it
export async function liveRoutes(server: FastifyInstance, context: ServerContext): Promise<void> {
  const { downlinks, requests } = liveStateOf(context);
  server.post<{ Body: LiveReply }>(LIVE_REPLY_PATH, { schema: { body: liveReplySchema } }, async (request, reply) => {
    if (!downlinks.ids.verify(request.body.connection)) throw new HttpError(403, FORGED_CONNECTION);
    // on a bus, the question may wait on another process
    if (!requests.answer(request.body) && !(await downlinks.replies?.forward(request.body))) {
      throw new HttpError(404, "No ctx.getProp question of this connection waits under that request id (answered already, or timed out)");
    }
    return reply.code(204).send();
  });
}
