/**
 * dash-events renderer: the browser side of a dash-events app. Read in the order data flows:
 * index (boot) → persistence/ (recorded edits reapplied) → store/layout-store → render/tree →
 * html/ (built-in elements) and components/registry (suites on `window`, which call
 * component-api/, Dash's `window.dash_component_api`) → set-props → callbacks/dispatcher →
 * stream/ (event callbacks) → back to set-props.
 */
import PropTypes from "prop-types";
// Dash pages load Babel's polyfill before the suites; their async code (dcc.Graph) needs its global regeneratorRuntime.
import "./regenerator-global.js";
import "regenerator-runtime/runtime.js";
// React and ReactDOM by default import: the packages' own objects (scripts/renderer-bundle-options.js) go on `window` for the suites
import React from "react";
import ReactDOM, { flushSync } from "react-dom";
import { createRoot } from "react-dom/client";
import * as ReactJSXRuntime from "react/jsx-runtime";
import { ENDPOINTS, PAGE_DATA, type CallbackSpec, type ComponentId, type DashConfig, type JsonValue, type Layout } from "../lib/protocol/types.js";
import { stringifyId } from "../lib/protocol/ids.js";
import { CallbackDispatcher } from "./callbacks/dispatcher.js";
import { livePoster } from "./callbacks/live-update.js";
import { CallbackGraph } from "./callbacks/graph.js";
import { DocumentTitle } from "./callbacks/document-title.js";
import { installClientsideGlobals } from "./callbacks/clientside.js";
import { builtPatchProps } from "./callbacks/clientside-patch.js";
import { SetPropsQueue } from "./callbacks/set-props-queue.js";
import { connectComponentApi, installComponentApi } from "./component-api/install.js";
import { ErrorOverlay } from "./errors/error-overlay.js";
import { ErrorReporter } from "./errors/error-reporter.js";
import { RuntimeContext, type RenderRuntime } from "./render/runtime-context.js";
import { LayoutView } from "./render/tree.js";
import { configureSuiteLoader } from "./components/suite-loader.js";
import { installSuiteGlobals } from "./components/suite-globals.js";
import { applyPersistence } from "./persistence/persistence.js";
import { PropUpdater } from "./set-props.js";
import { LayoutStore } from "./store/layout-store.js";
import { StreamRuns, type StreamTransport } from "./stream/stream-runs.js";
import { openStream } from "./stream/stream-client.js";
import { openMultiplexedStream } from "./stream/multiplexed-stream.js";
import { PageDownlink } from "./stream/page-downlink.js";
import { rendererHooks, setRendererHooks, type RendererHooks } from "./renderer-hooks.js";

// Dash component suites are built against these globals; expose them before any suite runs.
Object.assign(window, { React, ReactDOM, PropTypes, ReactJSXRuntime });
installComponentApi();
installClientsideGlobals();
installSuiteGlobals();

/** GET a JSON document with the headers dash-renderer sends. */
async function getJson<T>(url: string): Promise<T> {
  const response = await fetch(url, { headers: { Accept: "application/json", "Content-Type": "application/json" } });
  if (!response.ok) throw new Error(`GET ${url}: HTTP ${response.status}`);
  return (await response.json()) as T;
}

/** A JSON document the index page carries in `<script type="application/json" id=…>`, if it is there. */
function pageData<T>(id: string): T | undefined {
  const text = document.getElementById(id)?.textContent;
  return text ? (JSON.parse(text) as T) : undefined;
}

/**
 * The page's downlink, made when first asked for: a page whose callbacks never use it opens no
 * downlink and starts no worker. Undefined when the app has none configured.
 */
function pageDownlinkOf(config: DashConfig, store: LayoutStore): (() => PageDownlink) | undefined {
  if (!config.downlink_path || !config.stream_cancel_path) return undefined;
  let downlink: PageDownlink | undefined;
  return () => {
    if (downlink) return downlink;
    downlink = new PageDownlink({ url: config.downlink_path!, cancelUrl: config.stream_cancel_path!, idleMs: config.downlink_idle_ms ?? 5000, workerUrl: config.downlink_worker });
    if (config.live_reply_path) downlink.answerWith(config.live_reply_path, (id, props) => readProps(store, id, props));
    return downlink;
  };
}

/** What a component holds now, for `ctx.getProp`: the props asked for (all for null), undefined when it is not on the page. */
function readProps(store: LayoutStore, id: ComponentId, names: string[] | null): Record<string, JsonValue> | undefined {
  const node = store.get(typeof id === "string" ? id : stringifyId(id));
  if (!node) return undefined;
  const props = node.props as Record<string, JsonValue>;
  if (names === null) return props;
  const picked: Record<string, JsonValue> = {};
  for (const name of names) if (name in props) picked[name] = props[name];
  return picked;
}

/** The transport the app chose: one downlink shared by the tabs (default), or a response per run. */
function streamTransport(config: DashConfig, prefix: string, downlink: (() => PageDownlink) | undefined): StreamTransport {
  const url = config.stream_path ?? `${prefix}${ENDPOINTS.stream}`;
  if (config.stream_transport === "per-request" || !downlink) {
    return (body, signal, onFrame) => openStream(url, body, signal, onFrame);
  }
  return (body, signal, onFrame) => openMultiplexedStream(downlink(), url, body, signal, onFrame);
}

