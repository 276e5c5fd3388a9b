/**
 * `App`: one Dash-style app — its layout, its callbacks, its options — and the Fastify server
 * that serves it. Each App owns its registry, so several apps can live in one process.
 */
import type { FastifyInstance } from "fastify";
import type { Dependency } from "./dsl/dependencies.js";
import { CallbackRegistry, adoptPending } from "./callbacks/callback-registry.js";
import { defineCallback, defineClientsideCallback, defineEventCallback } from "./callbacks/definitions.js";
import type { CallbackFunction, CallbackOptions, CallbackParams, CallbackReturn, ClientsideCallbackOptions, Dependencies, PreventInitialCall, InputGrouping, OutputGrouping } from "./callbacks/callback-types.js";
import type { CallbackContext } from "./callbacks/callback-context.js";
import type { EventCallbackArgs } from "./callbacks/register.js";
import type { LayoutOption, LayoutValue } from "./server/app-layout.js";
import { Component } from "./dsl/component.js";
import type { LayoutNode } from "./protocol/types.js";
import { buildServer, type ServerLogger } from "./server/build.js";
import type { ConnectHook, RequestHook } from "./server/live/access-hooks.js";
import { downlinksFor } from "./server/downlink/downlinks-for.js";
import { StreamMonitor } from "./server/stream-monitor.js";
import { DEV_TOOLS_SCRIPT } from "./server/dev-tools-client.js";
import type { SecurityHeadersOptions } from "./server/security-headers.js";
import { loadHttpsCredentials, type HttpsOptions } from "./server/https.js";
import { stylesheetUrl, type ExternalResource } from "./suites/theme-catalog.js";
import { HTML_NAMESPACE } from "./protocol/html-elements.js";
import type { ClientsideFunctionRef } from "./dsl/clientside-function.js";
import { pathPrefixes, type PathPrefixOptions } from "./server/path-prefix.js";
import { checkIndexString } from "./server/index-template.js";
import { installPageRouting } from "./pages/page-container.js";
import { defineBackgroundCallback, type BackgroundCallbackOptions, type SetProgress } from "./callbacks/background.js";
import { checkStartupRoute, type StartupRoute, type StartupRouteHandler, type StartupRouteMethod } from "./server/startup-routes.js";
import { mcpSettings, type McpOptions, type McpToolDefinition, type McpToolFunction, type McpToolOptions } from "./mcp/mcp-options.js";
import { toolName } from "./mcp/callback-tools.js";

export type { LayoutOption, LayoutValue } from "./server/app-layout.js";

