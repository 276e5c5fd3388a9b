// A component that fails to render shows an error box in its place; the rest of the page keeps
// working, and a later value that renders fine brings the component back.
import t from "tap";
import { App, html, Input, Output, type CallbackContext } from "../lib/index.js";
import { openApp, waitForText } from "./helpers/browser.js";

t.test("a bad prop value: an error box for that component only, until a good value replaces it", async (t) => {
  const app = new App({
    layout: html.Div([
      html.Button("bad", { id: "bad" }),
      html.Button("good", { id: "good" }),
      html.Button("ping", { id: "ping" }),
      html.Div([html.Span("inside", { id: "inner" })], { id: "target" }),
      html.Div("waiting", { id: "pong" }),
    ]),
  });
  // React refuses a string style: the Div throws while rendering
  app.callback(
    Output("target", "style"),
    [Input("bad", "n_clicks"), Input("good", "n_clicks")],
    (_bad: unknown, _good: unknown, ctx: CallbackContext) => (ctx.triggeredId === "bad" ? "color: red" : { color: "rgb(0, 128, 0)" }),
    { preventInitialCall: true },
  );
  app.callback(Output("pong", "children"), Input("ping", "n_clicks"), (n: number | undefined) => `pong ${n ?? 0}`);
  const { page, pageErrors, consoleMessages } = await openApp(t, app);
  await waitForText(page, "#pong", "pong 0");

  await page.click("#bad");
  const box = page.locator('[data-dash-events-error="render"]');
  await box.waitFor();
  t.match(await box.textContent(), /^dash_html_components\.Div: \S/, "the box names the component and the error");
  t.equal(await page.locator("#target").count(), 0, "the failed component is not drawn");
  t.ok(consoleMessages.some((m) => m.startsWith("error:") && m.includes("dash_html_components.Div failed to render")), "the console says which one failed");

  await page.click("#ping");
  await waitForText(page, "#pong", "pong 1");
  t.equal(await page.textContent("#bad"), "bad", "the rest of the page renders and its callbacks run");

  await page.click("#good");
  await page.waitForSelector("#target");
  t.equal(await page.locator('[data-dash-events-error="render"]').count(), 0, "the box is gone");
  t.equal(await page.locator("#target").evaluate((el) => getComputedStyle(el).color), "rgb(0, 128, 0)", "the good value is shown");
  t.equal(await page.textContent("#inner"), "inside", "with its children");
  t.same(pageErrors, [], "no uncaught error");
});
