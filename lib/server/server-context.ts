/**
 * What every route plugin gets as its options: the app it serves, seen through the little the
 * routes read of it (its options and its callbacks), and the server-wide settings. `App` builds it;
 * the server never imports `App`.
 */
import type { CallbackContext } from "../callbacks/callback-context.js";
import type { CallbackRegistry } from "../callbacks/callback-registry.js";
import type { ExternalResource } from "../suites/theme-catalog.js";
import type { LayoutOption } from "./app-layout.js";
import type { StartupRoute } from "./startup-routes.js";
import type { StreamMonitor } from "./stream-monitor.js";
import type { McpSettings } from "../mcp/mcp-options.js";
import type { AccessHooks } from "./live/access-hooks.js";
import type { Downlinks } from "./downlink/downlinks.js";

/** The app options the routes serve (`AppOptions` documents each). */
export interface ServedAppOptions {
  readonly layout: LayoutOption;
  readonly title?: string;
  readonly assetsFolder?: string;
  readonly pingIntervalMs?: number;
  readonly suites?: readonly string[];
  readonly stylesheets?: readonly ExternalResource[];
  readonly scripts?: readonly ExternalResource[];
  /** The script that builds Dash's `DashRenderer` with the app's renderer hooks. */
  readonly renderer?: string;
  readonly suppressCallbackExceptions?: boolean;
  readonly updateTitle?: string | null;
  readonly metaTags?: ReadonlyArray<Readonly<Record<string, string>>>;
  readonly assetsIgnore?: string;
  readonly indexString?: string;
  /** Dash's path prefixes (see path-prefix.ts). */
  readonly urlBasePathname?: string;
  readonly routesPathnamePrefix?: string;
  readonly requestsPathnamePrefix?: string;
  /** The error handler of regular callbacks without their own. */
  readonly onError?: (error: unknown, ctx: CallbackContext) => unknown;
  readonly maxFrameBytes?: number;
  readonly onErrorTimeoutMs?: number;
  readonly maxRunsPerConnection?: number;
  readonly maxRunsPerAddress?: number;
  readonly shutdownTimeoutMs?: number;
  /** Signs downlink connection ids. */
  readonly secret?: string;
  readonly streamTransport?: "multiplexed" | "per-request";
  readonly sharedWorker?: boolean;
  readonly downlinkLogSize?: number;
  readonly downlinkGraceMs?: number;
  readonly downlinkIdleMs?: number;
  /** Regular callbacks stream `setProps` and read the page over the downlink. */
  readonly liveCallbacks?: boolean;
  readonly liveReplyTimeoutMs?: number;
  readonly liveHoldMs?: number;
  /** A `redis://` URL: downlinks go through Redis (several processes). */
  readonly redis?: string;
}

/** The app a server serves: an `App` is one. */
export interface ServedApp {
  readonly options: ServedAppOptions;
  /** Its callbacks. */
  readonly registry: CallbackRegistry;
  /** Its `addStartupRoute` routes. */
  readonly startupRoutes: readonly StartupRoute[];
  /** Its `onConnect` / `onRequest` hooks. */
  readonly accessHooks?: AccessHooks;
}

export interface ServerContext {
  readonly app: ServedApp;
  /** Stack traces in error bodies and frames. */
  readonly debug: boolean;
  /** Overrides `ServedAppOptions.shutdownTimeoutMs` (the CLI's `--shutdown-timeout`). */
  readonly shutdownTimeoutMs?: number;
  /** Script URLs the index page loads after the app's own (the CLI's hot reload client). */
  readonly pageScripts?: readonly string[];
  /** The server's running streams (logging, metrics); the stream plugin makes its own when absent. */
  readonly streams?: StreamMonitor;
  /** The server's downlink connections (metrics); the stream plugin makes its own when absent. */
  readonly downlinks?: Downlinks;
  /** Serve Prometheus metrics at `/metrics`. */
  readonly metrics?: boolean;
  /** The MCP endpoint's settings; absent when it is off. */
  readonly mcp?: McpSettings;
}
