/**
 * Assemble the Fastify server of an App: the root-level settings (JSON body parser, schema
 * compiler, error handler) first, so every route plugin registered after them inherits them.
 */
import type { Http2SecureServer } from "node:http2";
import Fastify, { type FastifyInstance, type FastifyServerOptions } from "fastify";
import { apiRoutes } from "./api-routes.js";
import { assetsRoute } from "./assets.js";
import { componentSuitesRoute } from "./component-suites.js";
import type { ServerContext } from "./server-context.js";
import { dependenciesRoute } from "./dependencies.js";
import { devToolsRoutes } from "./dev-tools-routes.js";
import { installErrorHandling } from "./errors.js";
import { iconsRoute } from "./icon-routes.js";
import { indexPageRoute } from "./index-page.js";
import { installJsonBody } from "./json-body.js";
import { installHostCheck } from "./host-check.js";
import { DEFAULT_MAX_QUEUED_REQUESTS, installQueueLimit } from "./connection-limits.js";
import { installOriginCheck } from "./origin-check.js";
import { DOWNLINK_PATH } from "./downlink/downlink-routes.js";
import { installSecurityHeaders, type SecurityHeadersOptions } from "./security-headers.js";
import { layoutRoute } from "./layout.js";
import { metricsRoute } from "./metrics.js";
import { installRequestChecks } from "./request-checks.js";
import { rendererBundleRoute } from "./renderer-bundle.js";
import { shutdownTimeoutOf, streamEndpointRoute } from "./stream-endpoint.js";
import { themesRoute } from "./theme-routes.js";
import { updateComponentRoute } from "./update-component.js";
import { liveRoutes } from "./live/live-routes.js";
import { installValidation } from "./validation.js";
import { pathPrefixes, routesPrefixRewriter } from "./path-prefix.js";
import { HTTP2_MAX_CONCURRENT_STREAMS, type HttpsCredentials } from "./https.js";
import { secureServerClose } from "./secure-server-close.js";
import { installHttp2RequestTimeout } from "./http2-request-timeout.js";
import { mcpEndpointRoute } from "../mcp/mcp-endpoint.js";
import { installViewCors } from "../mcp/app-view.js";

const DEFAULT_BODY_LIMIT = 1024 * 1024;
const DEFAULT_BODY_TIMEOUT_MS = 30_000;

/** Fastify's logger option: false, true, or `{ level, stream }`. */
export type ServerLogger = boolean | { level?: string; stream?: { write(line: string): void } };

/** The server's own settings, besides what the routes get. */
export interface ServerSettings {
  /** Largest accepted request body in bytes. Default 1 MiB. */
  bodyLimit?: number;
  /** Default: warnings and errors, to stderr. */
  logger?: ServerLogger;
  /** `AppOptions.bodyTimeoutMs`. Default 30000. */
  bodyTimeoutMs?: number;
  /** `AppOptions.maxQueuedRequestsPerConnection`. Default 32. */
  maxQueuedRequestsPerConnection?: number;
  /** `AppOptions.allowedOrigins`. */
  allowedOrigins?: readonly string[];
  /** `AppOptions.allowedHosts`. */
  allowedHosts?: readonly string[] | true;
  /** `AppOptions.securityHeaders`. */
  securityHeaders?: SecurityHeadersOptions | false;
  /** The host given to `listen()`, an allowed `Host` besides localhost and IP addresses. */
  boundHost?: string;
  /** Serve HTTPS with HTTP/2 and HTTP/1.1 with this certificate and key (see https.ts). */
  https?: HttpsCredentials;
}

/** The Fastify options of both kinds of server. */
interface CommonOptions {
  logger: ServerLogger;
  bodyLimit: number;
  requestTimeout: number;
  forceCloseConnections: boolean;
  pluginTimeout: number;
  rewriteUrl: ReturnType<typeof routesPrefixRewriter>;
}

/** Fastify's own default `keepAliveTimeout`, which it sets on HTTP/1 servers only. */
const KEEP_ALIVE_TIMEOUT_MS = 72_000;

