// The page as an MCP App: Chromium acts as the host (test/helpers/mcp-host.ts). The view's HTML
// is read through the MCP SDK client, put in a sandboxed iframe (opaque origin) with exactly the
// CSP its resource declares (`_meta.ui.csp`), and a click inside it starts an event callback
// whose streamed values arrive in the iframe.
import t from "tap";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { App, eventCallback, html, Input, sleep, streamProps } from "../lib/index.js";
import { sharedBrowser } from "./helpers/browser.js";
import { askView, fromView, showView, type ViewContent } from "./helpers/mcp-host.js";
import { postJson, startApp } from "./helpers/server.js";

function makeApp(app: boolean): App {
  const made = new App({ title: "Ticks", layout: html.Div([html.Button("Go", { id: "go" }), html.Div("idle", { id: "out" })]), mcp: { app } });
  eventCallback(Input("go", "n_clicks"), async function* ticks(_n, ctx) {
    for (let i = 1; i <= 3; i++) {
      yield streamProps("out", { children: `tick ${i}` });
      await sleep(30, ctx.signal);
    }
    yield streamProps("out", { children: "done" });
  });
  return made;
}

t.test("open_app points at a ui:// view that works in a sandboxed iframe under its declared CSP", async (t) => {
  const started = await startApp(makeApp(true));
  t.teardown(started.close);
  const client = new Client({ name: "host", version: "1" });
  await client.connect(new StreamableHTTPClientTransport(new URL("/_mcp", started.url)));
  t.teardown(() => client.close());

  const { tools } = await client.listTools();
  const open = tools.find((tool) => tool.name === "open_app");
  t.same(open?._meta?.ui, { resourceUri: "ui://dash-events/app" });
  const opened = await client.callTool({ name: "open_app", arguments: {} });
  t.same(opened.structuredContent, { url: `${started.url}/` });
  const listed = (await client.listResources()).resources.find((r) => r.uri === "ui://dash-events/app");
  t.equal(listed?.mimeType, "text/html;profile=mcp-app");

  const content = (await client.readResource({ uri: "ui://dash-events/app" })).contents[0] as unknown as ViewContent;
  t.equal(content.mimeType, "text/html;profile=mcp-app");
  const { connectDomains, resourceDomains } = content._meta.ui.csp;
  t.same(connectDomains, [started.url]);
  t.same(resourceDomains, [started.url]);

  const page = await (await sharedBrowser(t)).newPage();
  t.teardown(() => page.close());
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  const view = await showView(page, content);
  t.equal(await view.locator("#out").textContent(), "idle");
  const origin = await page.frames()[1].evaluate(() => window.origin);
  t.equal(origin, "null", "the view runs with an opaque origin, as in a host's sandbox");
  await view.locator("#go").click();
  await view.locator("#out", { hasText: "done" }).waitFor({ timeout: 30_000 });
  t.same(errors, []);

  // the bridge: after the handshake the view tells its size, and reports its state when asked
  const init = await fromView(page, { method: "ui/initialize" });
  t.match(init.params, { appInfo: { name: "dash-events view" }, appCapabilities: { tools: {} } });
  await fromView(page, { method: "ui/notifications/initialized" });
  const size = await fromView(page, { method: "ui/notifications/size-changed" });
  const { width, height } = size.params as { width: number; height: number };
  t.ok(width > 0 && width <= 600, `the view's width (${width})`);
  t.ok(height > 0, `the view's height (${height})`);
  await askView(page, { id: 901, method: "tools/list", params: {} });
  const viewTools = await fromView(page, { id: 901 });
  t.same((viewTools.result?.tools as Array<{ name: string }>).map((tool) => tool.name), ["get_view_state"]);
  await askView(page, { id: 902, method: "tools/call", params: { name: "get_view_state", arguments: {} } });
  const state = await fromView(page, { id: 902 });
  const components = (state.result?.structuredContent as { components: Record<string, { type: string; props: Record<string, unknown> }> }).components;
  t.same(components.out, { type: "dash_html_components.Div", props: { id: "out", children: "done" } }, "the streamed value, as the page shows it now");
  t.match(components.go, { type: "dash_html_components.Button", props: { id: "go", children: "Go", n_clicks: 1 } }, "and the click");
});

t.test("without mcp.app the page's endpoints refuse a sandboxed iframe's requests", async (t) => {
  for (const app of [false, true]) {
    const started = await startApp(makeApp(app));
    t.teardown(started.close);
    const body = { output: "x.children", outputs: { id: "x", property: "children" }, inputs: [], changedPropIds: [] };
    const answer = await postJson(started.url, "/_dash-update-component", body, { origin: "null" });
    if (app) t.not(answer.status, 403, "allowed (404: no such callback)");
    else t.equal(answer.status, 403);
    const preflight = await fetch(`${started.url}/_dash-update-component`, { method: "OPTIONS", headers: { origin: "null", "access-control-request-method": "POST" } });
    t.equal(preflight.headers.get("access-control-allow-origin"), app ? "null" : null);
  }
});
