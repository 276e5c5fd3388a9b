/**
 * `GET /`: the page that boots the renderer. Stylesheets in Dash's order: the app's
 * `stylesheets` (external_stylesheets; our theme files fingerprinted), the suites' CSS, the
 * assets' CSS. Then `_dash-config` JSON, the renderer bundle (React), the app's `scripts`
 * (external_scripts), the component suites (declared, and those the layout uses), the app's
 * asset scripts and the clientside functions (inlined as Dash does, into
 * `window.dash_clientside`); the renderer starts itself on DOMContentLoaded, after them all.
 */
import type { FastifyInstance } from "fastify";
import { ENDPOINTS, type DashConfig } from "../protocol/types.js";
import type { ClientsideCallback } from "../callbacks/types.js";
import type { ServerContext } from "./context.js";
import { assetUrls } from "./assets.js";
import { childrenPropsOf } from "../suites/children-props.js";
import { appSuiteAssets } from "./component-suites.js";
import { RENDERER_SCRIPT } from "./renderer-bundle.js";
import { STREAM_PATH } from "./stream-endpoint.js";
import { pageStylesheetUrl, stylesheetUrl, type ExternalResource } from "../suites/themes.js";

/** An element's attributes, in order. */
type Attributes = Readonly<Record<string, string>>;

export async function indexPageRoute(server: FastifyInstance, { app, debug }: ServerContext): Promise<void> {
  const assets = assetUrls(app.options.assetsFolder);
  const stylesheets = (app.options.stylesheets ?? []).map((entry) => linkAttributes(entry));
  const scripts = (app.options.scripts ?? []).map((entry): Attributes => (typeof entry === "string" ? { src: entry } : entry));
  // A static layout's suites (a walk of the whole layout, a stat per file) and their metadata are
  // worked out once, now; a layout function's on every page load, since each may use others.
  const staticSuites = typeof app.options.layout === "function" ? undefined : await appSuiteAssets(app);
  if (staticSuites) childrenPropsOf(staticSuites.packages);
  server.get("/", async (_request, reply) => {
    const suites = staticSuites ?? (await appSuiteAssets(app));
    const config: DashConfig = {
      url_base_pathname: null,
      requests_pathname_prefix: "/",
      ui: false,
      props_check: false,
      show_undo_redo: false,
      suppress_callback_exceptions: false,
      update_title: "Updating...",
      debug,
      stream_path: STREAM_PATH,
      children_props: childrenPropsOf(suites.packages),
    };
    const html = indexHtml({
      title: app.options.title ?? "Dash",
      config,
      preload: [ENDPOINTS.layout, ENDPOINTS.dependencies].map((path) => `${config.requests_pathname_prefix ?? "/"}${path}`),
      css: [...stylesheets, ...[...suites.css, ...assets.css].map((href) => ({ rel: "stylesheet", href }))],
      inline: suites.inline,
      renderer: RENDERER_SCRIPT,
      scripts: [...scripts, ...[...suites.scripts, ...assets.js].map((src) => ({ src }))],
      clientside: app.registry.clientside(),
    });
    return reply.type("text/html; charset=utf-8").send(html);
  });
}

interface IndexParts {
  title: string;
  config: DashConfig;
  /**
   * URLs the renderer fetches as soon as it runs (layout, dependencies): preloaded so that they
   * load alongside the scripts rather than after them. The renderer's `fetch` (same URL, mode
   * `cors`, credentials `same-origin`) matches these links, so the browser hands it the preloaded
   * response instead of requesting the document again (test/browser-boot.test.ts counts them).
   */
  preload: string[];
  /** `<link>` attributes. */
  css: Attributes[];
  renderer: string;
  /** Small scripts that must run before the suite scripts (e.g. where dcc finds Plotly). */
  inline: string[];
  /** `<script>` attributes of the external, suite and asset scripts, after the renderer. */
  scripts: Attributes[];
  clientside: ClientsideCallback[];
}

function indexHtml(parts: IndexParts): string {
  const preload = parts.preload.map((href) => `    <link rel="preload" as="fetch" crossorigin="anonymous" href="${escapeHtml(href)}">\n`).join("");
  const links = parts.css.map((attributes) => `    <link${attributesHtml(attributes)}>\n`).join("");
  const inline = parts.inline.map((source) => `    <script>${scriptSafe(source)}</script>\n`).join("");
  const scripts = parts.scripts.map((attributes) => `    <script${attributesHtml(attributes)}></script>\n`).join("");
  return `<!DOCTYPE html>
<html>
  <head>
    <meta charset="UTF-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${escapeHtml(parts.title)}</title>
${links}${preload}  </head>
  <body>
    <div id="react-entry-point"><div class="_dash-loading">Loading...</div></div>
    <footer>
    <script id="_dash-config" type="application/json">${JSON.stringify(parts.config).replace(/</g, "\\u003c")}</script>
    <script src="${escapeHtml(parts.renderer)}"></script>
${inline}${scripts}${clientsideScript(parts.clientside)}    </footer>
  </body>
</html>
`;
}

/** Dash's inline registration of clientside functions under their source hash. */
function clientsideScript(callbacks: ClientsideCallback[]): string {
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

/** A `stylesheets` entry as `<link>` attributes: theme names resolved, our theme files fingerprinted. */
function linkAttributes(entry: ExternalResource): Attributes {
  const { href, ...rest } = typeof entry === "string" ? { href: entry } : entry;
  return { rel: "stylesheet", ...rest, href: pageStylesheetUrl(stylesheetUrl(href!)) };
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