export async function buildServer(context: ServerContext, settings: ServerSettings): Promise<FastifyInstance> {
  const { debug } = context;
  const bodyLimit = settings.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const logger = settings.logger ?? { level: "warn", stream: process.stderr };
  // Node's requestTimeout bounds receiving a request (headers and body), not the response, so a
  // slow body gets a 408 while a stream may run for hours. headersTimeout may not exceed it.
  // forceCloseConnections: close() must not wait for sockets that never sent a request (browsers
  // and undici open spare ones); open streams are ended by the stream plugin's preClose hook first.
  const requestTimeout = settings.bodyTimeoutMs ?? DEFAULT_BODY_TIMEOUT_MS;
  // Node looks for expired requests every connectionsCheckingInterval ms (default 30 s): a fraction of the timeout here
  const http = requestTimeout > 0 ? { connectionsCheckingInterval: Math.max(100, Math.min(5000, Math.floor(requestTimeout / 4))) } : undefined;
  // the stream plugin's preClose hook may wait up to the shutdown timeout; avvio bounds hooks by pluginTimeout
  const pluginTimeout = Math.max(10_000, shutdownTimeoutOf(context) + 5000);
  const common: CommonOptions = {
    logger,
    bodyLimit,
    requestTimeout,
    forceCloseConnections: true,
    pluginTimeout,
    rewriteUrl: routesPrefixRewriter(pathPrefixes(context.app.options).routes),
  };
  const server = settings.https ? http2Server(common, settings.https, requestTimeout, http?.connectionsCheckingInterval) : Fastify({ ...common, logger: logger as FastifyServerOptions["logger"], http });
  if (requestTimeout > 0) server.server.headersTimeout = Math.min(server.server.headersTimeout, requestTimeout);
  installQueueLimit(server, settings.maxQueuedRequestsPerConnection ?? DEFAULT_MAX_QUEUED_REQUESTS);
  if (settings.https) installHttp2RequestTimeout(server, requestTimeout);
  installHostCheck(server, { allowedHosts: settings.allowedHosts ?? [], boundHost: () => settings.boundHost });
  installOriginCheck(server, settings.allowedOrigins ?? [], [DOWNLINK_PATH]);
  if (context.mcp?.app) installViewCors(server, context.mcp.path);
  installSecurityHeaders(server, settings.securityHeaders);
  installJsonBody(server);
  installValidation(server);
  installErrorHandling(server, debug, bodyLimit);
  installRequestChecks(server);
  await server.register(indexPageRoute, context);
  await server.register(layoutRoute, context);
  await server.register(dependenciesRoute, context);
  await server.register(updateComponentRoute, context);
  await server.register(streamEndpointRoute, context);
  await server.register(liveRoutes, context);
  await server.register(apiRoutes, context);
  if (context.mcp) await server.register(mcpEndpointRoute, { ...context, mcp: context.mcp });
  await server.register(metricsRoute, context);
  await server.register(devToolsRoutes, context);
  await server.register(assetsRoute, context);
  await server.register(componentSuitesRoute, context);
  await server.register(themesRoute);
  await server.register(iconsRoute, {});
  await server.register(rendererBundleRoute);
  // after the stream plugin's preClose hook, which ends the runs first
  if (settings.https) await server.register(secureServerClose);
  return server;
}

/**
 * Fastify over Node's HTTP/2 secure server, offering h2 and http/1.1 by ALPN. It is typed as the
 * HTTP/1 instance the routes are written against: its raw requests and responses are Node's HTTP/2
 * compatibility objects, which have the members the routes use; where they differ (the socket,
 * backpressure) connection-limits.ts and response-sink.ts look at the protocol.
 */
function http2Server(
  common: CommonOptions,
  { cert, key }: HttpsCredentials,
  requestTimeout: number,
  connectionsCheckingInterval: number | undefined,
): FastifyInstance {
  const server = Fastify<Http2SecureServer>({
    ...common,
    http2: true,
    https: { allowHTTP1: true, cert, key, settings: { maxConcurrentStreams: HTTP2_MAX_CONCURRENT_STREAMS } },
  });
  // Fastify sets these on HTTP/1 servers only; the HTTP/1.1 connections of this server use them
  // too. Node has no request timeout for HTTP/2 streams: http2-request-timeout.ts is theirs.
  const raw = server.server as typeof server.server & { requestTimeout: number; keepAliveTimeout: number; connectionsCheckingInterval: number };
  raw.requestTimeout = requestTimeout;
  raw.keepAliveTimeout = KEEP_ALIVE_TIMEOUT_MS;
  if (connectionsCheckingInterval !== undefined) raw.connectionsCheckingInterval = connectionsCheckingInterval;
  return server as unknown as FastifyInstance;
}
