/**
 * `POST /dash_update_component_sse`: run an event callback and stream its yields as SSE frames
 * on the response. The request is fully validated before the response starts; after that, every
 * outcome (error, timeout, a client over its run limits) travels as a frame.
 *
 * A body naming a downlink (`downlink: {connection, stream, tab}`, see lib/protocol/downlink.ts)
 * starts the run on that multiplexed downlink instead: the POST answers 202 at once and the
 * frames travel on the downlink (downlink/).
 *
 * A run ends when its client goes away, however it goes: the response's `close` (which never
 * fires for a response queued behind another on a pipelined connection) or the socket's.
 * At server close, each open run gets an `[ERROR]` frame saying so, its generator is closed, and
 * the close waits for the generators' `return()` (async `finally` blocks), up to `shutdownTimeoutMs`.
 */
import type { ServerResponse } from "node:http";
import type { FastifyBaseLogger, FastifyInstance } from "fastify";
import { streamRequestSchema } from "../protocol/schemas.js";
import { ENDPOINTS, type UpdateRequest } from "../protocol/types.js";
import type { DownlinkStart, MultiplexedStartResponse } from "../protocol/downlink.js";
import { encodeFrame, errorFrame } from "../protocol/frames.js";
import { prepareStream, runStream, type FrameSink, type PreparedStream, type StreamRun } from "../callbacks/run-stream.js";
import { runningRegistry } from "../callbacks/callback-registry.js";
import type { ServerContext } from "./server-context.js";
import { findEventCallback } from "./find-callback.js";
import { RunLimits, connectionOf } from "./connection-limits.js";
import { needsDrain, responseSink } from "./response-sink.js";
import { StreamMonitor } from "./stream-monitor.js";
import { SSE_HEADERS } from "./sse-headers.js";
import { HttpError } from "./errors.js";
import { liveStateOf } from "./live/live-state.js";
import { DownlinkLiveLink } from "./live/downlink-live-link.js";
import type { LiveLink } from "../callbacks/live-link.js";
import { firstRefusal, hookRequest, sendRefusal } from "./live/access-hooks.js";
import { FORGED_CONNECTION, registerDownlinkRoutes } from "./downlink/downlink-routes.js";

export const STREAM_PATH = `/${ENDPOINTS.stream}`;

/** Default of `AppOptions.shutdownTimeoutMs`. */
export const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;

/** The shutdown timeout a server of `context` uses. */
export function shutdownTimeoutOf({ app, shutdownTimeoutMs }: ServerContext): number {
  return shutdownTimeoutMs ?? app.options.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS;
}

/** The message of the `[ERROR]` frame of a run whose process died (the Redis bus tells the page). */
export const ORPHAN_MESSAGE = "the server process running this event callback stopped; the run ended";

/** The message of the `[ERROR]` frame each run still open at server close gets. */
export const SHUTDOWN_MESSAGE = "the server is shutting down; this event callback run was ended";

interface OpenRun {
  run: StreamRun;
  /** The run's own response (per-request mode); null on a downlink. */
  res: ServerResponse | null;
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
  const { downlinks, requests } = liveStateOf(context);
  server.addHook("preClose", async () => {
    const open = [...runs];
    for (const { run } of open) run.interrupt(SHUTDOWN_MESSAGE);
    const deadlineMs = shutdownTimeoutOf(context);
    // the final frame is awaited only where the client reads: one that does not would hold the close up
    const settled = Promise.all(
      open.map(({ run, res, flushed }) => Promise.all([run.done.catch(() => undefined), run.closed, !res || needsDrain(res) ? undefined : flushed])),
    ).then(() => downlinks.shutdown());
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = await Promise.race([
      settled.then(() => false),
      new Promise<boolean>((resolve) => (timer = setTimeout(resolve, deadlineMs, true))),
    ]);
    clearTimeout(timer);
    if (late) server.log.warn(`event callback streams: generators still closing after the shutdown timeout of ${deadlineMs} ms; closing anyway`);
  });
  const pingIntervalMs = options.pingIntervalMs ?? 15_000;
  const hooks = app.accessHooks;
  registerDownlinkRoutes(server, downlinks, hooks?.connect.length ? { gate: (request) => firstRefusal(hooks.connect, "onConnect", hookRequest(request)), debug } : undefined);

