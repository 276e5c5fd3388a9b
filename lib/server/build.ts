/**
 * Assemble the Fastify server of an App: the root-level settings (JSON body parser, schema
 * compiler, error handler) first, so every route plugin registered after them inherits them.
 */
import Fastify, { type FastifyInstance, type FastifyServerOptions } from "fastify";
import type { App, ServerOptions } from "../app.js";
import { apiRoutes } from "./api-routes.js";
import { assetsRoute } from "./assets.js";
import { componentSuitesRoute } from "./component-suites.js";
import type { ServerContext } from "./context.js";
import { dependenciesRoute } from "./dependencies.js";
import { installErrorHandling } from "./errors.js";
import { indexPageRoute } from "./index-page.js";
import { installJsonBody } from "./json-body.js";
import { layoutRoute } from "./layout.js";
import { rendererBundleRoute } from "./renderer-bundle.js";
import { streamEndpointRoute } from "./stream-endpoint.js";
import { themesRoute } from "./themes.js";
import { updateComponentRoute } from "./update-component.js";
import { installValidation } from "./validation.js";

const DEFAULT_BODY_LIMIT = 1024 * 1024;

export async function buildServer(app: App, options: ServerOptions): Promise<FastifyInstance> {
  const debug = options.debug ?? app.options.debug ?? false;
  const bodyLimit = app.options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const logger = (options.logger ?? { level: "warn", stream: process.stderr }) as FastifyServerOptions["logger"];
  // requestTimeout 0: streams may run for hours; Node's default would cut them at 5 minutes.
  // forceCloseConnections: close() must not wait for sockets that never sent a request (browsers
  // and undici open spare ones); open streams are ended by the stream plugin's preClose hook first.
  const server = Fastify({ logger, bodyLimit, requestTimeout: 0, forceCloseConnections: true });
  installJsonBody(server);
  installValidation(server);
  installErrorHandling(server, debug, bodyLimit);
  const context: ServerContext = { app, debug };
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
