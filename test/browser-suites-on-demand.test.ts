// Suites on demand: a component of an installed suite that first appears in a callback's output
// or a stream renders with nothing declared, as in Dash (where every installed suite is on the page).
import t from "tap";
import { App, dash_table, dcc, html, Input, Output, streamProps } from "../lib/index.js";
import { openApp } from "./helpers/browser.js";

t.test("a dcc.Graph returned into an empty Div: dcc and Plotly load, then the Graph draws", async (t) => {
  const app = new App({ layout: html.Div([html.Button("Plot", { id: "plot" }), html.Div({ id: "holder" })]) });
  app.callback(Output("holder", "children"), Input("plot", "n_clicks"), () =>
    dcc.Graph({ id: "g", figure: { data: [{ type: "bar", x: ["a", "b"], y: [1, 3] }], layout: { title: { text: "On demand" } } } }),
    { preventInitialCall: true },
  );
  const { page, pageErrors, consoleMessages } = await openApp(t, app);
  t.equal(await page.evaluate(() => "dash_core_components" in window), false, "no dcc on the page at first");
  await page.click("#plot");
  await page.waitForFunction(() => document.querySelector("#g .gtitle")?.textContent === "On demand", undefined, { timeout: 30_000 });
  t.equal(await page.locator("#g .bars .point").count(), 2, "the bars are drawn");
  t.same(pageErrors, []);
  t.same(consoleMessages.filter((m) => m.startsWith("error") && !m.includes("Failed to load resource")), [], "no console errors (the browser's /favicon.ico aside)");
});

t.test("a dash_table.DataTable built by a stream renders; an unknown namespace still shows the missing-component box", async (t) => {
  const app = new App({ layout: html.Div([html.Button("Load", { id: "load" }), html.Div({ id: "holder" }), html.Div({ id: "other" })]) });
  app.eventCallback(Input("load", "n_clicks"), async function* () {
    yield streamProps("holder", { children: dash_table.DataTable({ id: "tbl", columns: [{ id: "a", name: "A" }], data: [{ a: "row one" }, { a: "row two" }] }) });
    yield streamProps("other", { children: { type: "Thing", namespace: "no_such_suite", props: {} } });
  });
  const { page } = await openApp(t, app, { debug: true });
  await page.click("#load");
  await page.waitForFunction(() => document.querySelectorAll("#tbl td.dash-cell").length === 2, undefined, { timeout: 30_000 });
  t.match(await page.textContent("#tbl"), /row two/);
  await page.waitForSelector("#other .dash-events-missing-component");
  t.match(await page.textContent("#other"), /no_such_suite\.Thing/);
});