  /** Run `prepared`, its frames going to `sink`; `res` is its own response (per-request mode). */
  const start = (prepared: PreparedStream, output: string, sink: FrameSink, res: ServerResponse | null, log: FastifyBaseLogger, release: () => void, live?: LiveLink): StreamRun => {
    const tracked = streams.track(output, sink, log);
    // a module-level callback(...) made while the generator runs registers into this app
    const run = runningRegistry.run(app.registry, () =>
      runStream(prepared, tracked.sink, {
        pingIntervalMs,
        debug,
        maxFrameBytes: options.maxFrameBytes,
        onErrorTimeoutMs: options.onErrorTimeoutMs,
        live,
        warn: (message) => log.warn(message),
        error: (message, error) => log.error({ err: error }, message),
      }),
    );
    tracked.started(() => run.cancel());
    const open: OpenRun = { run, res, flushed: res ? new Promise<void>((resolve) => res.once("close", resolve)) : Promise.resolve() };
    runs.add(open);
    void run.done
      .catch((error: unknown) => log.error({ err: error }, "event callback stream: the run failed to end cleanly"))
      .finally(() => {
        runs.delete(open);
        release();
      });
    return run;
  };

  /** A run on a downlink: checked, started, answered with 202; its frames go on the downlink. */
  const startOnDownlink = async (target: DownlinkStart, prepared: PreparedStream, body: UpdateRequest, ip: string, log: FastifyBaseLogger): Promise<MultiplexedStartResponse> => {
    const connection = await downlinks.find(target.connection);
    if (!connection) {
      throw new HttpError(410, "The downlink connection has expired (its downlink was away longer than the grace period, or the server restarted): reconnect the downlink and start the run again");
    }
    const slot = limits.acquire(null, ip);
    if (typeof slot === "string") throw new HttpError(429, slot);
    let channel;
    try {
      channel = await connection.open(target.stream, target.tab, body.output, JSON.stringify(errorFrame(ORPHAN_MESSAGE, true, prepared.callback.spec.reset_props ?? [])));
    } catch (error) {
      slot.release();
      throw error;
    }
    if (!channel) {
      slot.release();
      throw new HttpError(409, `Stream ${JSON.stringify(target.stream)} is already running on this connection; name each run with a new stream id`);
    }
    const sink = connection.sink(channel);
    // ctx.getProp asks the page on the run's own channel (its answer may land on another process: the bus passes it on)
    const live = new DownlinkLiveLink(connection, target, requests, sink);
    start(prepared, body.output, sink, null, log, slot.release, live);
    return { stream: target.stream };
  };

  server.post<{ Body: UpdateRequest & { downlink?: DownlinkStart } }>(STREAM_PATH, { schema: { body: streamRequestSchema } }, async (request, reply) => {
    // a forged connection is refused before anything else is looked at
    if (request.body.downlink && !downlinks.ids.verify(request.body.downlink.connection)) throw new HttpError(403, FORGED_CONNECTION);
    const prepared = prepareStream(findEventCallback(app, request.body.output), request.body);
    if (hooks?.request.length) {
      const { downlink: _downlink, ...body } = request.body;
      const refusal = await firstRefusal(hooks.request, "onRequest", hookRequest(request), body);
      if (refusal) return sendRefusal(reply, refusal, debug);
    }
    if (request.body.downlink) return reply.code(202).send(await startOnDownlink(request.body.downlink, prepared, request.body, request.ip, request.log));
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
    start(prepared, request.body.output, responseSink(request.raw, res), res, request.log, slot.release);
  });
}