/** Options of an App. */
export interface AppOptions extends PathPrefixOptions {
  /** The page's component tree, or a function returning it per request. */
  layout: LayoutOption;
  /** The page title. Default "Dash". */
  title?: string;
  /** A folder served under `/assets/`; its .css and .js files are included in the page, as Dash does. */
  assetsFolder?: string;
  /** Detailed errors (stack traces in error bodies). Default false. */
  debug?: boolean;
  /** Largest accepted request body in bytes. Default 1 MiB. */
  bodyLimit?: number;
  /** Send `: ping` on a stream idle for this many ms. Default 15000. */
  pingIntervalMs?: number;
  /**
   * Component suites every page loads, after the renderer bundle: suite names (`"dcc"`, `"dmc"`),
   * npm package names, or script/stylesheet URLs. Suites the layout uses are added automatically.
   */
  suites?: string[];
  /**
   * Stylesheets every page links first, before the suites' CSS and the assets' (Dash's
   * `external_stylesheets`): URLs, put in the page as given (a CDN URL is fetched from that CDN);
   * a theme constant such as `dbcThemes.BOOTSTRAP`, or a theme name (`"darkly"`), served by this
   * server from node_modules; or `{ href, ...attributes }` (e.g. `integrity`, `crossorigin`).
   */
  stylesheets?: ExternalResource[];
  /**
   * Scripts every page loads after React and before the component suites (Dash's
   * `external_scripts`): URLs as given, or `{ src, ...attributes }`.
   */
  scripts?: ExternalResource[];
  /**
   * The page's renderer script, Dash's `app.renderer`: JavaScript that builds the renderer with
   * `new DashRenderer(hooks)`. It runs after the page's other scripts. The hooks are Dash's
   * `request_pre(payload)`, `request_post(payload, response)` and `request_refresh_jwt(oldToken)`,
   * and `layout_pre()`/`layout_post(layout)` around the layout load.
   * Default `"var renderer = new DashRenderer();"`.
   *
   * @example
   * ```ts
   * new App({ layout, renderer: `var renderer = new DashRenderer({
   *   request_pre: (payload) => console.log("sending", payload.output),
   * });` });
   * ```
   */
  renderer?: string;
  /**
   * Components every page has besides the layout (Dash's `app._extra_components`): stores,
   * notification containers, dialogs shared by all pages. As in Dash, the layout sent is then
   * `html.Div([layout, ...extraComponents])`, so they are callback targets like any component.
   *
   * @example
   * ```ts
   * new App({ layout: pages, extraComponents: [dcc.Store({ id: "session" }), html.Div({ id: "toast" })] });
   * ```
   */
  extraComponents?: ReadonlyArray<Component | LayoutNode>;
  /**
   * Error handler of every regular callback that has no `onError` of its own (Dash's
   * `Dash(on_error=...)`): called with the error and the callback's context, it may call
   * `setProps`, and its return value is used as the callback's output value(s); returning
   * nothing leaves the outputs as they are, throwing `PreventUpdate` updates nothing. Event
   * callbacks have no outputs to return and no `setProps`: they keep their own `onError`, which
   * yields stream updates.
   *
   * @example
   * ```ts
   * new App({ layout, onError: (error) => { setProps("toast", { children: String(error) }); } });
   * ```
   */
  onError?: (error: unknown, ctx: CallbackContext) => unknown;
  /**
   * Origins (besides this server's own) whose pages may POST to the callback endpoints; any other
   * `Origin` is refused with 403. `["*"]` allows any. Default none. Needed behind a proxy that
   * rewrites `Host`, or when another site of yours drives this app.
   *
   * @example
   * ```ts
   * new App({ layout, allowedOrigins: ["https://dash.example.com"] });
   * ```
   */
  allowedOrigins?: string[];
  /**
   * Host names the server answers besides `localhost` (and its subdomains), IP addresses, and the
   * host it listens on; any other `Host` is refused with 403 (DNS rebinding). A leading dot
   * allows subdomains; `true` allows any host (as Vite's `server.allowedHosts`).
   *
   * @example
   * ```ts
   * new App({ layout, allowedHosts: ["dash.example.com", ".internal.example"] });
   * ```
   */
  allowedHosts?: string[] | true;
  /**
   * Security headers: who may frame the app, the `Referrer-Policy`, a CSP of your own.
   * `false` sends only `X-Content-Type-Options: nosniff`.
   *
   * @example
   * ```ts
   * new App({ layout, securityHeaders: { frameAncestors: ["'self'", "https://portal.example.com"] } });
   * ```
   */
  securityHeaders?: SecurityHeadersOptions | false;
  /**
   * How long a client may take to send a request (headers and body), in ms; a slower one gets
   * 408 and its connection is closed. Responses are not limited: a stream may last for hours.
   * Default 30000.
   *
   * @example
   * ```ts
   * new App({ layout, bodyTimeoutMs: 10_000 });
   * ```
   */
  bodyTimeoutMs?: number;
  /**
   * Largest encoded stream frame in bytes: a bigger yield ends the run with an `[ERROR]` frame
   * that says so (yield big data in chunks, or as a Patch). Default 16 MiB.
   *
   * @example
   * ```ts
   * new App({ layout, maxFrameBytes: 64 * 1024 * 1024 });
   * ```
   */
  maxFrameBytes?: number;
  /**
   * How long an event callback's `onError` may take, in ms; after that the `[ERROR]` frame is
   * sent without its updates. Default 5000.
   *
   * @example
   * ```ts
   * new App({ layout, onErrorTimeoutMs: 1000 });
   * ```
   */
  onErrorTimeoutMs?: number;
  /**
   * Event-callback runs one connection may have open at once; one more is answered with an
   * `[ERROR]` frame that names the limit. Default 8 over HTTP/1.1 (a browser opens one connection
   * per run), 224 over HTTP/2 (all of a page's runs share one connection, which may have 256
   * requests open at once); a value given here applies to both.
   *
   * @example
   * ```ts
   * new App({ layout, maxRunsPerConnection: 2 });
   * ```
   */
  maxRunsPerConnection?: number;
  /**
   * Event-callback runs one client address may have open at once, over all its connections;
   * one more is answered with an `[ERROR]` frame. Default: no limit (behind a proxy every
   * client has the proxy's address).
   *
   * @example
   * ```ts
   * new App({ layout, maxRunsPerAddress: 50 });
   * ```
   */
  maxRunsPerAddress?: number;
  /**
   * Requests one HTTP/1.1 connection may have in flight at once (HTTP pipelining); a connection
   * that queues more is closed, ending its runs. Default 32. An HTTP/2 connection is bounded by
   * the 256 concurrent streams the server announces instead.
   *
   * @example
   * ```ts
   * new App({ layout, maxQueuedRequestsPerConnection: 8 });
   * ```
   */
  maxQueuedRequestsPerConnection?: number;
  /**
   * Serve HTTPS, with HTTP/2 (HTTP/1.1 is still offered to clients that lack it): the certificate
   * and private key, each PEM text or the path of a PEM file. Over HTTP/2 a page's requests and
   * event-callback streams share one connection, so the six connections a browser opens per host
   * over HTTP/1.1 no longer bound how many streams a page runs at once. Read and checked when the
   * server is built: a missing or unreadable file, one that is not PEM, or a key of another
   * certificate throws there with a one-line message.
   *
   * @example
   * ```ts
   * new App({ layout, https: { cert: "certs/cert.pem", key: "certs/key.pem" } });
   * ```
   */
  https?: HttpsOptions;
  /**
   * At server close, how long to wait, in ms, for open runs' generators to finish closing
   * (their async `finally` blocks) after each stream got its final `[ERROR]` frame. Default 10000.
   *
   * @example
   * ```ts
   * new App({ layout, shutdownTimeoutMs: 30_000 });
   * ```
   */
  shutdownTimeoutMs?: number;
  /**
   * How the page receives event-callback frames. `"multiplexed"` (default): one downlink per
   * browser, shared by its tabs, carries every run (no ceiling on streams per page; resumes after
   * a dropped connection with no frame lost). `"per-request"`: each run streams on its own POST
   * response, as the seed's client and curl do (a plain POST keeps working either way).
   *
   * @example
   * ```ts
   * new App({ layout, streamTransport: "per-request" });
   * ```
   */
  streamTransport?: "multiplexed" | "per-request";
  /**
   * Signs downlink connection ids (HMAC). Default: `DASH_EVENTS_SECRET`, else a random secret per
   * process. Give several processes serving one app the same secret.
   *
   * @example
   * ```ts
   * new App({ layout, secret: process.env.APP_SECRET });
   * ```
   */
  secret?: string;
  /**
   * Share one downlink among the tabs of a browser through a `SharedWorker` (default true);
   * false: each tab holds its own. Browsers without SharedWorker hold one per tab anyway.
   *
   * @example
   * ```ts
   * new App({ layout, sharedWorker: false });
   * ```
   */
  sharedWorker?: boolean;
  /**
   * Downlink events each connection keeps for resuming after a dropped downlink. Default 2048.
   * Runs pause while half of them are undelivered.
   *
   * @example
   * ```ts
   * new App({ layout, downlinkLogSize: 8192 });
   * ```
   */
  downlinkLogSize?: number;
  /**
   * How long, in ms, runs keep going while their downlink is away before they are ended. Default 10000.
   *
   * @example
   * ```ts
   * new App({ layout, downlinkGraceMs: 30_000 });
   * ```
   */
  downlinkGraceMs?: number;
  /**
   * How long, in ms, the page keeps an idle downlink open after its last run ended. Default 5000.
   *
   * @example
   * ```ts
   * new App({ layout, downlinkIdleMs: 60_000 });
   * ```
   */
  downlinkIdleMs?: number;
  /**
   * Live callbacks (Dash's `websocket_callbacks=True`), on by default with the multiplexed
   * transport: `setProps` inside any callback of the page reaches it at once (its answer still
   * lands after them), and `await ctx.getProp(id, prop)` reads what the page holds now. A page
   * opens its downlink only when a callback first does either. `false`: `setProps` folds into the
   * answer (as in per-request mode, and for a client without a downlink: curl, the test client).
   *
   * @example
   * ```ts
   * new App({ layout, liveCallbacks: false });
   * ```
   */
  liveCallbacks?: boolean;
  /**
   * How long, in ms, `ctx.getProp` waits for the page's answer before it throws. Default 5000.
   *
   * @example
   * ```ts
   * new App({ layout, liveReplyTimeoutMs: 2000 });
   * ```
   */
  liveReplyTimeoutMs?: number;
  /**
   * How long, in ms, a live callback's POST waits for its answer; a callback still running then
   * gets its POST answered at once (202) and its answer follows on the downlink, so long
   * callbacks never hold the browser's few HTTP/1.1 connections. Default 1000.
   *
   * @example
   * ```ts
   * new App({ layout, liveHoldMs: 200 });
   * ```
   */
  liveHoldMs?: number;
  /**
   * A Redis URL (`redis://host:6379`): the downlinks go through Redis, so any process serving the
   * app takes any request (several workers, several machines behind a load balancer, no sticky
   * sessions). Needs `secret` (or `DASH_EVENTS_SECRET`), the same in every process. Default: none,
   * every downlink lives in this process.
   *
   * @example
   * ```ts
   * new App({ layout, redis: process.env.REDIS_URL, secret: process.env.DASH_EVENTS_SECRET });
   * ```
   */
  redis?: string;
  /**
   * The `preventInitialCall` of every regular and clientside callback that does not set its own
   * (Dash's `prevent_initial_callbacks`): `true` skips their calls on load; `"initial_duplicate"`
   * also lets `allowDuplicate` outputs run on load. Event callbacks keep their own default (true).
   *
   * @example
   * ```ts
   * new App({ layout, preventInitialCallbacks: true });
   * ```
   */
  preventInitialCallbacks?: PreventInitialCall;
  /**
   * Dash's `suppress_callback_exceptions`: callbacks may name components the first layout lacks
   * (pages, tabs that build their content later). Passed to the renderer in `_dash-config`.
   */
  suppressCallbackExceptions?: boolean;
  /**
   * The page title while callbacks run (Dash's `update_title`). Default `"Updating..."`; `null`
   * or `""` keeps the title as it is.
   */
  updateTitle?: string | null;
  /**
   * `<meta>` tags of the page (Dash's `meta_tags`), each an object of attributes. As in Dash,
   * `charset`, `viewport` and `X-UA-Compatible` are added unless given here.
   *
   * @example
   * ```ts
   * new App({ layout, metaTags: [{ name: "description", content: "Sales dashboard" }] });
   * ```
   */
  metaTags?: ReadonlyArray<Readonly<Record<string, string>>>;
  /** A regular expression (a string, as Dash's `assets_ignore`): asset .css/.js files whose path matches are not put in the page. */
  assetsIgnore?: string;
  /**
   * The index page's template (Dash's `index_string`), with `{%metas%}`, `{%title%}`,
   * `{%favicon%}`, `{%css%}` and the required `{%app_entry%}`, `{%config%}`, `{%scripts%}`,
   * `{%renderer%}`. An `assets/favicon.ico` is the page's icon, else Dash's.
   *
   * @example
   * ```ts
   * new App({ layout, indexString: `<!DOCTYPE html><html><head>{%metas%}<title>{%title%}</title>{%css%}</head>
   *   <body><nav>My header</nav>{%app_entry%}<footer>{%config%}{%scripts%}{%renderer%}</footer></body></html>` });
   * ```
   */
  indexString?: string;
  /**
   * Serve the app as an MCP server at `/_mcp` (Streamable HTTP): its callbacks are tools (event
   * callbacks stream their updates as progress notifications), its layout and components are
   * resources. Off by default; `dash-events serve --mcp` turns it on. See `McpOptions`.
   *
   * @example
   * ```ts
   * new App({ layout, mcp: { token: process.env.MCP_TOKEN } });
   * ```
   */
  mcp?: boolean | McpOptions;
}

