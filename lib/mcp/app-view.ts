/**
 * The live page as an MCP App (the MCP Apps extension, SEP-1865): the tool `open_app` points at
 * the resource `ui://dash-events/app`, whose HTML is the app's own index page with a `<base>`
 * at this server, so the host's sandboxed iframe loads the renderer, the suites and the callback
 * endpoints from here. The resource declares this server's origin as the domains the view
 * connects to and loads from (`_meta.ui.csp`), which the host turns into the iframe's CSP.
 *
 * The view also loads its bridge to the host (`@modelcontextprotocol/ext-apps`,
 * renderer/mcp-view/view-bridge.ts): it reports its size, and on the host's request the
 * current props of the page's components (the view-side tool `get_view_state`); it routes by a
 * location of its own, starting where the HTML's `<meta>` tags say (the page's views of
 * page-views.ts start at their page).
 *
 * A sandboxed iframe has an opaque origin: its requests say `Origin: null` and need CORS. Both are
 * allowed only when the app opts in (`mcp: { app: true }`), since any sandboxed page could then
 * call the app's callbacks, as any page already can call a Dash app's.
 */
import type { FastifyInstance } from "fastify";
import type { ReadResourceResult, Resource, Tool } from "@modelcontextprotocol/sdk/types.js";
import { ACCESS_REFUSED_HEADER, LIVE_REQUEST_HEADER, LIVE_STREAM_HEADER } from "../protocol/downlink.js";
import { VIEW_PATH_META, VIEW_TEMPLATE_META } from "../protocol/mcp-view.js";

/** The view's resource URI and MIME type (SEP-1865). */
export const APP_VIEW_URI = "ui://dash-events/app";
export const APP_VIEW_MIME = "text/html;profile=mcp-app";
export const OPEN_APP_TOOL = "open_app";
/** The bundle of the view's bridge to its host, served with the renderer's. */
const VIEW_BRIDGE_SCRIPT = "/_dash-events/dash-events-mcp-view.js";

/** The tool that opens the view. */
export function openAppTool(title: string): Tool {
  return {
    name: OPEN_APP_TOOL,
    title: `Open ${title}`,
    description: `Shows the app's live page (${title}) in the conversation, where its controls and streams work as in a browser tab.`,
    inputSchema: { type: "object", properties: {}, additionalProperties: false },
    // `ui/resourceUri` is the extension's earlier, flat key: hosts of either version find it
    _meta: { ui: { resourceUri: APP_VIEW_URI }, "ui/resourceUri": APP_VIEW_URI },
  };
}

/** The view's resource entry. */
export function appViewResource(title: string): Resource {
  return { uri: APP_VIEW_URI, name: "app", title, mimeType: APP_VIEW_MIME, description: "The app's live page, for hosts that show MCP Apps." };
}

/** The server's origin as the MCP client reached it (`Host`), e.g. `http://127.0.0.1:8050`. */
export function originOf(host: string | undefined): string {
  return `http://${host ?? "127.0.0.1"}`;
}

/** Where a view starts: a path, or a path template the view fills in with the tool's arguments (`path` without them). */
export interface ViewStart {
  readonly path: string;
  readonly template?: string;
}

/**
 * The view's HTML: the index page, based at `origin`, with the same CSP the resource declares,
 * telling the view where it starts (`<meta>` tags of lib/protocol/mcp-view.ts; default "/").
 */
export async function readAppView(server: FastifyInstance, origin: string, uri = APP_VIEW_URI, start: ViewStart = { path: "/" }): Promise<ReadResourceResult> {
  const page = await server.inject({ method: "GET", url: "/", headers: { host: new URL(origin).host } });
  if (page.statusCode !== 200) throw new Error(`the index page answered ${page.statusCode}`);
  const csp = `default-src 'none'; script-src ${origin} 'unsafe-inline'; style-src ${origin} 'unsafe-inline'; connect-src ${origin}; img-src ${origin} data: blob:; font-src ${origin} data:; media-src ${origin} data: blob:`;
  // the view's bridge to its host (renderer/mcp-view/view-bridge.ts): its size, its state on request
  const where = `<meta name="${VIEW_PATH_META}" content="${attribute(start.path)}">${start.template === undefined ? "" : `<meta name="${VIEW_TEMPLATE_META}" content="${attribute(start.template)}">`}`;
  const head = `<base href="${origin}/"><meta http-equiv="Content-Security-Policy" content="${csp}">${where}<script src="${origin}${VIEW_BRIDGE_SCRIPT}" defer></script>`;
  const html = page.body.replace(/<head(\s[^>]*)?>/i, (open) => `${open}${head}`);
  return {
    contents: [{ uri, mimeType: APP_VIEW_MIME, text: html, _meta: { ui: { csp: { connectDomains: [origin], resourceDomains: [origin] }, prefersBorder: true } } }],
  };
}

function attribute(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

/**
 * Let the view's sandboxed iframe (`Origin: null`) use the page's endpoints: preflights are
 * answered, responses carry `Access-Control-Allow-Origin`. Set on the raw response, so the
 * stream endpoint's own `writeHead` keeps them.
 */
export function installViewCors(server: FastifyInstance, mcpPath: string): void {
  server.addHook("onRequest", async (request, reply) => {
    if (request.headers.origin !== "null" || request.url.startsWith(mcpPath)) return;
    reply.raw.setHeader("access-control-allow-origin", "null");
    reply.raw.setHeader("vary", "Origin");
    // the live answers' headers the page reads (a cross-origin fetch sees only the ones named)
    reply.raw.setHeader("access-control-expose-headers", `${LIVE_STREAM_HEADER}, ${ACCESS_REFUSED_HEADER}`);
    if (request.method !== "OPTIONS") return;
    return reply
      .code(204)
      .header("access-control-allow-methods", "GET, POST")
      .header("access-control-allow-headers", `content-type, accept, authorization, ${LIVE_REQUEST_HEADER}`)
      .header("access-control-max-age", "600")
      .send();
  });
}
