// A Dash Pages app as an MCP App: a tool per page, each pointing at a view resource that starts
// at its page. Chromium acts as the host (test/helpers/mcp-host.ts: sandboxed `about:srcdoc`
// iframe under the resource's CSP), where routing follows the view's own location: the page
// shows (not the 404), a dcc.Link and a callback writing a dcc.Location navigate, and a
// path-template page starts at the template filled in with the tool's arguments.
import t, { type Test } from "tap";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { ConsoleMessage, Page } from "playwright-core";
import { App, callback, dcc, html, Input, Output, pageContainer, registerPage } from "../lib/index.js";
import { sharedBrowser } from "./helpers/browser.js";
import { askView, showView, type ViewContent } from "./helpers/mcp-host.js";
import { startApp } from "./helpers/server.js";

registerPage("/", { name: "Home", title: "Home page", layout: html.H1("This is our Home page", { id: "page-title" }) });
registerPage("/analytics", {
  name: "Analytics",
  description: "Sales by city.",
  layout: html.Div([
    html.H1("This is our Analytics page", { id: "page-title" }),
    dcc.RadioItems({ id: "analytics-input", options: ["New York City", "Montreal"], value: "Montreal" }),
    html.Div({ id: "analytics-output" }),
  ]),
});
registerPage("/report", {
  pathTemplate: "/report/<report_id>",
  name: "Report",
  title: ({ report_id }) => `Report ${report_id ?? ""}`,
  layout: ({ report_id, view }) => html.Div([html.H1(`Report ${report_id ?? "none"}`, { id: "page-title" }), html.Div(`view: ${view ?? "default"}`, { id: "report-view" })]),
});
registerPage("/404", { module: "pages.not_found_404", title: "Not found", layout: html.H1("This page does not exist", { id: "page-title" }) });

callback(Output("analytics-output", "children"), Input("analytics-input", "value"), (value: unknown) => `You selected: ${String(value)}`);
// navigation from a callback, Dash's way: it writes a dcc.Location's pathname
callback(Output("go-location", "pathname"), Input("to-report", "n_clicks"), function go_to_report(n: unknown) {
  return `/report/${String(n)}`;
}, { preventInitialCall: true, mcp: false });

const app = new App({
  title: "Pages",
  suppressCallbackExceptions: true,
  mcp: { app: true },
  layout: html.Div([
    html.Div([dcc.Link("Home", { href: "/", id: "to-home" }), dcc.Link("Analytics", { href: "/analytics", id: "to-analytics" }), dcc.Link("Report 9 as a table", { href: "/report/9?view=table", id: "to-report-9" })]),
    html.Button("Report n", { id: "to-report" }),
    dcc.Location({ id: "go-location", refresh: "callback-nav" }),
    pageContainer,
  ]),
});

interface Opened {
  client: Client;
  url: string;
}

async function open(t: Test): Promise<Opened> {
  const started = await startApp(app);
  t.teardown(started.close);
  const client = new Client({ name: "host", version: "1" });
  await client.connect(new StreamableHTTPClientTransport(new URL("/_mcp", started.url)));
  t.teardown(() => client.close());
  return { client, url: started.url };
}

/** A page in the shared browser whose errors (uncaught, console, in the view too) are kept. */
async function hostPage(t: Test): Promise<{ page: Page; errors: string[] }> {
  const page = await (await sharedBrowser(t)).newPage();
  t.teardown(() => page.close());
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message: ConsoleMessage) => {
    if (message.type() === "error") errors.push(message.text());
  });
  return { page, errors };
}

const readView = async (client: Client, uri: string): Promise<ViewContent> => (await client.readResource({ uri })).contents[0] as unknown as ViewContent;