/** Options of `app.listen()`. */
export interface ServeOptions {
  /** Default 8050; 0 picks a free port. */
  port?: number;
  /** Default "127.0.0.1". */
  host?: string;
  /** Overrides `AppOptions.debug`. */
  debug?: boolean;
  /** Fastify's logger option. Default: warnings and errors, to stderr. */
  logger?: ServerOptions["logger"];
  /** Serve Prometheus metrics at `GET /metrics` (see `ServerOptions.metrics`). Default false. */
  metrics?: boolean;
  /** Overrides `AppOptions.shutdownTimeoutMs`. */
  shutdownTimeoutMs?: number;
  /**
   * Overrides `AppOptions.allowedHosts` (the CLI's `--allowed-hosts`).
   *
   * @example
   * ```ts
   * await app.listen({ host: "0.0.0.0", allowedHosts: ["dashboard.lan"] });
   * ```
   */
  allowedHosts?: string[] | true;
  /**
   * Overrides `AppOptions.https` (the CLI's `--cert` and `--key`): serve HTTPS with HTTP/2.
   *
   * @example
   * ```ts
   * const { url } = await app.listen({ port: 8443, https: { cert: "cert.pem", key: "key.pem" } }); // https://127.0.0.1:8443
   * ```
   */
  https?: HttpsOptions;
  /** Overrides `AppOptions.mcp` (the CLI's `--mcp`). */
  mcp?: boolean | McpOptions;
  /** Overrides `AppOptions.redis` (the CLI's `--redis`). */
  redis?: string;
}

