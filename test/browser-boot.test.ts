// Renderer boot: the index page preloads /_dash-layout and /_dash-dependencies so they load
// alongside the renderer script, and the renderer's fetches take the preloaded responses (each
// document is requested once per page load, not twice).
import type { IncomingMessage } from "node:http";
import t from "tap";
import { App, html } from "../lib/index.js";
import { openApp } from "./helpers/browser.js";
import { rawGet } from "./helpers/server.js";

const app = () => new App({ layout: html.Div([html.Div("hello", { id: "out" })]) });

t.test("the index page preloads the layout and the dependencies, before any script", async (t) => {
  const { server } = await openApp(t, app());
  const page = (await rawGet(server.url, "/")).body;
  for (const path of ["/_dash-layout", "/_dash-dependencies"]) {
    const link = `<link rel="preload" as="fetch" crossorigin="anonymous" href="${path}">`;
    t.ok(page.includes(link), `preload link for ${path}`);
    t.ok(page.indexOf(link) < page.indexOf("<script"), `${path} is preloaded before the first script`);
  }
});

t.test("a page load requests the layout and the dependencies once each", async (t) => {
  const { page, server } = await openApp(t, app());
  const counts = new Map<string, number>();
  const count = (request: IncomingMessage) => counts.set(`${request.method} ${request.url}`, (counts.get(`${request.method} ${request.url}`) ?? 0) + 1);
  server.server.server.on("request", count);
  t.teardown(() => void server.server.server.off("request", count));
  await page.reload();
  await page.waitForSelector("#react-entry-point[data-dash-events-ready]");
  t.equal(await page.textContent("#out"), "hello");
  t.equal(counts.get("GET /"), 1, "the page itself");
  t.equal(counts.get("GET /_dash-layout"), 1, "the layout, once");
  t.equal(counts.get("GET /_dash-dependencies"), 1, "the dependencies, once");
  // and that one request is the preload's (Resource Timing names who started it)
  const initiators = await page.evaluate(() =>
    performance
      .getEntriesByType("resource")
      .filter((entry) => /\/_dash-(layout|dependencies)$/.test(entry.name))
      .map((entry) => `${new URL(entry.name).pathname} ${(entry as PerformanceResourceTiming).initiatorType}`),
  );
  t.same(initiators.sort(), ["/_dash-dependencies link", "/_dash-layout link"], "both came from the preload links");
});
