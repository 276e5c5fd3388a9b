/**
 * Assemble the Fastify server of an App: the root-level settings (JSON body parser, schema
 * compiler, error handler) first, so every route plugin registered after them inherits them.
 */
import Fastify, { type FastifyInstance, type FastifyServerOptions } from "fastify";
import { apiRoutes } from "./api-routes.js";
import { assetsRoute } from "./assets.js";
import { componentSuitesRoute } from "./component-suites.js";
import type { ServerContext } from "./server-context.js";
import { dependenciesRoute } from "./dependencies.js";
import { installErrorHandling } from "./errors.js";
import { indexPageRoute } from "./index-page.js";
import { installJsonBody } from "./json-body.js";
import { layoutRoute } from "./layout.js";
import { rendererBundleRoute } from "./renderer-bundle.js";
import { streamEndpointRoute } from "./stream-endpoint.js";
import { themesRoute } from "./theme-routes.js";
import { updateComponentRoute } from "./update-component.js";
import { installValidation } from "./validation.js";
import { pathPrefixes, routesPrefixRewriter } from "./path-prefix.js";

const DEFAULT_BODY_LIMIT = 1024 * 1024;

/** Fastify's logger option: false, true, or `{ level, stream }`. */
export type ServerLogger = boolean | { level?: string; stream?: { write(line: string): void } };

/** The server's own settings, besides what the routes get. */
export interface ServerSettings {
  /** Largest accepted request body in bytes. Default 1 MiB. */
  bodyLimit?: number;
  /** Default: warnings and errors, to stderr. */
  logger?: ServerLogger;
}

export async function buildServer(context: ServerContext, settings: ServerSettings): Promise<FastifyInstance> {
  const { debug } = context;
  const bodyLimit = settings.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const logger = (settings.logger ?? { level: "warn", stream: process.stderr }) as FastifyServerOptions["logger"];
  // requestTimeout 0: streams may run for hours; Node's default would cut them at 5 minutes.
  // forceCloseConnections: close() must not wait for sockets that never sent a request (browsers
  // and undici open spare ones); open streams are ended by the stream plugin's preClose hook first.
  const server = Fastify({ logger, bodyLimit, requestTimeout: 0, forceCloseConnections: true, rewriteUrl: routesPrefixRewriter(pathPrefixes(context.app.options).routes) });
  installJsonBody(server);
  installValidation(server);
  installErrorHandling(server, debug, bodyLimit);
  await server.register(indexPageRoute, context);
  await server.register(layoutRoute, context);
  await server.register(dependenciesRoute, context);
  await server.register(updateComponentRoute, context);
  await server.register(streamEndpointRoute, context);
  await server.register(apiRoutes, context);
  await server.register(assetsRoute, context);
  await server.register(componentSuitesRoute, context);
  await server.register(themesRoute);
  await server.register(rendererBundleRoute);
  return server;
}
