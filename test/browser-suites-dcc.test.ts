import t from "tap";
import { App, html, dcc, Input, Output, streamProps } from "../lib/index.js";
import { openApp, waitForText } from "./helpers/browser.js";

/** A promise the test resolves, to pace a server-side generator. */
function gate(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

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
      dcc.Store({ id: "store", data: { n: -1 } }),
      html.Div({ id: "out" }),
    ]),
  });
  app.callback(Output("store", "data"), Input("tick", "n_intervals"), (n: unknown) => ({ n: Number(n ?? 0) }));
  app.callback(Output("out", "children"), Input("store", "data"), (data: unknown) => `ticks: ${(data as { n: number }).n}`);
  const { page } = await openApp(t, app);
  // The Interval stops after max_intervals ticks: the last value stays.
  await waitForText(page, "#out", "ticks: 3");
  const stored = await page.evaluate(() => (window.dash_component_api!.getLayout("store") as { props: { data: unknown } }).props.data);
  t.same(stored, { n: 3 }, "the page's store holds what the callback returned");
});

t.test("dcc.Graph gets extendData from a stream: the Plotly trace grows point by point", async (t) => {
  // dcc.Graph extends its traces asynchronously and replays its not yet cleared extensions on
  // the next one (as in Dash), so the stream sends the next point once the page shows the last.
  const gates = Array.from({ length: 5 }, () => gate());
  const app = new App({
    layout: html.Div([
      html.Button("start", { id: "start" }),
      dcc.Graph({ id: "graph", figure: { data: [{ x: [0], y: [0], type: "scatter" }], layout: { title: { text: "live" } } } }),
    ]),
  });
  app.eventCallback(Input("start", "n_clicks"), async function* () {
    for (let i = 1; i <= gates.length; i++) {
      await gates[i - 1].promise;
      yield streamProps("graph", { extendData: [{ x: [[i]], y: [[i * i]] }, [0]] });
    }
  });
  const { page, pageErrors } = await openApp(t, app);
  const traceLength = () => page.evaluate(() => (document.querySelector("#graph .js-plotly-plot") as unknown as { data?: Array<{ x: number[] }> } | null)?.data?.[0]?.x.length);
  await page.waitForFunction(() => (document.querySelector("#graph .js-plotly-plot") as unknown as { data?: unknown[] } | null)?.data?.length === 1);
  t.equal(await traceLength(), 1);
  await page.click("#start");
  for (let i = 1; i <= gates.length; i++) {
    gates[i - 1].resolve();
    await page.waitForFunction((n) => (document.querySelector("#graph .js-plotly-plot") as unknown as { data: Array<{ x: number[] }> }).data[0].x.length === n, i + 1);
  }
  const trace = await page.evaluate(() => (document.querySelector("#graph .js-plotly-plot") as unknown as { data: Array<{ x: number[]; y: number[] }> }).data[0]);
  t.same(trace.x, [0, 1, 2, 3, 4, 5]);
  t.same(trace.y, [0, 1, 4, 9, 16, 25]);
  t.same(pageErrors, []);
});
