/**
 * Chromium as an MCP Apps host (SEP-1865), for the view tests: a view's resource, read through
 * the MCP SDK client, goes into a sandboxed iframe (opaque origin, `about:srcdoc`) with exactly
 * the CSP its `_meta.ui.csp` declares; the host's side of the bridge answers `ui/initialize`,
 * sends the tool's arguments (`ui/notifications/tool-input`) once the view is initialized, and
 * keeps every message the view sends.
 */
import type { FrameLocator, Page } from "playwright-core";

/** A `ui://` resource's contents as `resources/read` returns them. */
export interface ViewContent {
  text: string;
  mimeType: string;
  _meta: { ui: { csp: { connectDomains: string[]; resourceDomains: string[] } } };
}

/** A JSON-RPC message from the view. */
export type ViewMessage = { id?: number; method?: string; params?: Record<string, unknown>; result?: Record<string, unknown> };

/** The host's CSP, made from the resource's declaration alone. */
export function hostCsp(content: ViewContent): string {
  const { connectDomains, resourceDomains } = content._meta.ui.csp;
  const resources = resourceDomains.join(" ");
  return `default-src 'none'; script-src ${resources} 'unsafe-inline'; style-src ${resources} 'unsafe-inline'; img-src ${resources} data:; font-src ${resources} data:; connect-src ${connectDomains.join(" ")}`;
}

/**
 * Show the view in `page` (iframe `#view`, 600×300) and wait for the renderer to be up; `toolInput`
 * is sent as the tool call's arguments after the handshake.
 */
export async function showView(page: Page, content: ViewContent, toolInput?: Record<string, unknown>): Promise<FrameLocator> {
  const srcdoc = content.text.replace(/<head(\s[^>]*)?>/i, (open) => `${open}<meta http-equiv="Content-Security-Policy" content="${hostCsp(content)}">`);
  const escaped = srcdoc.replace(/&/g, "&amp;").replace(/"/g, "&quot;");
  const hostScript = `
    window.fromView = [];
    const toolInput = ${JSON.stringify(toolInput ?? null)};
    window.addEventListener("message", (event) => {
      const view = document.getElementById("view");
      if (event.source !== view.contentWindow) return;
      const message = event.data;
      window.fromView.push(message);
      if (message.method === "ui/initialize") {
        view.contentWindow.postMessage({ jsonrpc: "2.0", id: message.id, result: { protocolVersion: message.params.protocolVersion, hostInfo: { name: "test-host", version: "1" }, hostCapabilities: {}, hostContext: { displayMode: "inline" } } }, "*");
      }
      if (message.method === "ui/notifications/initialized" && toolInput) {
        view.contentWindow.postMessage({ jsonrpc: "2.0", method: "ui/notifications/tool-input", params: { arguments: toolInput } }, "*");
      }
    });
    window.askView = (request) => document.getElementById("view").contentWindow.postMessage({ jsonrpc: "2.0", ...request }, "*");
  `;
  await page.setContent(`<!DOCTYPE html><html><head><script>${hostScript}</script></head><body><h1>host</h1><iframe id="view" sandbox="allow-scripts" style="width:600px;height:300px" srcdoc="${escaped}"></iframe></body></html>`);
  const view = page.frameLocator("#view");
  await view.locator("html[data-dash-events-ready]").waitFor({ state: "attached", timeout: 30_000 });
  return view;
}

/** The first message from the view with this method (a request or notification) or id (an answer). */
export async function fromView(page: Page, wanted: { method?: string; id?: number }): Promise<ViewMessage> {
  const handle = await page.waitForFunction(
    (w) => (window as unknown as { fromView: ViewMessage[] }).fromView.find((m) => (w.method === undefined || m.method === w.method) && (w.id === undefined || (m.id === w.id && m.method === undefined))),
    wanted,
    { timeout: 30_000 },
  );
  return (await handle.jsonValue()) as ViewMessage;
}

/** Send the view a JSON-RPC request or notification, as the host. */
export async function askView(page: Page, request: Record<string, unknown>): Promise<void> {
  await page.evaluate((r) => (window as unknown as { askView(request: unknown): void }).askView(r), request);
}