async function boot(): Promise<void> {
  const config = pageData<DashConfig>(PAGE_DATA.config);
  if (!config) throw new Error(`dash-events: the page has no #${PAGE_DATA.config}`);
  const prefix = config.requests_pathname_prefix ?? "/";
  const hooks = rendererHooks();
  hooks.layout_pre?.();
  // Our index page carries both; a page without them (or whose layout function failed) gets them as Dash's renderer does.
  const [sentLayout, specs] = await Promise.all([
    pageData<Layout>(PAGE_DATA.layout) ?? getJson<Layout>(`${prefix}${ENDPOINTS.layout}`),
    pageData<CallbackSpec[]>(PAGE_DATA.dependencies) ?? getJson<CallbackSpec[]>(`${prefix}${ENDPOINTS.dependencies}`),
  ]);

  // Recorded user edits come back before anything renders or any initial callback reads them.
  const layout = applyPersistence(sentLayout);
  const errors = new ErrorReporter(config.debug === true);
  // One store update = one synchronous React commit, so a [BATCH] is one DOM mutation burst.
  const store = new LayoutStore(layout, (notify) => flushSync(notify));
  connectComponentApi(store);
  // The updater hands changes to the dispatcher, which needs the updater: wired through these hooks.
  const setPropsQueue = new SetPropsQueue((updates) => updater.apply(updates));
  const updater: PropUpdater = new PropUpdater(store, {
    beforeApply: () => setPropsQueue.flushBeforeOtherUpdate(),
    onChange: (change) => dispatcher.onPropsChanged(change),
    reportError: (message, cause) => errors.report(message, cause),
  });
  const downlink = pageDownlinkOf(config, store);
  const streams = new StreamRuns(streamTransport(config, prefix, downlink), store, updater, errors);
  // live callbacks: regular callbacks' setProps stream over the downlink, ctx.getProp reads this page
  const post = config.live_callbacks && downlink ? livePoster(downlink, (updates) => updater.apply(updates), (message, error, always) => errors.report(message, error, { always }), config.live_connect_first === true) : undefined;
  const dispatcher = new CallbackDispatcher(store, new CallbackGraph(specs), updater, streams, errors, `${prefix}${ENDPOINTS.update}`, config.debug === true, post);
  const title = new DocumentTitle(config.update_title ?? "Updating...");
  dispatcher.onBusyChange = (busy) => title.busy(busy);
  window.dash_clientside!.set_props = (id: unknown, props: Record<string, unknown>) => setPropsQueue.push(id as string, builtPatchProps(props));

  const runtime: RenderRuntime = {
    store,
    debug: config.debug === true,
    childrenProps: config.children_props ?? {},
    setPropsFromComponent: (idStr, props) => updater.apply([[idStr, props]], { fromComponent: true }),
  };
  configureSuiteLoader({ prefix, childrenProps: runtime.childrenProps });
  const container = document.getElementById("react-entry-point");
  if (!container) throw new Error("dash-events: the page has no #react-entry-point");
  const root = createRoot(container);
  flushSync(() =>
    root.render(
      <RuntimeContext.Provider value={runtime}>
        <LayoutView layout={layout} />
        <ErrorOverlay reporter={errors} />
      </RuntimeContext.Provider>,
    ),
  );
  hooks.layout_post?.(layout);
  dispatcher.start();
  // For tests and tools: the layout is on screen and initial callbacks are on their way. Marked on
  // <html>, not on #react-entry-point: the page root stays exactly Dash's, for CSS and scripts written for Dash.
  document.documentElement.setAttribute("data-dash-events-ready", "true");
}

function start(hooks: RendererHooks): void {
  setRendererHooks(hooks);
  boot().catch((error: unknown) => {
    console.error("dash-events: the app could not start", error);
    const container = document.getElementById("react-entry-point");
    if (container) {
      container.textContent = `dash-events: the app could not start: ${error instanceof Error ? error.message : String(error)}`;
    }
  });
}

/** The hooks of the page's `new DashRenderer(...)`, once its script has run; the renderer starts once. */
let constructed: RendererHooks | undefined;
let started = false;

function startOnce(): void {
  if (started) return;
  started = true;
  start(constructed ?? {});
}

/**
 * `window.DashRenderer`, as in Dash: the page's renderer script (`new App({ renderer })`, by
 * default `var renderer = new DashRenderer();`) builds one, with the app's hooks. The renderer
 * starts after the page's scripts have run (suites, assets, modules); a page whose script builds
 * none starts without hooks.
 *
 * @example
 * ```js
 * var renderer = new DashRenderer({ request_pre: (payload) => console.log(payload.output) });
 * ```
 */
class DashRenderer {
  constructor(hooks: RendererHooks = {}) {
    if (constructed || started) {
      console.warn("dash-events: a DashRenderer was already built for this page; this one is ignored");
      return;
    }
    constructed = hooks;
    if (document.readyState !== "loading") startOnce();
  }
}
Object.assign(window, { DashRenderer });

// Suite scripts follow the renderer's script tag; start after they have all run.
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", startOnce);
else queueMicrotask(startOnce);
