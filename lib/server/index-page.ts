/**
 * `GET /`: the page that boots the renderer. `_dash-config` JSON, the renderer bundle, then the
 * component suites (declared, and those the layout uses), the app's asset scripts and the
 * clientside functions (inlined as Dash does, into `window.dash_clientside`); the renderer starts
 * itself on DOMContentLoaded, after them all.
 */
import type { FastifyInstance } from "fastify";
import type { DashConfig } from "../protocol/types.js";
import type { ClientsideCallback } from "../callbacks/types.js";
import type { ServerContext } from "./context.js";
import { assetUrls } from "./assets.js";
import { appSuiteAssets } from "./component-suites.js";
import { RENDERER_SCRIPT } from "./renderer-bundle.js";
import { STREAM_PATH } from "./stream-endpoint.js";

export async function indexPageRoute(server: FastifyInstance, { app, debug }: ServerContext): Promise<void> {
  const assets = assetUrls(app.options.assetsFolder);
  server.get("/", async (_request, reply) => {
    const suites = await appSuiteAssets(app);
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
    };
    const html = indexHtml({
      title: app.options.title ?? "Dash",
      config,
      css: [...suites.css, ...assets.css],
      inline: suites.inline,
      renderer: RENDERER_SCRIPT,
      scripts: [...suites.scripts, ...assets.js],
      clientside: app.registry.clientside(),
    });
    return reply.type("text/html; charset=utf-8").send(html);
  });
}

interface IndexParts {
  title: string;
  config: DashConfig;
  css: string[];
  renderer: string;
  /** Small scripts that must run before the suite scripts (e.g. where dcc finds Plotly). */
  inline: string[];
  /** Suite and asset scripts, after the renderer. */
  scripts: string[];
  clientside: ClientsideCallback[];
}

export function indexHtml(parts: IndexParts): string {
  const links = parts.css.map((href) => `    <link rel="stylesheet" href="${escapeHtml(href)}">\n`).join("");
  const inline = parts.inline.map((source) => `    <script>${scriptSafe(source)}</script>\n`).join("");
  const scripts = parts.scripts.map((src) => `    <script src="${escapeHtml(src)}"></script>\n`).join("");
  return `<!DOCTYPE html>
<html>
  <head>
    <meta charset="UTF-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>${escapeHtml(parts.title)}</title>
${links}  </head>
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

function escapeHtml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** JavaScript source inside a <script> must not close it early. */
function scriptSafe(source: string): string {
  return source.replace(/<\/(script)/gi, "<\\/$1");
}
