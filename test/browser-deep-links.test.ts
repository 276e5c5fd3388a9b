// Deep links and Dash's path prefixes (url_base_pathname, routes_pathname_prefix,
// requests_pathname_prefix): a multi-page app reloads on a sub-page, and an app lives under /dashboard/.
import t from "tap";
import { App, dcc, html, Input, Output, type AppOptions } from "../lib/index.js";
import { sharedBrowser } from "./helpers/browser.js";
import { getPath, startApp } from "./helpers/server.js";

function multiPage(options: Partial<AppOptions> = {}): App {
  const app = new App({ layout: html.Div([dcc.Location({ id: "url" }), html.Div({ id: "page" }), html.Button("Go", { id: "go" }), html.Div({ id: "out" })]), ...options });
  app.callback(Output("page", "children"), Input("url", "pathname"), (path: unknown) => `page at ${String(path)}`);
  app.callback(Output("out", "children"), Input("go", "n_clicks"), (n: unknown) => `clicked ${String(n)}`, { preventInitialCall: true });
  return app;
}

async function open(t: { teardown(fn: () => unknown): void }, url: string) {
  const page = await (await sharedBrowser(t)).newPage();
  t.teardown(() => page.close());
  const failed: string[] = [];
  page.on("response", (response) => {
    if (response.status() >= 400) failed.push(`${response.status()} ${response.url()}`);
  });
  await page.goto(url);
  await page.waitForSelector("html[data-dash-events-ready]");
  return { page, failed };
}

t.test("deep link: GET /page-1 answers the index page; dcc.Location sees the real path", async (t) => {
  const started = await startApp(multiPage());
  t.teardown(started.close);
  const { page, failed } = await open(t, `${started.url}/page-1/sub?x=1`);
  await page.waitForFunction(() => document.querySelector("#page")?.textContent === "page at /page-1/sub");
  await page.reload();
  await page.waitForFunction(() => document.querySelector("#page")?.textContent === "page at /page-1/sub");
  await page.click("#go");
  await page.waitForFunction(() => document.querySelector("#out")?.textContent === "clicked 1");
  t.same(failed, []);
  t.equal((await getPath(started.url, "/page-1")).status, 404, "a client that does not ask for HTML gets the JSON 404");
  t.equal((await fetch(`${started.url}/_dash-nope`, { headers: { accept: "text/html" } })).status, 404, "Dash's own prefixes stay 404s");
});

t.test("urlBasePathname: the app lives under /dashboard/, every URL the page uses honours it", async (t) => {
  const started = await startApp(multiPage({ urlBasePathname: "/dashboard/", suites: ["dcc"] }));
  t.teardown(started.close);
  const { page, failed } = await open(t, `${started.url}/dashboard/reports`);
  await page.waitForFunction(() => document.querySelector("#page")?.textContent === "page at /dashboard/reports");
  await page.click("#go");
  await page.waitForFunction(() => document.querySelector("#out")?.textContent === "clicked 1");
  const srcs = await page.evaluate(() => Array.from(document.querySelectorAll("script[src], link[href]")).map((e) => e.getAttribute("src") ?? e.getAttribute("href")));
  t.ok(srcs.length > 0 && srcs.every((s) => s!.startsWith("/dashboard/")), "scripts and stylesheets under the prefix");
  const config = JSON.parse((await page.textContent("#_dash-config"))!) as Record<string, unknown>;
  t.equal(config.requests_pathname_prefix, "/dashboard/");
  t.equal(config.url_base_pathname, "/dashboard/");
  t.same(failed, []);
  t.equal((await getPath(started.url, "/_dash-layout")).status, 404, "nothing outside the prefix");
  t.equal((await getPath(started.url, "/dashboard/_dash-layout")).status, 200);
});

t.test("requestsPathnamePrefix behind a proxy that strips /proxy/: routes at /, URLs under /proxy/", async (t) => {
  const started = await startApp(multiPage({ requestsPathnamePrefix: "/proxy/" }));
  t.teardown(started.close);
  const html = await (await fetch(`${started.url}/`)).text();
  t.match(html, /<script src="\/proxy\/_dash-events\/dash-events-renderer\.js">/);
  t.match(html, /"requests_pathname_prefix":"\/proxy\/"/);
  t.equal((await getPath(started.url, "/_dash-layout")).status, 200, "served at the routes prefix, /");
});

t.test("Dash's rules for the prefixes", async (t) => {
  t.throws(() => new App({ layout: html.Div(), routesPathnamePrefix: "dash/" }), /must start and end with "\/"/);
  t.throws(() => new App({ layout: html.Div(), routesPathnamePrefix: "/a/", requestsPathnamePrefix: "/b/" }), /needs to end with routesPathnamePrefix/);
  t.throws(() => new App({ layout: html.Div(), urlBasePathname: "/a/", routesPathnamePrefix: "/a/" }), /give it alone/);
});