/** Options of `app.createServer()`. */
export interface ServerOptions {
  /** Overrides `AppOptions.debug`. */
  debug?: boolean;
  /** Fastify's logger option: false, true, or `{ level, stream }`. Default: warnings and errors, to stderr. */
  logger?: ServerLogger;
  /** Script URLs the index page loads after the app's own scripts (`dash-events serve --reload` adds its client). */
  pageScripts?: readonly string[];
  /**
   * Serve Prometheus metrics at `GET /metrics` (prom-client's text format): open streams, frames
   * sent, streams ended by reason, stream duration, regular callback latency, errors by callback.
   * Default false.
   */
  metrics?: boolean;
  /** Overrides `AppOptions.shutdownTimeoutMs`. */
  shutdownTimeoutMs?: number;
  /** Overrides `AppOptions.allowedHosts`. */
  allowedHosts?: string[] | true;
  /** Overrides `AppOptions.https`. */
  https?: HttpsOptions;
  /** Turns the MCP endpoint on (or off), over `AppOptions.mcp` and `configureMcp` (the CLI's `--mcp`). */
  mcp?: boolean | McpOptions;
  /** Overrides `AppOptions.redis`. */
  redis?: string;
}

/** A listening server. */
export interface RunningServer {
  /** Base URL, e.g. `http://127.0.0.1:8050` (`https://` with the `https` option). */
  url: string;
  /** Stop: running streams are ended, then the server closes. */
  close(): Promise<void>;
}

