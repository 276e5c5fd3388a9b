/**
 * The debug-only routes of the dev tools (registered only with `debug`): the page script, the
 * running streams of this server, and cancelling one. A production server has none of them.
 */
import type { FastifyInstance } from "fastify";
import { DEV_TOOLS_CLIENT, DEV_TOOLS_SCRIPT, DEV_TOOLS_STREAMS } from "./dev-tools-client.js";
import type { ServerContext } from "./server-context.js";

/** One running stream, as `GET /_dash-events/dev/streams` lists it. */
export interface DevToolsStream {
  id: number;
  callback: string;
  startedAt: number;
  ageMs: number;
  frames: number;
  framesPerSecond: number;
}

// eslint-disable-next-line @typescript-eslint/require-await -- a Fastify plugin is async: register() awaits it
export async function devToolsRoutes(server: FastifyInstance, { debug, streams }: ServerContext): Promise<void> {
  if (!debug || !streams) return;
  server.get(DEV_TOOLS_SCRIPT, async (_request, reply) => reply.type("text/javascript; charset=utf-8").header("cache-control", "no-cache").send(DEV_TOOLS_CLIENT));
  server.get(DEV_TOOLS_STREAMS, () => {
    const now = Date.now();
    const list: DevToolsStream[] = streams.running().map((s) => {
      const ageMs = now - s.startedAt;
      return { ...s, ageMs, framesPerSecond: ageMs > 0 ? (s.frames * 1000) / ageMs : 0 };
    });
    return { streams: list };
  });
  server.post<{ Params: { id: string } }>(`${DEV_TOOLS_STREAMS}/:id/cancel`, async (request, reply) => {
    const cancelled = streams.cancel(Number(request.params.id));
    return reply.code(cancelled ? 204 : 404).send();
  });
}
