/**
 * `dash-events serve --reload`: serve an app file, and rebuild and swap it when the file, one of
 * its relative imports or a file of its assets folder changes, without losing the port. The port
 * belongs to a plain Node HTTP server that hands each request to the current app's Fastify
 * instance; a swap closes the previous instance, which ends its running streams (their `finally`
 * blocks run), and tells open pages to reload. A stylesheet of the assets folder is swapped in the
 * page without a reload. A build that fails keeps the last good app serving and shows the error
 * (`file:line:col: message`) in the terminal and over the page.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createSecureServer, type Http2SecureServer, type Http2ServerRequest, type Http2ServerResponse } from "node:http2";
import { extname, relative, resolve, sep } from "node:path";
import { watch, type FSWatcher } from "chokidar";
import type { FastifyInstance } from "fastify";
import type { App } from "../lib/index.js";
import { CliError } from "./cli-error.js";
import { HOT_RELOAD_CLIENT, HOT_RELOAD_EVENTS, HOT_RELOAD_SCRIPT, type HotReloadEvent } from "./hot-reload-client.js";
import { loadAppSources } from "./load-app.js";
import { HTTP2_MAX_CONCURRENT_STREAMS, loadHttpsCredentials, type HttpsOptions } from "../lib/server/https.js";
import { trackSecureConnections } from "../lib/server/secure-server-close.js";

/** Options of {@link serveWithReload}. */
export interface ReloadOptions {
  port: number;
  host: string;
  debug?: boolean;
  /** The server log's level (see `ServeCommandOptions.logLevel`). */
  logLevel?: string;
  /** Serve Prometheus metrics at /metrics. */
  metrics?: boolean;
  /** `--shutdown-timeout`, ms (see `ServeCommandOptions`). */
  shutdownTimeout?: number;
  /** `--allowed-hosts` (see `ServeCommandOptions`). */
  allowedHosts?: string[] | true;
  /** `--cert` and `--key`: serve HTTPS with HTTP/2 (see `AppOptions.https`). */
  https?: HttpsOptions;
  /** `--mcp`: serve the app as an MCP server at /_mcp. */
  mcp?: boolean;
  /** The Redis bus's URL (see `AppOptions.redis`). */
  redis?: string;
  /** Called with each line the reloader reports (defaults to the console). */
  log?: (line: string) => void;
}

/** A server that reloads its app; see {@link serveWithReload}. */
export interface ReloadingServer {
  /** Base URL, e.g. `http://127.0.0.1:8050`. */
  url: string;
  /** Stops watching, ends running streams and closes the port. */
  close(): Promise<void>;
}

/** How long to wait for more file events before rebuilding: editors often write a file twice. */
const SETTLE_MS = 60;

/**
 * Loads `appFile`, serves it on `host:port` and rebuilds it on changes. A first build that fails
 * throws (a {@link CliError}); later ones keep the last good app.
 *
 * @example
 * ```ts
 * const server = await serveWithReload("app.ts", { port: 8050, host: "127.0.0.1" });
 * // edit app.ts: open pages reload with the new app
 * await server.close();
 * ```
 */