/**
 * A Dash-style app: layout, callbacks and server.
 *
 * @example
 * ```ts
 * const app = new App({ title: "Demo", layout: html.Div([html.Button("Go", { id: "go" }), html.Div({ id: "out" })]) });
 * app.callback(Output("out", "children"), Input("go", "n_clicks"), (n) => `clicked ${String(n)}`);
 * const { url, close } = await app.listen({ port: 8050 });
 * ```
 */
export class App {
  readonly options: Readonly<AppOptions>;
  /** This app's callbacks. */
  readonly registry: CallbackRegistry;
  /** Routes added with `addStartupRoute`, served by the servers built after. */
  readonly startupRoutes: StartupRoute[] = [];
  /** Functions served as MCP tools (`mcpTool`). */
  private readonly mcpTools: McpToolDefinition[] = [];
  /** `configureMcp` options, over `AppOptions.mcp`. */
  private mcpConfig: McpOptions | undefined;
  /** Hooks added with `onConnect` and `onRequest`, in order. */
  readonly accessHooks: { connect: ConnectHook[]; request: RequestHook[] } = { connect: [], request: [] };

  constructor(options: AppOptions) {
    if (typeof options !== "object" || options === null || options.layout === undefined) {
      throw new TypeError("new App({ layout }): a layout (a component, or a function returning one) is required");
    }
    checkResources(options.stylesheets, "stylesheets", "href");
    checkResources(options.scripts, "scripts", "src");
    if (options.renderer !== undefined && typeof options.renderer !== "string") {
      throw new TypeError('new App({ renderer }): renderer must be JavaScript source, e.g. "var renderer = new DashRenderer({ ... });"');
    }
    if (options.extraComponents !== undefined && !Array.isArray(options.extraComponents)) {
      throw new TypeError("new App({ extraComponents }): extraComponents must be an array of components");
    }
    if (options.onError !== undefined && typeof options.onError !== "function") {
      throw new TypeError("new App({ onError }): onError must be a function (error, ctx) => outputs");
    }
    const pic = options.preventInitialCallbacks;
    if (pic !== undefined && typeof pic !== "boolean" && pic !== "initial_duplicate") {
      throw new TypeError('new App({ preventInitialCallbacks }): true, false or "initial_duplicate"');
    }
    pathPrefixes(options);
    if (options.indexString !== undefined) checkIndexString(options.indexString);
    if (options.assetsIgnore !== undefined) new RegExp(options.assetsIgnore);
    this.registry = new CallbackRegistry(pic);
    this.options = { ...options, layout: withExtraComponents(options.layout, options.extraComponents ?? []) };
  }

