import type { App } from "../lib/index.js";
import { CliError } from "./cli-error.js";
import { displayPath } from "./compile-app.js";
import { serveWithReload, type ReloadingServer } from "./reload.js";
import { isWorker, tellPrimary } from "./workers.js";

/** `AppOptions.shutdownTimeoutMs`'s default (lib/server/stream-endpoint.ts). */
const DEFAULT_SHUTDOWN_TIMEOUT_MS = 10_000;

/** Options of `dash-events serve`, after parsing. */
export interface ServeCommandOptions {
  port: number;
  host: string;
  /** `--debug`; when absent the app's own `debug` option applies. */
  debug?: boolean;
  /** `--shutdown-timeout`, ms; when absent the app's own `shutdownTimeoutMs` applies (default 10000). */
  shutdownTimeout?: number;
  /** `--allowed-hosts`; when absent the app's own `allowedHosts` applies. */
  allowedHosts?: string[] | true;
  /** `--log-level`: the server log's level (pino's: fatal, error, warn, info, debug, trace); default warn. */
  logLevel?: string;
  /** `--metrics`: serve Prometheus metrics at /metrics. */
  metrics?: boolean;
  /** `--cert`: the TLS certificate's PEM file; with `key`, serve HTTPS with HTTP/2. */
  cert?: string;
  /** `--key`: the TLS private key's PEM file. */
  key?: string;
  /** `--mcp`: serve the app as an MCP server at /_mcp. */
  mcp?: boolean;
  /** `--workers`: how many processes serve the app (node:cluster); default 1. */
  workers?: number;
  /** `--redis`, else `REDIS_URL`: the Redis bus's URL (needed by more than one worker). */
  redis?: string;
}

/**
 * `AppOptions.https` for `--cert` and `--key`, which go together; none: undefined.
 *
 * @example
 * ```ts
 * httpsOf({ port: 8443, host: "127.0.0.1", cert: "cert.pem", key: "key.pem" }); // { cert: "cert.pem", key: "key.pem" }
 * ```
 */
export function httpsOf({ cert, key }: ServeCommandOptions): { cert: string; key: string } | undefined {
  if (cert === undefined && key === undefined) return undefined;
  if (cert === undefined || key === undefined) throw new CliError(`dash-events: --${cert === undefined ? "cert" : "key"} is missing: HTTPS needs both --cert and --key`);
  return { cert, key };
}

/**
 * Fastify's logger option for `--log-level` (to stderr: stdout belongs to the command's own
 * lines), or undefined for the server's default.
 *
 * @example
 * ```ts
 * cliLogger("info"); // { level: "info", stream: process.stderr }
 * ```
 */
export function cliLogger(level: string | undefined): { level: string; stream: NodeJS.WritableStream } | undefined {
  return level === undefined ? undefined : { level, stream: process.stderr };
}

/** How long closing may take beyond the shutdown timeout (the streams' generators) before the process exits anyway. */
const CLOSE_GRACE_MS = 5000;

/**
 * Starts `app` on `host:port`, prints its URL, and stops it cleanly on SIGINT/SIGTERM (exit 0).
 * Listen failures a user can fix (port in use, no permission, unknown host) become one-line
 * {@link CliError}s instead of stack traces.
 *
 * @example
 * ```ts
 * await serveApp(await loadApp("app.ts"), "app.ts", { port: 8050, host: "127.0.0.1" });
 * ```
 */
export async function serveApp(app: App, label: string, options: ServeCommandOptions): Promise<void> {
  const { port, host, debug, shutdownTimeout, allowedHosts } = options;
  let server: { url: string; close(): Promise<void> };
  try {
    server = await app.listen({
      port,
      host,
      debug: debug === true ? true : undefined,
      shutdownTimeoutMs: shutdownTimeout,
      allowedHosts,
      logger: cliLogger(options.logLevel),
      metrics: options.metrics,
      https: httpsOf(options),
      mcp: options.mcp === true ? true : undefined,
      redis: options.redis,
    });
  } catch (err) {
    throw listenError(err, port, host) ?? err;
  }
  const url = server.url.endsWith("/") ? server.url : `${server.url}/`;
  // a worker's primary prints the one URL line for all of them (bin/workers.ts)
  if (isWorker()) tellPrimary({ type: "listening", url });
  else console.log(`dash-events: serving ${label} at ${url} (Ctrl+C to stop)`);
  closeOnSignals(() => server.close(), (shutdownTimeout ?? app.options.shutdownTimeoutMs ?? DEFAULT_SHUTDOWN_TIMEOUT_MS) + CLOSE_GRACE_MS);
}

/**
 * `serve --reload`: {@link serveWithReload} (bin/reload.ts), with the same URL line, listen errors and signals.
 *
 * @example
 * ```ts
 * await serveReloading("app.ts", { port: 8050, host: "127.0.0.1", debug: true });
 * ```
 */
export async function serveReloading(appFile: string, options: ServeCommandOptions): Promise<void> {
  const { port, host } = options;
  let server: ReloadingServer;
  try {
    server = await serveWithReload(appFile, { ...options, https: httpsOf(options) });
  } catch (err) {
    throw listenError(err, port, host) ?? err;
  }
  console.log(`dash-events: serving ${displayPath(appFile)} at ${server.url}/ with reload on changes (Ctrl+C to stop)`);
  closeOnSignals(() => server.close(), (options.shutdownTimeout ?? DEFAULT_SHUTDOWN_TIMEOUT_MS) + CLOSE_GRACE_MS);
}

/** A one-line error for start failures caused by the user's choice of port, host or certificate, else undefined. */
function listenError(err: unknown, port: number, host: string): CliError | undefined {
  const code = (err as { code?: unknown } | null)?.code;
  switch (code) {
    case "ERR_DASH_EVENTS_HTTPS":
    case "ERR_DASH_EVENTS_CONFIG":
      return new CliError(`dash-events: ${(err as Error).message}`);
    case "EADDRINUSE":
      return new CliError(`dash-events: port ${port} is already in use (try --port)`);
    case "EACCES":
      return new CliError(`dash-events: no permission to listen on port ${port} (try --port with a port above 1023)`);
    case "EADDRNOTAVAIL":
    case "ENOTFOUND":
    case "EAI_AGAIN":
      return new CliError(`dash-events: cannot listen on host ${host} (try --host 127.0.0.1)`);
    default:
      return undefined;
  }
}

/**
 * First signal: close the server (each open stream gets a final frame; the close awaits the
 * generators' cleanup up to the shutdown timeout) and exit 0. A second signal while closing exits at once.
 */
function closeOnSignals(close: () => Promise<void>, graceMs: number): void {
  let closing = false;
  const onSignal = (): void => {
    // a worker hears a signal twice on Ctrl+C (its process group, and its primary): the primary decides when to force
    if (closing && isWorker()) return;
    if (closing) process.exit(130);
    closing = true;
    // Force the exit if a client keeps a connection open; unref so it never delays a clean exit.
    setTimeout(() => {
      console.error(`dash-events: connections still open after ${graceMs / 1000} s, exiting anyway`);
      process.exit(0);
    }, graceMs).unref();
    close().then(
      () => process.exit(0),
      (err: unknown) => {
        console.error(`dash-events: error while closing the server: ${err instanceof Error ? err.message : String(err)}`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);
}
