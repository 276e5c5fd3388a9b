// Renderer boot: the index page carries the layout and the callback list, so a page load makes no
// request for them; Dash's endpoints still answer, and the renderer falls back to them when the
// page does not carry the layout (a layout function that failed).
import type { IncomingMessage, Server } from "node:http";
import t, { type Test } from "tap";
import { App, html, Input, Output } from "../lib/index.js";
import { openApp, waitForText } from "./helpers/browser.js";
import { rawGet } from "./helpers/server.js";

/** Requests the app's server gets from now on, by "METHOD url". */
function countRequests(t: Test, server: { server: { server: Server } }): Map<string, number> {
  const counts = new Map<string, number>();
  const count = (request: IncomingMessage) => counts.set(`${request.method} ${request.url}`, (counts.get(`${request.method} ${request.url}`) ?? 0) + 1);
  server.server.server.on("request", count);
  t.teardown(() => void server.server.server.off("request", count));
  return counts;
}

t.test("the index page carries the layout and the callback list as JSON that no string can break out of", async (t) => {
  const hostile = "</script><script>alert(1)</script><!--";
  const app = new App({ layout: html.Div([html.Div(hostile, { id: "out" }), html.Button("go", { id: "go" })]) });
  app.callback(Output("out", "title"), Input("go", "n_clicks"), () => "clicked");
  const { page, server, dialogs } = await openApp(t, app);
  const body = (await rawGet(server.url, "/")).body;
  t.notOk(body.includes("</script><script>alert(1)"), "the string's markup is escaped");
  const layoutJson = (await rawGet(server.url, "/_dash-layout")).body;
  const dependenciesJson = (await rawGet(server.url, "/_dash-dependencies")).body;
  const inPage = await page.evaluate((): unknown[] => [
    JSON.parse(document.getElementById("_dash-events-layout")!.textContent) as unknown,
    JSON.parse(document.getElementById("_dash-events-dependencies")!.textContent) as unknown,
  ]);
  t.same(inPage, [JSON.parse(layoutJson), JSON.parse(dependenciesJson)], "the same documents as Dash's endpoints");
  t.equal(await page.textContent("#out"), hostile, "shown as text");
  t.same(dialogs, [], "nothing ran");
});

t.test("a page load requests neither the layout nor the dependencies; a layout function runs once", async (t) => {
  let calls = 0;
  const app = new App({
    layout: () => {
      calls++;
      return html.Div([html.Button("go", { id: "go" }), html.Div("hello", { id: "out" })]);
    },
  });
  app.callback(Output("out", "children"), Input("go", "n_clicks"), (n: number | undefined) => `clicks: ${n ?? 0}`);
  const { page, server } = await openApp(t, app);
  const counts = countRequests(t, server);
  calls = 0;
  await page.reload();
  await page.waitForSelector("html[data-dash-events-ready]");
  await waitForText(page, "#out", "clicks: 0");
  await page.click("#go");
  await waitForText(page, "#out", "clicks: 1");
  t.equal(counts.get("GET /"), 1, "the page itself");
  t.equal(counts.get("GET /_dash-layout"), undefined, "no layout request");
  t.equal(counts.get("GET /_dash-dependencies"), undefined, "no dependencies request");
  t.equal(calls, 1, "the layout function ran once for the page");
});

t.test("a layout function that fails: the page falls back to GET /_dash-layout, whose error it shows", async (t) => {
  let fail = false;
  const app = new App({
    layout: () => {
      if (fail) throw new Error("the database is down");
      return html.Div("fine", { id: "out" });
    },
  });
  const { page, server, consoleMessages } = await openApp(t, app, { debug: true });
  t.equal(await page.textContent("#out"), "fine");
  const counts = countRequests(t, server);
  fail = true;
  await page.reload();
  await page.waitForFunction(() => document.getElementById("react-entry-point")?.textContent?.includes("could not start"));
  t.equal(counts.get("GET /_dash-layout"), 1, "the renderer asked Dash's endpoint");
  const response = await rawGet(server.url, "/_dash-layout");
  t.equal(response.status, 500);
  t.match(response.body, /the database is down/, "which names the error (debug mode)");
  t.ok(consoleMessages.some((m) => m.startsWith("error:") && m.includes("could not start")), "and the console says so");
  fail = false;
  await page.reload();
  await page.waitForSelector("html[data-dash-events-ready]");
  t.equal(await page.textContent("#out"), "fine", "the next page load works again");
});

t.test("the page root is Dash's: #react-entry-point carries only its id; readiness is marked on <html>", async (t) => {
  const { page } = await openApp(t, new App({ layout: html.Div("hi", { id: "out" }) }));
  const attributes = await page.evaluate(() => Array.from(document.getElementById("react-entry-point")!.attributes, (a) => a.name));
  t.same(attributes, ["id"], "no attribute of ours on the entry point");
  t.equal(await page.getAttribute("html", "data-dash-events-ready"), "true");
  t.equal(await page.textContent("#react-entry-point > #out"), "hi", "the layout renders straight into it");
});
