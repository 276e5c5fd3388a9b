import t from "tap";
import { App, html, dcc, Input, Output, State, streamProps } from "../lib/index.js";
import { openApp, waitForText } from "./helpers/browser.js";

t.test("dcc.Dropdown, Slider and Input: user changes drive a regular callback", async (t) => {
  const app = new App({
    layout: html.Div([
      dcc.Dropdown({ id: "dd", options: ["red", "green", "blue"], value: "red", clearable: false }),
      dcc.Slider({ id: "sl", min: 0, max: 10, step: 1, value: 3 }),
      dcc.Input({ id: "in", value: "x" }),
      html.Div({ id: "out" }),
    ]),
  });
  app.callback(Output("out", "children"), [Input("dd", "value"), Input("sl", "value"), Input("in", "value")], (a: unknown, b: unknown, c: unknown) =>
    `${String(a)}|${String(b)}|${String(c)}`,
  );
  const { page, pageErrors } = await openApp(t, app);
  await waitForText(page, "#out", "red|3|x");

  await page.click("#dd");
  await page.getByRole("option", { name: "blue" }).click();
  await waitForText(page, "#out", "blue|3|x");

  await page.focus("#sl [role=slider]");
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  await waitForText(page, "#out", "blue|5|x");

  await page.fill("#in", "typed");
  await waitForText(page, "#out", "blue|5|typed");
  t.same(pageErrors, []);
});

t.test("dcc.Interval ticks into a dcc.Store; a callback on the Store's data shows it", async (t) => {
  const app = new App({
    layout: html.Div([
      dcc.Interval({ id: "tick", interval: 30, max_intervals: 3 }),
      dcc.Store({ id: "store", data: { ticks: [] } }),
      html.Div({ id: "out" }),
    ]),
  });
  app.callback(Output("store", "data"), Input("tick", "n_intervals"), State("store", "data"), (n: unknown, data: unknown) => ({
    ticks: [...((data as { ticks: number[] } | null)?.ticks ?? []), Number(n ?? 0)],
  }));
  app.callback(Output("out", "children"), Input("store", "data"), (data: unknown) => (data as { ticks: number[] }).ticks.join(","));
  const { page } = await openApp(t, app);
  // The initial call sees n_intervals 0, then the Interval ticks exactly max_intervals times.
  await waitForText(page, "#out", "0,1,2,3");
  const stored = await page.evaluate(() => (window.dash_component_api!.getLayout("store") as { props: { data: unknown } }).props.data);
  t.same(stored, { ticks: [0, 1, 2, 3] }, "the page's store holds what the callback returned");
});

t.test("dcc.Graph gets extendData from a stream: the Plotly trace grows point by point", async (t) => {
  const app = new App({
    layout: html.Div([
      html.Button("start", { id: "start" }),
      dcc.Graph({ id: "graph", figure: { data: [{ x: [0], y: [0], type: "scatter" }], layout: { title: { text: "live" } } } }),
      html.Div({ id: "status" }),
    ]),
  });
  app.eventCallback(Input("start", "n_clicks"), async function* () {
    for (let i = 1; i <= 10; i++) yield streamProps("graph", { extendData: [{ x: [[i]], y: [[i * i]] }, [0]] });
    yield streamProps("status", { children: "sent" });
  });
  const { page, pageErrors } = await openApp(t, app);
  await page.waitForFunction(() => (document.querySelector("#graph .js-plotly-plot") as unknown as { data?: unknown[] } | null)?.data?.length === 1);
  await page.click("#start");
  await waitForText(page, "#status", "sent");
  await page.waitForFunction(() => (document.querySelector("#graph .js-plotly-plot") as unknown as { data: Array<{ x: number[] }> }).data[0]!.x.length === 11);
  const trace = await page.evaluate(() => (document.querySelector("#graph .js-plotly-plot") as unknown as { data: Array<{ x: number[]; y: number[] }> }).data[0]!);
  t.same(trace.x, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  t.same(trace.y, [0, 1, 4, 9, 16, 25, 36, 49, 64, 81, 100]);
  t.same(pageErrors, []);
});
