/**
 * `GET /metrics` (opt-in: `createServer({ metrics: true })`, `serve --metrics`): Prometheus metrics
 * of the server, in prom-client's text format. A registry of its own per server, so two apps in
 * one process never mix their numbers.
 *
 * - `dash_events_open_streams`: event-callback streams running now
 * - `dash_events_stream_frames_total{callback}`: frames sent (frames/s is its `rate()`)
 * - `dash_events_streams_total{callback,reason}`: streams ended, by reason (done, error, client-closed, cancelled)
 * - `dash_events_stream_duration_seconds{callback}`: how long streams ran
 * - `dash_events_callback_duration_seconds{callback}`: regular callback latency (`/_dash-update-component`)
 * - `dash_events_callback_errors_total{callback}`: regular callbacks that answered 5xx, and streams that ended with an error
 */
import type { FastifyInstance, FastifyRequest } from "fastify";
import { Counter, Gauge, Histogram, Registry } from "prom-client";
import { ENDPOINTS } from "../protocol/types.js";
import type { ServerContext } from "./server-context.js";
import type { StreamMonitor } from "./stream-monitor.js";
import type { Downlinks } from "./downlink/downlinks.js";

/** Where the metrics are served. */
export const METRICS_PATH = "/metrics";

const UPDATE_PATH = `/${ENDPOINTS.update}`;

// eslint-disable-next-line @typescript-eslint/require-await -- a Fastify plugin is async: register() awaits it
export async function metricsRoute(server: FastifyInstance, { metrics, streams, downlinks }: ServerContext): Promise<void> {
  if (!metrics || !streams) return;
  const registry = new Registry();
  if (downlinks) watchDownlinks(downlinks, registry);
  const errors = new Counter({ name: "dash_events_callback_errors_total", help: "Callback runs that failed, by callback", labelNames: ["callback"], registers: [registry] });
  watchStreams(streams, registry, errors);
  const latency = new Histogram({
    name: "dash_events_callback_duration_seconds",
    help: "Regular callback latency (POST /_dash-update-component), by callback",
    labelNames: ["callback"],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [registry],
  });
  server.addHook("onResponse", async (request: FastifyRequest, reply) => {
    if (request.method !== "POST" || request.url.split("?")[0] !== UPDATE_PATH) return;
    const callback = (request.body as { output?: unknown } | undefined)?.output;
    if (typeof callback !== "string") return;
    latency.observe({ callback }, reply.elapsedTime / 1000);
    if (reply.statusCode >= 500) errors.inc({ callback });
  });
  server.get(METRICS_PATH, async (_request, reply) => {
    return reply.type(registry.contentType).send(await registry.metrics());
  });
}
// The onResponse hook must see every route, not only this plugin's (what fastify-plugin does).
(metricsRoute as unknown as Record<symbol, boolean>)[Symbol.for("skip-override")] = true;

function watchDownlinks(downlinks: Downlinks, registry: Registry): void {
  new Gauge({
    name: "dash_events_downlinks",
    help: "Downlinks open now (one per browser on the multiplexed transport)",
    registers: [registry],
    collect() {
      this.set(downlinks.stats().attached);
    },
  });
  new Gauge({
    name: "dash_events_downlink_resumes",
    help: "Downlinks that resumed a connection the server still had (reconnects), since the server started",
    registers: [registry],
    collect() {
      this.set(downlinks.stats().resumes);
    },
  });
  new Gauge({
    name: "dash_events_downlink_connections",
    help: "Downlink connections known, open or within their grace period",
    registers: [registry],
    collect() {
      this.set(downlinks.stats().connections);
    },
  });
}

function watchStreams(streams: StreamMonitor, registry: Registry, errors: Counter<"callback">): void {
  new Gauge({
    name: "dash_events_open_streams",
    help: "Event-callback streams running now",
    registers: [registry],
    collect() {
      this.set(streams.running().length);
    },
  });
  const frames = new Counter({ name: "dash_events_stream_frames_total", help: "Stream frames sent, by callback", labelNames: ["callback"], registers: [registry] });
  const ended = new Counter({ name: "dash_events_streams_total", help: "Streams ended, by callback and reason", labelNames: ["callback", "reason"], registers: [registry] });
  const duration = new Histogram({
    name: "dash_events_stream_duration_seconds",
    help: "How long event-callback streams ran, by callback",
    labelNames: ["callback"],
    buckets: [0.1, 0.5, 1, 5, 15, 60, 300, 900, 3600],
    registers: [registry],
  });
  streams.listen({
    frame: (stream) => frames.inc({ callback: stream.callback }),
    ended: (stream, reason, durationMs) => {
      ended.inc({ callback: stream.callback, reason });
      duration.observe({ callback: stream.callback }, durationMs / 1000);
      if (reason === "error") errors.inc({ callback: stream.callback });
    },
  });
}
