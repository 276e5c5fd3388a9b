/**
 * `POST /dash_update_component_sse`: run an event callback and stream its yields as SSE frames
 * on the response. The request is fully validated before the response starts; after that, every
 * outcome (error, timeout, a client over its run limits) travels as a frame.
 *
 * A run ends when its client goes away, however it goes: the response's `close` (which never
 * fires for a response queued behind another on a pipelined connection) or the socket's.
 * At server close, each open run gets an `[ERROR]` frame saying so, its generator is closed, and
 * the close waits for the generators' `return()` (async `finally` blocks), up to `shutdownTimeoutMs`.
 */
import type { ServerResponse } from "node:http";
import type { FastifyInstance } from "fastify";
import { updateRequestSchema } from "../protocol/schemas.js";
import { ENDPOINTS, type UpdateRequest } from "../protocol/types.js";
import { encodeFrame, errorFrame } from "../protocol/frames.js";
import { prepareStream, runStream, type StreamRun } from "../callbacks/run-stream.js";
import { runningRegistry } from "../callbacks/callback-registry.js";
import type { ServerContext } from "./server-context.js";
import { findEventCallback } from "./find-callback.js";
import { RunLimits, connectionOf } from "./connection-limits.js";
import { needsDrain, responseSink } from "./response-sink.js";
import { StreamMonitor } from "./stream-monitor.js";

export const STREAM_PATH = `/${ENDPOINTS.stream}`;

/** Default of `AppOptions.shutdownTimeoutMs`. */
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;

/** The shutdown timeout a server of `context` uses. */
export function shutdownTimeoutOf({ app, shutdownTimeoutMs }: ServerContext): number {
  return shutdownTimeoutMs ?? app.options.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS;
}

/** The message of the `[ERROR]` frame each run still open at server close gets. */
export const SHUTDOWN_MESSAGE = "the server is shutting down; this event callback run was ended";

const SSE_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache",
  // proxies such as nginx would otherwise hold frames back
  "x-accel-buffering": "no",
};

interface OpenRun {
  run: StreamRun;
  res: ServerResponse;
  /** Settles when the response has been handed to the socket (or the socket is gone). */
  flushed: Promise<void>;
}

// eslint-disable-next-line @typescript-eslint/require-await -- a Fastify plugin is async: register() awaits it
export async function streamEndpointRoute(server: FastifyInstance, context: ServerContext): Promise<void> {
  const { app, debug } = context;
  const streams = context.streams ?? new StreamMonitor();
  const runs = new Set<OpenRun>();
  const options = app.options;
  const limits = new RunLimits(options.maxRunsPerConnection, options.maxRunsPerAddress ?? Infinity);
  // end open streams before the server stops accepting, so their connections are idle when it closes
  server.addHook("preClose", async () => {
    const open = [...runs];
    if (open.length === 0) return;
    for (const { run } of open) run.interrupt(SHUTDOWN_MESSAGE);
    const deadlineMs = shutdownTimeoutOf(context);
    // the final frame is awaited only where the client reads: one that does not would hold the close up
    const settled = Promise.all(
      open.map(({ run, res, flushed }) => Promise.all([run.done.catch(() => undefined), run.closed, needsDrain(res) ? undefined : flushed])),
    );
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = await Promise.race([
      settled.then(() => false),
      new Promise<boolean>((resolve) => (timer = setTimeout(resolve, deadlineMs, true))),
    ]);
    clearTimeout(timer);
    if (late) server.log.warn(`event callback streams: generators still closing after the shutdown timeout of ${deadlineMs} ms; closing anyway`);
  });
  const pingIntervalMs = options.pingIntervalMs ?? 15_000;

  server.post<{ Body: UpdateRequest }>(STREAM_PATH, { schema: { body: updateRequestSchema } }, async (request, reply) => {
    const prepared = prepareStream(findEventCallback(app, request.body.output), request.body);
    reply.hijack();
    const res = reply.raw;
    res.writeHead(200, SSE_HEADERS);
    res.flushHeaders();
    const slot = limits.acquire(connectionOf(request.raw), request.ip);
    if (typeof slot === "string") {
      res.end(encodeFrame(errorFrame(slot, true, prepared.callback.spec.reset_props ?? [])));
      return;
    }
    // The handler returns now: an open stream holds its response and the logger, not Fastify's
    // request and reply objects (thousands of streams may be open).
    const log = request.log;
    const tracked = streams.track(request.body.output, responseSink(request.raw, res), log);
    // a module-level callback(...) made while the generator runs registers into this app
    const run = runningRegistry.run(app.registry, () =>
      runStream(prepared, tracked.sink, {
        pingIntervalMs,
        debug,
        maxFrameBytes: options.maxFrameBytes,
        onErrorTimeoutMs: options.onErrorTimeoutMs,
        warn: (message) => log.warn(message),
        error: (message, error) => log.error({ err: error }, message),
      }),
    );
    tracked.started(() => run.cancel());
    const open: OpenRun = { run, res, flushed: new Promise<void>((resolve) => res.once("close", resolve)) };
    runs.add(open);
    void run.done
      .catch((error: unknown) => log.error({ err: error }, "event callback stream: the run failed to end cleanly"))
      .finally(() => {
        runs.delete(open);
        slot.release();
      });
  });
}
