/**
 * The downlink's own routes: `GET /_dash-downlink` opens (or resumes) a connection's
 * `text/event-stream`, `POST /_dash-stream-cancel` ends runs of a connection (a cancel input, a
 * re-trigger, a closed tab's beacon). Runs start at the stream endpoint (stream-endpoint.ts).
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { sendRefusal, type Refusal } from "../live/access-hooks.js";
import { cancelRequestSchema, DOWNLINK_ENDPOINTS, type CancelRequest, type CancelResponse } from "../../protocol/downlink.js";
import { HttpError } from "../errors.js";
import { SSE_HEADERS } from "../sse-headers.js";
import type { Downlinks } from "./downlinks.js";

export const DOWNLINK_PATH = `/${DOWNLINK_ENDPOINTS.downlink}`;
export const CANCEL_PATH = `/${DOWNLINK_ENDPOINTS.cancel}`;

/** The message of the 403 a connection id the server did not issue gets. */
export const FORGED_CONNECTION = "Unknown downlink connection id: this server did not issue it (forged, or signed with another secret)";

/** A `Last-Event-ID` (header, or `lastEventId` in the query for clients that cannot set it): a sequence number, or null. */
function cursorOf(header: unknown, query: unknown): number | null {
  const raw = typeof header === "string" ? header : typeof query === "string" ? query : undefined;
  if (raw === undefined || raw === "") return null;
  if (!/^\d{1,15}$/.test(raw)) throw new HttpError(400, `Last-Event-ID must be a sequence number, got ${JSON.stringify(raw.slice(0, 40))}`);
  return Number(raw);
}

/** The app's `onConnect` hooks, run before a downlink opens (live/access-hooks.ts). */
export interface DownlinkGate {
  gate(request: FastifyRequest): Promise<Refusal | null>;
  debug: boolean;
}

export function registerDownlinkRoutes(server: FastifyInstance, hub: Downlinks, access?: DownlinkGate): void {
  server.get<{ Querystring: { connection?: string; lastEventId?: string } }>(
    DOWNLINK_PATH,
    {
      schema: {
        querystring: {
          type: "object",
          properties: { connection: { type: "string", minLength: 1, maxLength: 256 }, lastEventId: { type: "string", maxLength: 20 } },
        },
      },
    },
    async (request, reply) => {
      const id = request.query.connection;
      if (id !== undefined && !hub.ids.verify(id)) throw new HttpError(403, FORGED_CONNECTION);
      const refusal = access ? await access.gate(request) : null;
      if (refusal) return sendRefusal(reply, refusal, access!.debug, "connect");
      const cursor = cursorOf(request.headers["last-event-id"], request.query.lastEventId);
      const { connection, resumed } = await hub.connect(id);
      reply.hijack();
      const res = reply.raw;
      res.writeHead(200, SSE_HEADERS);
      res.flushHeaders();
      connection.attach(res, cursor, resumed);
    },
  );

  server.post<{ Body: CancelRequest }>(CANCEL_PATH, { schema: { body: cancelRequestSchema } }, async (request, reply) => {
    const { connection: id, streams, tab } = request.body;
    if (!hub.ids.verify(id)) throw new HttpError(403, FORGED_CONNECTION);
    const connection = await hub.find(id);
    const reason = streams === undefined && tab !== undefined ? "tab-closed" : "cancelled";
    const answer: CancelResponse = { cancelled: connection ? await connection.cancel(streams ?? [], tab, reason) : 0 };
    return reply.send(answer);
  });
}