export async function serveWithReload(appFile: string, options: ReloadOptions): Promise<ReloadingServer> {
  const log = options.log ?? ((line: string) => console.error(line));
  // the certificate first: a bad one fails before the app is built
  const credentials = options.https === undefined ? undefined : await loadHttpsCredentials(options.https);
  const first = await loadAppSources(appFile);
  let current = await start(first.app, options);
  let lastError: string | undefined;
  const pages = new Set<ServerResponse>();

  const send = (event: HotReloadEvent, to: Iterable<ServerResponse> = pages): void => {
    for (const page of to) page.write(`data: ${JSON.stringify(event)}\n\n`);
  };

  // Over HTTPS the port speaks HTTP/2 and HTTP/1.1; the app's Fastify instance serves Node's
  // HTTP/2 compatibility request and response objects as it serves HTTP/1's (see lib/server/build.ts).
  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method === "GET" && path === HOT_RELOAD_SCRIPT) {
      res.writeHead(200, { "content-type": "text/javascript; charset=utf-8", "cache-control": "no-cache" });
      res.end(HOT_RELOAD_CLIENT);
    } else if (req.method === "GET" && path === HOT_RELOAD_EVENTS) {
      res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache" });
      res.write(": connected\n\n");
      pages.add(res);
      res.on("close", () => pages.delete(res));
      if (lastError !== undefined) send({ type: "error", message: lastError }, [res]);
    } else {
      current.server.routing(req, res);
    }
  };
  let http: Server | Http2SecureServer;
  let closeConnections: () => void;
  if (credentials) {
    const settings = { maxConcurrentStreams: HTTP2_MAX_CONCURRENT_STREAMS };
    // handle uses only members the compatibility objects share with HTTP/1's
    const secure = createSecureServer({ allowHTTP1: true, ...credentials, settings }, handle as unknown as (req: Http2ServerRequest, res: Http2ServerResponse) => void);
    closeConnections = trackSecureConnections(secure);
    http = secure;
  } else {
    const plain = createServer(handle);
    closeConnections = () => plain.closeAllConnections();
    http = plain;
  }
  await new Promise<void>((resolvePromise, reject) => {
    http.once("error", reject);
    http.listen(options.port, options.host, () => {
      http.off("error", reject);
      resolvePromise();
    });
  });

  const assetsFolder = first.app.options.assetsFolder === undefined ? undefined : resolve(first.app.options.assetsFolder);
  let watched = new Set(first.sources);
  const watcher: FSWatcher = watch([...watched, ...(assetsFolder ? [assetsFolder] : [])], { ignoreInitial: true });
  let changed = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  let rebuilding: Promise<void> = Promise.resolve();

  const rebuild = async (files: string[]): Promise<void> => {
    const cssOnly = assetsFolder !== undefined && files.every((file) => isInside(file, assetsFolder) && extname(file) === ".css");
    if (cssOnly && lastError === undefined) {
      send({ type: "css", urls: files.map((file) => `/assets/${relative(assetsFolder, file).split(sep).map(encodeURIComponent).join("/")}`) });
      log(`dash-events: swapped ${files.map((file) => relative(process.cwd(), file)).join(", ")}`);
      return;
    }
    let loaded: { app: App; sources: string[] };
    try {
      loaded = await loadAppSources(appFile);
    } catch (error) {
      if (!(error instanceof CliError)) throw error;
      lastError = error.message;
      log(`${error.message}\ndash-events: the last good app is still serving; fix the error to reload`);
      send({ type: "error", message: error.message });
      return;
    }
    const previous = current;
    current = await start(loaded.app, options);
    lastError = undefined;
    const added = loaded.sources.filter((file) => !watched.has(file));
    if (added.length > 0) watcher.add(added);
    watched = new Set([...watched, ...loaded.sources]);
    // Ends the previous app's running streams: their generators' finally blocks run.
    await previous.server.close();
    send({ type: "reload" });
    log(`dash-events: reloaded ${relative(process.cwd(), resolve(appFile)) || appFile}`);
  };

  watcher.on("all", (event, file) => {
    if (event !== "add" && event !== "change" && event !== "unlink") return;
    changed.add(resolve(file));
    clearTimeout(timer);
    timer = setTimeout(() => {
      const files = [...changed];
      changed = new Set();
      rebuilding = rebuilding.then(() => rebuild(files)).catch((error: unknown) => log(`dash-events: reload failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`));
    }, SETTLE_MS);
  });
  await new Promise<void>((resolveReady) => watcher.once("ready", () => resolveReady()));

  const address = http.address();
  const port = typeof address === "object" && address !== null ? address.port : options.port;
  const shownHost = options.host.includes(":") ? `[${options.host}]` : options.host;
  return {
    url: `${credentials ? "https" : "http"}://${shownHost}:${port}`,
    async close() {
      clearTimeout(timer);
      await watcher.close();
      await rebuilding;
      for (const page of pages) page.end();
      await current.server.close();
      closeConnections();
      await new Promise<void>((resolveClosed) => http.close(() => resolveClosed()));
    },
  };
}

/** A built app, ready to answer the requests the HTTP server hands it. */
async function start(app: App, options: ReloadOptions): Promise<{ server: FastifyInstance }> {
  const server = await app.createServer({
    debug: options.debug === true ? true : undefined,
    pageScripts: [HOT_RELOAD_SCRIPT],
    logger: options.logLevel === undefined ? undefined : { level: options.logLevel, stream: process.stderr },
    metrics: options.metrics,
    shutdownTimeoutMs: options.shutdownTimeout,
    allowedHosts: options.allowedHosts,
    mcp: options.mcp === true ? true : undefined,
    redis: options.redis,
  });
  await server.ready();
  return { server };
}

function isInside(file: string, folder: string): boolean {
  const rel = relative(folder, file);
  return rel !== "" && !rel.startsWith("..") && !rel.startsWith(sep);
}
