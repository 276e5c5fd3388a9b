// Clientside callbacks as in Dash: ClientsideFunction(namespace, functionName) from an assets
// file, dash_clientside.callback_context with dash-renderer's fields, async functions,
// no_update and PreventUpdate.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import t from "tap";
import { App, ClientsideFunction, dcc, html, Input, Output, State } from "../lib/index.js";
import { openApp, waitForText } from "./helpers/browser.js";

const assetsFolder = join(dirname(fileURLToPath(import.meta.url)), "fixtures", "clientside-assets");

t.test("callback_context: triggered with values, triggered_id, inputs, states, the lists and outputs_list", async (t) => {
  const app = new App({
    assetsFolder,
    layout: html.Div([html.Button("A", { id: "a" }), html.Button("B", { id: { type: "btn", index: 1 } }), html.Div("kept", { id: "s", title: "state value" }), html.Pre({ id: "out" })]),
  });
  app.clientsideCallback(
    ClientsideFunction("clientside", "context"),
    Output("out", "children"),
    [Input("a", "n_clicks"), Input({ type: "btn", index: 1 }, "n_clicks")],
    State("s", "title"),
    { preventInitialCall: true },
  );
  const { page, pageErrors } = await openApp(t, app);
  await page.click("#a");
  await page.waitForFunction(() => (document.querySelector("#out")?.textContent ?? "").startsWith("{"));
  const ctx = JSON.parse((await page.textContent("#out"))!) as Record<string, unknown>;
  t.same(ctx.triggered, [{ prop_id: "a.n_clicks", value: 1 }]);
  t.equal(ctx.triggered_id, "a");
  t.same(ctx.inputs, { "a.n_clicks": 1, '{"index":1,"type":"btn"}.n_clicks': null });
  t.same(ctx.states, { "s.title": "state value" });
  t.same(ctx.inputs_list, [{ id: "a", property: "n_clicks", value: 1 }, { id: { index: 1, type: "btn" }, property: "n_clicks" }]);
  t.same(ctx.states_list, [{ id: "s", property: "title", value: "state value" }]);
  t.same(ctx.outputs_list, { id: "out", property: "children" });
  await page.click('[id=\'{"index":1,"type":"btn"}\']');
  await page.waitForFunction(() => (document.querySelector("#out")?.textContent ?? "").includes('"triggered_id":{'));
  const second = JSON.parse((await page.textContent("#out"))!) as Record<string, unknown>;
  t.same(second.triggered_id, { index: 1, type: "btn" }, "a pattern id is an object");
  t.equal(await page.evaluate(() => (window as unknown as { dash_clientside: { callback_context?: unknown } }).dash_clientside.callback_context), undefined, "gone after the call");
  t.same(pageErrors, []);
});

t.test("async functions, no_update and PreventUpdate", async (t) => {
  const app = new App({ assetsFolder, layout: html.Div([html.Button("Go", { id: "go" }), html.Div("one", { id: "one" }), html.Div("two", { id: "two" })]) });
  app.clientsideCallback(ClientsideFunction("clientside", "later"), [Output("one", "children"), Output("two", "children")], Input("go", "n_clicks"), [], { preventInitialCall: true });
  const { page } = await openApp(t, app);
  await page.click("#go");
  await waitForText(page, "#one", "async 1");
  await waitForText(page, "#two", "second 1");
  await page.click("#go"); // PreventUpdate
  await page.click("#go"); // no_update for the second output
  await waitForText(page, "#one", "async 3");
  t.equal(await page.textContent("#two"), "second 1");
});

t.test("Dash docs' clientside graph example: the figure kept in a dcc.Store, its y scale set in the browser", async (t) => {
  const figure = { data: [{ type: "scatter", x: [1, 2, 3], y: [1, 10, 100] }], layout: { title: { text: "Scale" } } };
  const app = new App({
    assetsFolder,
    layout: html.Div([
      dcc.Store({ id: "clientside-figure-store", data: figure }),
      dcc.RadioItems({ id: "clientside-graph-scale", options: ["linear", "log"], value: "linear" }),
      dcc.Graph({ id: "clientside-graph" }),
    ]),
  });
  app.clientsideCallback(
    ClientsideFunction("clientside", "update_graph"),
    Output("clientside-graph", "figure"),
    [Input("clientside-figure-store", "data"), Input("clientside-graph-scale", "value")],
  );
  const { page, pageErrors } = await openApp(t, app);
  await page.waitForSelector("#clientside-graph .gtitle");
  t.equal(await page.evaluate(() => (document.getElementById("clientside-graph")!.querySelector(".js-plotly-plot") as unknown as { layout: { yaxis: { type: string } } }).layout.yaxis.type), "linear");
  await page.click("text=log");
  await page.waitForFunction(() => (document.getElementById("clientside-graph")!.querySelector(".js-plotly-plot") as unknown as { layout: { yaxis: { type: string } } }).layout.yaxis.type === "log");
  t.same(pageErrors, []);
});
