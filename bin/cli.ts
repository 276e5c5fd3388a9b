import { Command, InvalidArgumentError } from "commander";
import { CliError } from "./cli-error.js";
import { displayPath } from "./compile-app.js";
import { genComponents } from "./gen-components.js";
import { loadApp } from "./load-app.js";
import { packageVersion } from "./package-info.js";
import { serveApp, serveReloading, type ServeCommandOptions } from "./serve.js";
import { isWorker, parseWorkers, redisFor, serveWorkers, tellPrimary } from "./workers.js";

/** How long the primary of `--workers` waits for its workers to close, beyond the shutdown timeout. */
const WORKERS_CLOSE_GRACE_MS = 5000;

/**
 * The `dash-events` command line. `bin/dash-events.js` calls it with `process.argv`.
 * Expected failures ({@link CliError}) print one message and set the exit code; anything
 * else is a bug and propagates with its stack.
 *
 * @example
 * ```ts
 * await main(["node", "dash-events", "serve", "examples/demo.ts", "--port", "8051"]);
 * ```
 */
export async function main(argv: readonly string[] = process.argv): Promise<void> {
  const program = new Command()
    .name("dash-events")
    .description("Dash-compatible apps in TypeScript, with streaming event callbacks")
    .version(packageVersion(), "-v, --version", "print the version")
    .showHelpAfterError();

  program
    .command("serve")
    .description("compile an app file (TypeScript or JavaScript) and serve the App it exports by default")
    .argument("<app-file>", "the app module, e.g. app.ts (anywhere on disk)")
    .option("-p, --port <port>", "port to listen on (0: any free port)", parsePort, 8050)
    .option("--host <host>", "interface to listen on (0.0.0.0: every interface)", "127.0.0.1")
    .option("--debug", "send error details (stack traces) to the browser; turns --reload on")
    .option("--allowed-hosts <hosts>", "Host names served besides localhost, IP addresses and --host, comma-separated (.example.com: and its subdomains; all: any)", parseHosts)
    .option("--shutdown-timeout <ms>", "on SIGTERM/SIGINT, how long to wait for open streams' generators to finish closing", parseMilliseconds)
    .option("--reload", "rebuild and swap the app when its files or assets change (default with --debug)")
    .option("--no-reload", "do not reload, even with --debug")
    .option("--log-level <level>", "server log level: fatal, error, warn, info (a line per stream start and end), debug, trace", parseLogLevel)
    .option("--metrics", "serve Prometheus metrics at /metrics")
    .option("--cert <file>", "TLS certificate (PEM); with --key, serve HTTPS with HTTP/2 (and HTTP/1.1)")
    .option("--key <file>", "TLS private key (PEM) of --cert")
    .option("--mcp", "serve the app as an MCP server at /_mcp for AI agents (bearer token: DASH_EVENTS_MCP_TOKEN)")
    .option("--workers <n>", "processes serving the app on the one port (auto: one per core); more than one needs --redis", parseWorkersOption)
    .option("--redis <url>", "Redis URL (redis://host:6379) of the bus that lets any process take any request (default: REDIS_URL); needs DASH_EVENTS_SECRET")
    .action(async (appFile: string, options: ServeCommandOptions & { reload?: boolean }) => {
      const redis = redisFor(options);
      const workers = options.workers ?? 1;
      const reload = options.reload ?? options.debug === true;
      if (workers > 1 && reload) throw new CliError("dash-events: --reload runs one process: drop --workers, or add --no-reload");
      if (workers > 1 && !isWorker()) {
        await serveWorkers(displayPath(appFile), workers, (options.shutdownTimeout ?? 10_000) + WORKERS_CLOSE_GRACE_MS);
        return;
      }
      if (reload) {
        await serveReloading(appFile, { ...options, redis });
        return;
      }
      const app = await loadApp(appFile);
      await serveApp(app, displayPath(appFile), { ...options, redis });
    });

  program
    .command("gen-components")
    .description("write a typed DSL module for a Dash component suite installed from npm")
    .argument("<npm-package>", "the suite's npm package, e.g. dash-iconify")
    .option("-o, --out <file>", "output file (default: <namespace>.ts in the working directory)")
    .option("--namespace <name>", "the suite's window namespace, when it is not the package name with _ for -")
    .action(async (packageName: string, options: { out?: string; namespace?: string }) => {
      const { file, namespace, components } = await genComponents(packageName, options);
      console.log(`dash-events: wrote ${displayPath(file)}: ${components.length} components of ${namespace}`);
    });

  try {
    await program.parseAsync([...argv]);
  } catch (err) {
    if (!(err instanceof CliError)) throw err;
    if (isWorker()) {
      // the primary prints it once for all workers
      tellPrimary({ type: "failed", message: err.message, exitCode: err.exitCode });
      process.exit(err.exitCode);
    }
    console.error(err.message);
    process.exit(err.exitCode);
  }
}

const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"];

function parseLogLevel(value: string): string {
  if (!LOG_LEVELS.includes(value)) throw new InvalidArgumentError(`expected one of ${LOG_LEVELS.join(", ")}`);
  return value;
}

function parseHosts(value: string): string[] | true {
  if (value.trim() === "all") return true;
  const hosts = value.split(",").map((host) => host.trim()).filter((host) => host !== "");
  if (hosts.length === 0) throw new InvalidArgumentError('expected host names, comma-separated, or "all"');
  return hosts;
}

function parseWorkersOption(value: string): number {
  try {
    return parseWorkers(value);
  } catch {
    throw new InvalidArgumentError("expected a number of workers from 1 to 1024, or auto");
  }
}

function parseMilliseconds(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError("expected a number of milliseconds");
  return Number(value);
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new InvalidArgumentError("expected a port number from 0 to 65535");
  return port;
}
