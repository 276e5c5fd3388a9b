// Dash's background callbacks, on the stream transport: Dash docs' "Showing progress" example
// (dash.plotly.com/background-callbacks): set_progress drives an html.Progress, running disables
// the button, cancel ends a run; /_dash-dependencies lists Dash's output id and background field.
import t from "tap";
import { App, backgroundCallback, html, Input, Output, sleep } from "../lib/index.js";
import type { CallbackSpec } from "../lib/protocol/types.js";
import { openApp, waitForText } from "./helpers/browser.js";
import { getPath } from "./helpers/server.js";

function app(): App {
  const app = new App({
    layout: html.Div([
      html.Div([html.P({ id: "paragraph_id", children: ["Button not clicked"] }), html.Progress({ id: "progress_bar", value: "0" })]),
      html.Button({ id: "button_id", children: "Run Job!" }),
      html.Button({ id: "cancel_button_id", children: "Cancel Running Job!" }),
    ]),
  });
  app.backgroundCallback(
    Output("paragraph_id", "children"),
    [Input("button_id", "n_clicks")],
    [],
    async (setProgress, nClicks: unknown) => {
      const total = 5;
      for (let i = 0; i < total; i++) {
        await sleep(150);
        setProgress([String(i + 1), String(total)]);
      }
      return `Clicked ${String(nClicks)} times`;
    },
    {
      background: true,
      preventInitialCall: true,
      running: [
        [Output("button_id", "disabled"), true, false],
        [Output("cancel_button_id", "disabled"), false, true],
      ],
      cancel: [Input("cancel_button_id", "n_clicks")],
      progress: [Output("progress_bar", "value"), Output("progress_bar", "max")],
      progressDefault: ["0", "5"],
    },
  );
  return app;
}

t.test("progress arrives as it is set, the result at the end; running and cancel as in Dash", async (t) => {
  const { page, url, pageErrors } = await openApp(t, app());
  const specs = (await getPath(url, "/_dash-dependencies")).json as CallbackSpec[];
  t.equal(specs[0].output, "paragraph_id.children", "Dash's output id");
  t.same(specs[0].background, { interval: 1000 });
  t.equal(specs[0].no_output, false);
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { seen: string[] }).seen = seen;
    new MutationObserver(() => seen.push(document.getElementById("progress_bar")!.getAttribute("value") ?? "")).observe(document.getElementById("progress_bar")!, { attributes: true });
  });
  await page.click("#button_id");
  await page.waitForFunction(() => (document.getElementById("button_id") as HTMLButtonElement).disabled);
  await waitForText(page, "#paragraph_id", "Clicked 1 times");
  const seen = await page.evaluate(() => (window as unknown as { seen: string[] }).seen);
  t.ok(["1", "2", "3", "4", "5"].every((v) => seen.includes(v)), `every progress value shown (${seen.join(",")})`);
  t.equal(await page.getAttribute("#progress_bar", "value"), "0", "progressDefault when done");
  t.equal(await page.isDisabled("#button_id"), false);
  await page.click("#button_id");
  await page.waitForFunction(() => ["1", "2"].includes(document.getElementById("progress_bar")!.getAttribute("value") ?? ""));
  await page.click("#cancel_button_id");
  await page.waitForFunction(() => document.getElementById("progress_bar")!.getAttribute("value") === "0");
  await sleep(1000);
  t.equal(await page.textContent("#paragraph_id"), "Clicked 1 times", "the cancelled run wrote no result");
  t.same(pageErrors, []);
});

t.test("module-level backgroundCallback, as Dash's @callback(background=True): registered into the app that serves", async (t) => {
  const app = new App({ layout: html.Div([html.Button("go", { id: "bg-go" }), html.Div("idle", { id: "bg-status" }), html.Div({ id: "bg-out" })]) });
  backgroundCallback(
    Output("bg-out", "children"),
    [Input("bg-go", "n_clicks")],
    [],
    async (setProgress, n: unknown) => {
      setProgress("working");
      await sleep(200);
      return `done ${String(n)}`;
    },
    { background: true, preventInitialCall: true, progress: Output("bg-status", "children"), progressDefault: "idle" },
  );
  const { page } = await openApp(t, app);
  await page.click("#bg-go");
  await waitForText(page, "#bg-status", "working");
  await waitForText(page, "#bg-out", "done 1");
});