  /**
   * Decide whether a page may open its downlink (Dash's websocket connect hook): return `false`
   * or `{ status, reason }` to refuse (403 by default), `true` or nothing to accept; sync or
   * async; several run in the order added. A refused page stops there with a clear error (the
   * reason in debug mode): its live callbacks and event callbacks do not run.
   *
   * @example
   * ```ts
   * app.onConnect((req) => req.cookies.session === "ok" || { status: 401, reason: "log in first" });
   * ```
   */
  onConnect(hook: ConnectHook): this {
    if (typeof hook !== "function") throw new TypeError("app.onConnect(hook): hook must be a function (request) => boolean | { status, reason }");
    this.accessHooks.connect.push(hook);
    return this;
  }

  /**
   * Decide for each callback request (regular and event callbacks, over HTTP or the downlink,
   * and calls of a callback's `apiEndpoint`, whose `body` then names the callback as `output`
   * with no inputs) whether it may run: return `false` or `{ status, reason }` to refuse it, as
   * for `onConnect`.
   *
   * @example
   * ```ts
   * app.onRequest((req, body) => body.output !== "admin.children" || req.headers["x-role"] === "admin");
   * ```
   */
  onRequest(hook: RequestHook): this {
    if (typeof hook !== "function") throw new TypeError("app.onRequest(hook): hook must be a function (request, body) => boolean | { status, reason }");
    this.accessHooks.request.push(hook);
    return this;
  }

  /**
   * Register a regular callback on this app (see the module-level `callback`).
   *
   * @example
   * ```ts
   * app.callback(Output("out", "children"), Input("go", "n_clicks"), (n) => `clicked ${String(n)}`);
   * ```
   */
  callback<const O extends OutputGrouping, const I extends InputGrouping>(
    outputs: O,
    inputs: I,
    fn: CallbackFunction<CallbackParams<I>, CallbackReturn<O>>,
    options?: CallbackOptions,
  ): this;
  callback<const O extends OutputGrouping, const I extends InputGrouping, const S extends InputGrouping>(
    outputs: O,
    inputs: I,
    states: S,
    fn: CallbackFunction<CallbackParams<I, S>, CallbackReturn<O>>,
    options?: CallbackOptions,
  ): this;
  callback(...args: unknown[]): this {
    this.registry.add(defineCallback(args));
    return this;
  }

  /**
   * Register a background callback (Dash's `background=True`), run on the stream transport:
   * `fn(setProgress, ...inputValues, ...stateValues)`; `setProgress` values reach the `progress`
   * outputs at once, the return value the outputs when it ends.
   *
   * @example
   * ```ts
   * app.backgroundCallback(Output("out", "children"), [Input("go", "n_clicks")], [], async (setProgress, n) => {
   *   setProgress("half way"); await sleep(500); return `done ${n}`;
   * }, { background: true, progress: Output("status", "children"), progressDefault: "idle" });
   * ```
   */
  backgroundCallback(
    outputs: Dependency | readonly Dependency[],
    inputs: readonly Dependency[],
    states: readonly Dependency[],
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the user's function types its own values, as with callback()
    fn: (setProgress: SetProgress, ...args: any[]) => unknown,
    options: BackgroundCallbackOptions,
  ): this {
    this.registry.add(defineBackgroundCallback(outputs, [...inputs, ...states], fn, options));
    return this;
  }