t.test("the page registry and each page's layout are resources (dash://pages, dash://pages/{module})", async (t) => {
  const { client } = await open(t);
  const uris = (await client.listResources()).resources.map((resource) => resource.uri);
  for (const uri of ["dash://pages", "dash://pages/pages.home", "dash://pages/pages.analytics", "dash://pages/pages.report"]) t.ok(uris.includes(uri), `${uri} is listed`);
  const read = async (uri: string): Promise<unknown> => JSON.parse(((await client.readResource({ uri })).contents[0] as { text: string }).text) as unknown;
  const pages = (await read("dash://pages")) as Array<{ name: string; path: string; path_template: string | null; title: string | null; description: string }>;
  t.same(
    pages.map(({ name, path, path_template }) => ({ name, path, path_template })),
    [
      { name: "Home", path: "/", path_template: null },
      { name: "Analytics", path: "/analytics", path_template: null },
      { name: "404", path: "/404", path_template: null },
      { name: "Report", path: "/report", path_template: "/report/<report_id>" },
    ],
    "every page with its path and template, in the registry's order (the path-template page last)",
  );
  t.equal(pages.find((page) => page.name === "Analytics")?.description, "Sales by city.");
  t.equal(pages.find((page) => page.name === "Report")?.title, null, "a title function is not sent");
  const analytics = JSON.stringify(await read("dash://pages/pages.analytics"));
  t.match(analytics, /"id":"analytics-input"/, "a page's resource holds its layout, with the components' ids");
  t.match(JSON.stringify(await read("dash://pages/pages.report")), /made for each visit from the path's variables/, "a path template's layout function is described, not called");
  await t.rejects(client.readResource({ uri: "dash://pages/pages.nowhere" }), /Unknown resource/, "an unknown page is an unknown resource");
});

t.test("a tool per page, with its arguments and its own view resource", async (t) => {
  const { client, url } = await open(t);
  const { tools } = await client.listTools();
  const byName = new Map(tools.map((tool) => [tool.name, tool]));
  t.same(
    tools.map((tool) => tool.name).filter((name) => name.startsWith("open_")),
    ["open_app", "open_page_home", "open_page_analytics", "open_page_report"],
    "open_app, then one tool per page in the registry's order; none for the 404 page",
  );
  t.notOk(tools.some((tool) => tool.name.includes("_pages_content")), "the Pages router callback is not a tool of its own");
  const analytics = byName.get("open_page_analytics")!;
  t.equal(analytics.title, "Open Analytics");
  t.match(analytics.description, /"Analytics" \(\/analytics\).*Sales by city\./);
  t.same(analytics.inputSchema, { type: "object", properties: {}, required: [], additionalProperties: false });
  t.same(analytics._meta?.ui, { resourceUri: "ui://dash-events/app/analytics" });
  const report = byName.get("open_page_report")!;
  t.same(report.inputSchema.required, ["report_id"]);
  t.match(report.inputSchema.properties, { report_id: { type: "string" } });
  t.same(report._meta?.ui, { resourceUri: "ui://dash-events/app/report" });
  t.same(byName.get("open_page_home")!._meta?.ui, { resourceUri: "ui://dash-events/app" }, "the page at / is open_app's view");

  const views = (await client.listResources()).resources.filter((resource) => resource.uri.startsWith("ui://"));
  t.same(
    views.map((resource) => [resource.uri, resource.mimeType]),
    [
      ["ui://dash-events/app", "text/html;profile=mcp-app"],
      ["ui://dash-events/app/analytics", "text/html;profile=mcp-app"],
      ["ui://dash-events/app/report", "text/html;profile=mcp-app"],
    ],
  );
  const reportView = await readView(client, "ui://dash-events/app/report");
  t.equal(reportView.mimeType, "text/html;profile=mcp-app");
  t.same(reportView._meta.ui.csp.connectDomains, [url]);
  t.match(reportView.text, '<meta name="dash-events-view-template" content="/report/&lt;report_id&gt;">');

  const opened = await client.callTool({ name: "open_page_report", arguments: { report_id: "Q3 west" } });
  t.same(opened.structuredContent, { url: `${url}/report/Q3%20west`, path: "/report/Q3%20west" });
  const missing = await client.callTool({ name: "open_page_report", arguments: {} });
  t.equal(missing.isError, true);
  t.match((missing.content as Array<{ text: string }>)[0].text, /report_id/);
  await t.rejects(client.readResource({ uri: "ui://dash-events/app/nowhere" }), /Unknown resource/);
});

t.test("a page's tool name does not take another tool's", async (t) => {
  const other = new App({ layout: html.Div(pageContainer), mcp: { app: true } });
  other.mcpTool(() => "mine", { name: "open_page_home", description: "a tool of the app's own", inputSchema: { type: "object" } });
  const started = await startApp(other);
  t.teardown(started.close);
  const client = new Client({ name: "host", version: "1" });
  await client.connect(new StreamableHTTPClientTransport(new URL("/_mcp", started.url)));
  t.teardown(() => client.close());
  const names = (await client.listTools()).tools.map((tool) => tool.name);
  t.ok(names.includes("open_page_home") && names.includes("open_page_home_2"), names.join(", "));
});

t.test("in the host's iframe the view starts at its page, and links and callbacks navigate", async (t) => {
  const { client } = await open(t);
  const { page, errors } = await hostPage(t);
  const view = await showView(page, await readView(client, "ui://dash-events/app/analytics"));
  const title = view.locator("#page-title");
  await view.locator("#page-title", { hasText: "This is our Analytics page" }).waitFor({ timeout: 30_000 });
  await view.locator("#analytics-output", { hasText: "You selected: Montreal" }).waitFor({ timeout: 30_000 });
  t.equal(await page.frames()[1].evaluate(() => location.href), "about:srcdoc", "the iframe's own location stays the host's");

  await view.locator("#to-home").click();
  await view.locator("#page-title", { hasText: "This is our Home page" }).waitFor({ timeout: 30_000 });
  await view.locator("#to-report-9").click();
  await view.locator("#page-title", { hasText: "Report 9" }).waitFor({ timeout: 30_000 });
  t.equal(await view.locator("#report-view").textContent(), "view: table", "the link's query string reached the page");
  await page.frames()[1].waitForFunction(() => document.title === "Report 9");

  // what the app's dcc.Location holds now, as the view reports it to the host
  await askView(page, { id: 1, method: "tools/call", params: { name: "get_view_state", arguments: {} } });
  const state = await page.waitForFunction(() => (window as unknown as { fromView: Array<{ id?: number; method?: string; result?: { structuredContent: { components: Record<string, { props: Record<string, unknown> }> } } }> }).fromView.find((m) => m.id === 1 && m.method === undefined)?.result?.structuredContent.components);
  const location = ((await state.jsonValue()) as Record<string, { props: Record<string, unknown> }>)._pages_location.props;
  t.match(location, { pathname: "/report/9", search: "?view=table", hash: "" });
  t.match(location.href, /^http:\/\/127\.0\.0\.1:\d+\/report\/9\?view=table$/);

  await view.locator("#to-report").click();
  await view.locator("#page-title", { hasText: "Report 1" }).waitFor({ timeout: 30_000 });
  await view.locator("#to-analytics").click();
  await view.locator("#analytics-output", { hasText: "You selected: Montreal" }).waitFor({ timeout: 30_000 });
  t.equal(await title.textContent(), "This is our Analytics page");
  t.same(errors, [], "no SecurityError, no other error");
});

t.test("a path-template page's view starts at the template filled in with the tool's arguments", async (t) => {
  const { client } = await open(t);
  const { page, errors } = await hostPage(t);
  const view = await showView(page, await readView(client, "ui://dash-events/app/report"), { report_id: "Q3 west" });
  await view.locator("#page-title", { hasText: "Report Q3 west" }).waitFor({ timeout: 30_000 });
  t.equal(await view.locator("#report-view").textContent(), "view: default");
  await page.frames()[1].waitForFunction(() => document.title === "Report Q3 west");

  // a host that sends no arguments (in time): the view starts at the page's own path after a while
  const other = await hostPage(t);
  const bare = await showView(other.page, await readView(client, "ui://dash-events/app/report"));
  await bare.locator("#page-title", { hasText: "Report none" }).waitFor({ timeout: 30_000 });
  // and goes where the arguments say when they come late
  await askView(other.page, { method: "ui/notifications/tool-input", params: { arguments: { report_id: "7" } } });
  await bare.locator("#page-title", { hasText: "Report 7" }).waitFor({ timeout: 30_000 });
  t.same([...errors, ...other.errors], []);
});

t.test("open_app's view starts at /", async (t) => {
  const { client } = await open(t);
  const { page, errors } = await hostPage(t);
  const view = await showView(page, await readView(client, "ui://dash-events/app"));
  await view.locator("#page-title", { hasText: "This is our Home page" }).waitFor({ timeout: 30_000 });
  t.same(errors, []);
});
