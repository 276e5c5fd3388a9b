/**
 * `GET /`: the page that boots the renderer. Stylesheets in Dash's order: the app's
 * `stylesheets` (external_stylesheets; our theme files fingerprinted), the suites' CSS, the
 * assets' CSS. Then `_dash-config` JSON, the layout and the callback list as JSON (Dash's renderer
 * fetches these two; ours starts from the page, one request less on the way to the first render),
 * the renderer bundle (React), the app's `scripts`
 * (external_scripts), the component suites (declared, and those the layout uses), the app's
 * asset scripts, the clientside functions (inlined as Dash does, into `window.dash_clientside`)
 * and last the renderer script (Dash's `{%renderer%}`: `new DashRenderer(hooks)`); the renderer
 * starts on DOMContentLoaded, after them all.
 */
import { liveCallbacksOn } from "./update-component.js";
import type { FastifyInstance, FastifyReply } from "fastify";
import { registerDeepLinks } from "./deep-links.js";
import { existsSync, statSync, readFileSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { packageRoot } from "../package-root.js";
import { DEFAULT_INDEX_STRING, interpolateIndex, pageMetaTags, type MetaTag } from "./index-template.js";

const PACKAGE_VERSION = (JSON.parse(readFileSync(join(packageRoot(), "package.json"), "utf8")) as { version: string }).version;
import { pathPrefixes, prefixedInlineScript, prefixedUrl } from "./path-prefix.js";
import { PAGE_DATA, type CallbackSpec, type DashConfig } from "../protocol/types.js";
import type { ClientsideCallback } from "../callbacks/callback-types.js";
import type { ServerContext } from "./server-context.js";
import { currentLayout } from "./app-layout.js";
import { assetUrls } from "./assets.js";
import { childrenPropsOf } from "../suites/children-props.js";
import { appSuiteAssets } from "./component-suites.js";
import { DOWNLINK_WORKER_SCRIPT, RENDERER_SCRIPT } from "./renderer-bundle.js";
import { STREAM_PATH } from "./stream-endpoint.js";
import { CANCEL_PATH, DOWNLINK_PATH } from "./downlink/downlink-routes.js";
import { LIVE_REPLY_PATH } from "./live/live-routes.js";
import { pageStylesheetUrl, stylesheetUrl, type ExternalResource } from "../suites/theme-catalog.js";

/** An element's attributes, in order. */
type Attributes = Readonly<Record<string, string>>;

// eslint-disable-next-line @typescript-eslint/require-await -- a Fastify plugin is async: register() awaits it
export async function indexPageRoute(server: FastifyInstance, { app, debug, pageScripts = [] }: ServerContext): Promise<void> {
  const assets = withoutIgnored(assetUrls(app.options.assetsFolder), app.options.assetsIgnore);
  const favicon = faviconHref(app.options.assetsFolder);
  const stylesheets = (app.options.stylesheets ?? []).map((entry) => linkAttributes(entry));
  const scripts = (app.options.scripts ?? []).map((entry): Attributes => (typeof entry === "string" ? { src: entry } : entry));
  // A static layout's suites (a walk of the whole layout, a stat per file) and their metadata are
  // worked out once, now; a layout function's on every page load, since each may use others.
  const staticSuites = typeof app.options.layout === "function" ? undefined : appSuiteAssets(app, app.options.layout);
  if (staticSuites) childrenPropsOf(staticSuites.packages);
  const prefixes = pathPrefixes(app.options);
  const url = (path: string): string => prefixedUrl(prefixes.requests, path);
  const sendIndex = async (reply: FastifyReply): Promise<unknown> => {
    // A layout function that fails leaves the layout out of the page: the renderer then asks
    // GET /_dash-layout, which reports the error.
    const layout = await currentLayout(app.options.layout).then(
      (value) => ({ value }),
      () => undefined,
    );
    const suites = staticSuites ?? appSuiteAssets(app, layout?.value ?? null);
    const config: DashConfig = {
      url_base_pathname: prefixes.urlBase,
      requests_pathname_prefix: prefixes.requests,
      ui: false,
      props_check: false,
      show_undo_redo: false,
      suppress_callback_exceptions: app.options.suppressCallbackExceptions ?? false,
      update_title: app.options.updateTitle === undefined ? "Updating..." : (app.options.updateTitle ?? ""),
      debug,
      stream_path: url(STREAM_PATH),
      stream_transport: app.options.streamTransport ?? "multiplexed",
      downlink_path: url(DOWNLINK_PATH),
      stream_cancel_path: url(CANCEL_PATH),
      ...(app.options.sharedWorker === false ? {} : { downlink_worker: url(DOWNLINK_WORKER_SCRIPT) }),
      downlink_idle_ms: app.options.downlinkIdleMs ?? 5000,
      // event callbacks on the downlink may read the page too (ctx.getProp)
      live_reply_path: url(LIVE_REPLY_PATH),
      ...(liveCallbacksOn(app.options) ? { live_callbacks: true } : {}),
      ...(liveCallbacksOn(app.options) && (app.accessHooks?.connect.length ?? 0) > 0 ? { live_connect_first: true } : {}),
      children_props: childrenPropsOf(suites.packages),
    };
    const html = indexHtml({
      template: app.options.indexString ?? DEFAULT_INDEX_STRING,
      metas: pageMetaTags(app.options.metaTags ?? []),
      favicon: url(favicon),
      title: app.options.title ?? "Dash",
      config,
      layout,
      dependencies: app.registry.specs(),
      css: [...stylesheets, ...[...suites.css, ...assets.css].map((href) => ({ rel: "stylesheet", href }))].map((link) => ({ ...link, href: url(link.href) })),
      inline: suites.inline.map((source) => prefixedInlineScript(prefixes.requests, source)),
      renderer: url(RENDERER_SCRIPT),
      scripts: [...scripts, ...suites.scripts.map((src) => ({ src })), ...assets.js.map(assetScriptAttributes), ...pageScripts.map((src) => ({ src }))].map((script) => (script.src === undefined ? script : { ...script, src: url(script.src) })),
      clientside: app.registry.clientside(),
      rendererScript: app.options.renderer ?? DEFAULT_RENDERER_SCRIPT,
    });
    return reply.type("text/html; charset=utf-8").send(html);
  };
  server.get("/", async (_request, reply) => sendIndex(reply));
  // the default favicon (our own, at Dash's URL), for apps whose assets have none
  server.get("/_favicon.ico", async (_request, reply) => reply.type("image/x-icon").header("cache-control", "public, max-age=86400").send(await readFile(join(packageRoot(), "static", "favicon.ico"))));
  registerDeepLinks(server, prefixes.requests, async (_request, reply) => sendIndex(reply));
}

interface IndexParts {
  /** Dash's `index_string`. */
  template: string;
  metas: MetaTag[];
  /** The favicon's URL. */
  favicon: string;
  title: string;
  config: DashConfig;
  /** The layout the page starts with; absent when the layout function failed. */
  layout: { value: unknown } | undefined;
  dependencies: CallbackSpec[];
  /** `<link>` attributes. */
  css: Attributes[];
  renderer: string;
  /** Small scripts that must run before the suite scripts (e.g. where dcc finds Plotly). */
  inline: string[];
  /** `<script>` attributes of the external, suite and asset scripts, after the renderer. */
  scripts: Attributes[];
  clientside: ClientsideCallback[];
  /** Builds the renderer, with the app's hooks: `new DashRenderer({...})`. */
  rendererScript: string;
}

/** Dash's default `app.renderer`. */
const DEFAULT_RENDERER_SCRIPT = "var renderer = new DashRenderer();";

function indexHtml(parts: IndexParts): string {
  const links = parts.css.map((attributes) => `    <link${attributesHtml(attributes)}>\n`).join("");
  const inline = parts.inline.map((source) => `    <script>${scriptSafe(source)}</script>\n`).join("");
  const scripts = parts.scripts.map((attributes) => `    <script${attributesHtml(attributes)}></script>\n`).join("");
  return interpolateIndex(parts.template, {
    metas: parts.metas.map((tag) => `<meta${attributesHtml(tag)}>`).join("\n    "),
    title: escapeHtml(parts.title),
    favicon: `<link rel="icon" type="image/x-icon" href="${escapeHtml(parts.favicon)}">`,
    css: links,
    app_entry: `<div id="react-entry-point"><div class="_dash-loading">Loading...</div></div>`,
    config: `${jsonScript(PAGE_DATA.config, parts.config)}${parts.layout ? jsonScript(PAGE_DATA.layout, parts.layout.value) : ""}${jsonScript(PAGE_DATA.dependencies, parts.dependencies)}`,
    scripts: `    <script src="${escapeHtml(parts.renderer)}"></script>\n${inline}${scripts}${clientsideScript(parts.clientside)}`,
    renderer: `<script id="_dash-renderer" type="application/javascript">${scriptSafe(parts.rendererScript)}</script>`,
  });
}

/** Dash's `assets_ignore`: asset files whose path (under the folder) matches are not put in the page (they are still served). */
function withoutIgnored(urls: { css: string[]; js: string[] }, ignore: string | undefined): { css: string[]; js: string[] } {
  if (!ignore) return urls;
  const pattern = new RegExp(ignore);
  const kept = (url: string): boolean => !pattern.test(decodeURIComponent(url.slice("/assets/".length)));
  return { css: urls.css.filter(kept), js: urls.js.filter(kept) };
}

/** `assets/favicon.ico` (with its mtime, so a new one is fetched), else the default one, served at `/_favicon.ico` as Dash serves its own. */
function faviconHref(folder: string | undefined): string {
  const own = folder === undefined ? undefined : join(folder, "favicon.ico");
  if (own && existsSync(own)) return `/assets/favicon.ico?m=${statSync(own).mtimeMs / 1000}`;
  return `/_favicon.ico?v=${PACKAGE_VERSION}`;
}

/** A JSON document inside the page; `<` escaped, so no string in it can end the element. */
function jsonScript(id: string, value: unknown): string {
  const json = JSON.stringify(value) ?? "null";
  return `    <script id="${id}" type="application/json">${json.replace(/</g, "\\u003c")}</script>\n`;
}

/** Dash's inline registration of clientside functions under their source hash. */
function clientsideScript(all: ClientsideCallback[]): string {
  const callbacks = all.filter((cb): cb is ClientsideCallback & { source: string } => cb.source !== undefined);
  if (callbacks.length === 0) return "";
  const lines = callbacks.map((cb) => {
    const ns = cb.spec.clientside_function!.namespace;
    return `  (window.dash_clientside[${JSON.stringify(ns)}] = window.dash_clientside[${JSON.stringify(ns)}] || {})[${JSON.stringify(cb.functionName)}] = ${scriptSafe(cb.source)};\n`;
  });
  return `    <script>
(function () {
  window.dash_clientside = window.dash_clientside || {};
${lines.join("")}})();
    </script>
`;
}

/** An asset script's `<script>` attributes: an `.mjs` file is a module, as in Dash. */
function assetScriptAttributes(src: string): Attributes {
  return src.endsWith(".mjs") ? { type: "module", src } : { src };
}

/** A `stylesheets` entry as `<link>` attributes: theme names resolved, our theme files fingerprinted. */
function linkAttributes(entry: ExternalResource): Attributes {
  const { href, ...rest } = typeof entry === "string" ? { href: entry } : entry;
  return { rel: "stylesheet", ...rest, href: pageStylesheetUrl(stylesheetUrl(href)) };
}

function attributesHtml(attributes: Attributes): string {
  return Object.entries(attributes)
    .map(([name, value]) => (/^[A-Za-z_:][\w:.-]*$/.test(name) ? ` ${name}="${escapeHtml(value)}"` : ""))
    .join("");
}

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** JavaScript source inside a <script> must not close it early. */
function scriptSafe(source: string): string {
  return source.replace(/<\/(script)/gi, "<\\/$1");
}