  /**
   * Register an event callback on this app (see the module-level `eventCallback`).
   *
   * @example
   * ```ts
   * app.eventCallback(Input("go", "n_clicks"), function* () {
   *   yield streamProps("out", { children: "hi" });
   * });
   * ```
   */
  eventCallback<const D extends readonly Dependency[]>(...args: EventCallbackArgs<D>): this {
    this.registry.add(defineEventCallback(args));
    return this;
  }

  /**
   * Register a clientside callback: JavaScript source the browser runs (Dash's `clientside_callback`).
   *
   * @example
   * ```ts
   * app.clientsideCallback("function (n) { return 'n=' + n; }", Output("out", "children"), Input("go", "n_clicks"));
   * ```
   */
  clientsideCallback(source: string | ClientsideFunctionRef, outputs: Dependencies, inputs: Dependencies, states?: Dependencies, options?: ClientsideCallbackOptions): this {
    this.registry.add(defineClientsideCallback(source, outputs, inputs, states, options));
    return this;
  }

  /**
   * Add a route under `/_dash_startup_route/<name>` (Dash's `Dash.add_startup_route`), for
   * plugins and helpers that need one of their own: the handler's return value is the JSON
   * answer. Routes are set up when the server is built.
   *
   * @example
   * ```ts
   * app.addStartupRoute("health", () => ({ ok: true }), ["GET"]); // GET /_dash_startup_route/health
   * ```
   */
  addStartupRoute(name: string, handler: StartupRouteHandler, methods: readonly StartupRouteMethod[] = ["GET"]): this {
    const route = { name, handler, methods: [...methods] };
    checkStartupRoute(route, this.startupRoutes);
    this.startupRoutes.push(route);
    return this;
  }

  /**
   * Decide what the MCP endpoint exposes (Dash's `configure_mcp_server`); also turns it on.
   * Later calls override earlier ones key by key.
   *
   * @example
   * ```ts
   * app.configureMcp({ includeLayout: false, includeClientside: false, token: process.env.MCP_TOKEN });
   * ```
   */
  configureMcp(options: McpOptions): this {
    this.mcpConfig = { ...this.mcpConfig, ...options };
    return this;
  }

  /**
   * Serve a plain function as an MCP tool (Dash's `mcp_enabled`): the agent's arguments object
   * is its one argument, its return value (JSON) the result.
   *
   * @example
   * ```ts
   * app.mcpTool(({ city }) => weather(String(city)), {
   *   name: "weather", description: "Today's weather in a city",
   *   inputSchema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
   * });
   * ```
   */
  mcpTool(fn: McpToolFunction, options: McpToolOptions = {}): this {
    if (typeof fn !== "function") throw new TypeError("mcpTool(fn, options): fn must be a function");
    if (options.name === undefined && fn.name === "") throw new TypeError("mcpTool(fn, { name }): an anonymous function needs a name");
    const name = toolName(options.name ?? fn.name);
    if (this.mcpTools.some((tool) => tool.name === name)) throw new Error(`mcpTool: a tool named ${JSON.stringify(name)} is already registered`);
    const inputSchema = options.inputSchema ?? { type: "object" as const };
    if (inputSchema.type !== "object") throw new TypeError(`mcpTool ${name}: inputSchema must be a JSON Schema of type "object"`);
    this.mcpTools.push({ name, description: options.description ?? `Calls ${name}`, inputSchema, fn });
    return this;
  }

  /**
   * Build the Fastify server (not listening yet). Adopts the callbacks registered at module level
   * so far; a duplicate callback throws here, at start-up.
   *
   * @example
   * ```ts
   * const server = await app.createServer();
   * const res = await server.inject({ method: "GET", url: "/_dash-layout" });
   * ```
   */
  async createServer(options: ServerOptions = {}): Promise<FastifyInstance> {
    return this.buildServer(options, undefined);
  }

