/**
 * `POST /dash_update_component_sse`: run an event callback and stream its yields as SSE frames
 * on the response. The request is fully validated before the response starts; after that, every
 * outcome (error, timeout) travels as a frame. Runs still open when the server closes are ended.
 */
import type { ServerResponse } from "node:http";
import type { FastifyInstance } from "fastify";
import { updateRequestSchema } from "../protocol/schemas.js";
import { ENDPOINTS, type UpdateRequest } from "../protocol/types.js";
import { prepareStream, runStream, type FrameSink, type StreamRun } from "../callbacks/run-stream.js";
import { runningRegistry } from "../callbacks/registry.js";
import type { ServerContext } from "./server-context.js";
import { findEventCallback } from "./find-callback.js";
import { StreamMonitor } from "./stream-monitor.js";

export const STREAM_PATH = `/${ENDPOINTS.stream}`;

export async function streamEndpointRoute(server: FastifyInstance, { app, debug, streams = new StreamMonitor() }: ServerContext): Promise<void> {
  const runs = new Set<StreamRun>();
  // end open streams before the server stops accepting, so their connections are idle when it closes
  server.addHook("preClose", async () => {
    for (const run of runs) run.cancel();
    await Promise.all([...runs].map((run) => run.done));
  });
  const pingIntervalMs = app.options.pingIntervalMs ?? 15_000;

  server.post<{ Body: UpdateRequest }>(STREAM_PATH, { schema: { body: updateRequestSchema } }, async (request, reply) => {
    const prepared = prepareStream(findEventCallback(app, request.body.output), request.body);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8",
      "cache-control": "no-cache",
      // proxies such as nginx would otherwise hold frames back
      "x-accel-buffering": "no",
    });
    res.flushHeaders();
    // The handler returns now: an open stream holds its response and the logger, not Fastify's
    // request and reply objects (thousands of streams may be open).
    const log = request.log;
    const tracked = streams.track(request.body.output, responseSink(res), log);
    // a module-level callback(...) made while the generator runs registers into this app
    const run = runningRegistry.run(app.registry, () =>
      runStream(prepared, tracked.sink, {
        pingIntervalMs,
        debug,
        warn: (message) => log.warn(message),
        error: (message, error) => log.error({ err: error }, message),
      }),
    );
    tracked.started(() => run.cancel());
    runs.add(run);
    void run.done
      .catch((error: unknown) => log.error({ err: error }, "event callback stream: the run failed to end cleanly"))
      .finally(() => runs.delete(run));
  });
}

/** A `FrameSink` over one HTTP response; `ready` is false while Node's buffer waits for 'drain'. */
function responseSink(res: ServerResponse): FrameSink {
  const gone = (): boolean => res.destroyed || res.writableEnded;
  return {
    write(chunk) {
      if (!gone()) res.write(chunk);
    },
    get ready() {
      return !res.writableNeedDrain || gone();
    },
    writable() {
      return new Promise<void>((resolve) => {
        if (!res.writableNeedDrain || gone()) return resolve();
        const settle = (): void => {
          res.off("drain", settle);
          res.off("close", settle);
          resolve();
        };
        res.on("drain", settle);
        res.on("close", settle);
      });
    },
    onClose(listener) {
      res.once("close", () => {
        if (!res.writableFinished) listener();
      });
    },
    end() {
      if (!gone()) res.end();
    },
  };
}