  /** `createServer`, knowing the host `listen()` will bind (an allowed `Host`). */
  private async buildServer(options: ServerOptions, boundHost: string | undefined): Promise<FastifyInstance> {
    for (const registration of adoptPending()) this.registry.add(registration);
    installPageRouting(this.registry, this.options.title ?? "Dash");
    const debug = options.debug ?? this.options.debug ?? false;
    const { bodyLimit, bodyTimeoutMs, maxQueuedRequestsPerConnection, allowedOrigins, securityHeaders } = this.options;
    const allowedHosts = options.allowedHosts ?? this.options.allowedHosts;
    // Debug mode adds the dev tools (error list, callback graph, live streams) to the page.
    const pageScripts = [...(options.pageScripts ?? []), ...(debug ? [DEV_TOOLS_SCRIPT] : [])];
    const httpsOptions = options.https ?? this.options.https;
    const https = httpsOptions === undefined ? undefined : await loadHttpsCredentials(httpsOptions);
    const mcp = mcpSettings([this.options.mcp, this.mcpConfig, options.mcp], { title: this.options.title ?? "Dash", allowedOrigins: allowedOrigins ?? [], tools: this.mcpTools });
    // the MCP App's sandboxed iframe calls the page's endpoints with `Origin: null`
    const pageOrigins = mcp?.app ? [...(allowedOrigins ?? []), "null"] : allowedOrigins;
    return buildServer(
      { app: this, debug, shutdownTimeoutMs: options.shutdownTimeoutMs, pageScripts, streams: new StreamMonitor(), downlinks: await downlinksFor(this.options, options.redis ?? this.options.redis), metrics: options.metrics ?? false, mcp },
      { bodyLimit, bodyTimeoutMs, maxQueuedRequestsPerConnection, logger: options.logger, allowedOrigins: pageOrigins, allowedHosts, securityHeaders, boundHost, https },
    );
  }

  /**
   * Build the server and listen.
   *
   * @example
   * ```ts
   * const { url, close } = await app.listen({ port: 0 });
   * ```
   */
  async listen(options: ServeOptions = {}): Promise<RunningServer> {
    const host = options.host ?? "127.0.0.1";
    const { debug, logger, shutdownTimeoutMs, allowedHosts, metrics, https, mcp, redis } = options;
    const server = await this.buildServer({ debug, logger, shutdownTimeoutMs, allowedHosts, metrics, https, mcp, redis }, host);
    await server.listen({ port: options.port ?? 8050, host });
    const address = server.server.address();
    const port = typeof address === "object" && address !== null ? address.port : options.port ?? 8050;
    const shownHost = host.includes(":") ? `[${host}]` : host;
    const scheme = (https ?? this.options.https) === undefined ? "http" : "https";
    return { url: `${scheme}://${shownHost}:${port}`, close: () => server.close() };
  }
}

/** Dash's `_layout_value`: with extra components, the layout and they are the children of one Div. */
function withExtraComponents(layout: LayoutOption, extras: ReadonlyArray<Component | LayoutNode>): LayoutOption {
  if (extras.length === 0) return layout;
  const wrap = (value: LayoutValue): LayoutValue => {
    const items: ReadonlyArray<Component | LayoutNode> = isLayoutList(value) ? value : [value];
    const children = [...items, ...extras].map((item) => (item instanceof Component ? item.toJSON() : item));
    return { type: "Div", namespace: HTML_NAMESPACE, props: { children } };
  };
  if (typeof layout !== "function") return wrap(layout);
  // A function's own errors reach currentLayout() unchanged, which names them.
  return async () => wrap(await layout());
}

/** A bad `stylesheets`/`scripts` entry (or an unknown theme name) fails when the App is made. */
function checkResources(entries: unknown, option: string, urlAttribute: string): void {
  if (entries === undefined) return;
  if (!Array.isArray(entries)) throw new TypeError(`new App({ ${option} }): an array of URLs is expected`);
  for (const entry of entries) {
    if (typeof entry === "string" && entry !== "") {
      if (option === "stylesheets") stylesheetUrl(entry);
      continue;
    }
    const isObject = typeof entry === "object" && entry !== null && !Array.isArray(entry);
    if (!isObject || typeof (entry as Record<string, unknown>)[urlAttribute] !== "string" || Object.values(entry as object).some((v) => typeof v !== "string")) {
      throw new TypeError(`new App({ ${option} }): each entry is a URL or an object of string attributes with "${urlAttribute}", not ${JSON.stringify(entry)}`);
    }
    if (option === "stylesheets") stylesheetUrl((entry as Record<string, string>)[urlAttribute]);
  }
}

function isLayoutList(value: LayoutValue): value is ReadonlyArray<Component | LayoutNode> {
  return Array.isArray(value);
}
