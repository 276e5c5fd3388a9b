import t from "tap";
import { App, html, dmc, Input, Output, streamProps } from "../lib/index.js";
import { openApp, waitForText } from "./helpers/browser.js";

function layout() {
  return dmc.MantineProvider([
    dmc.NotificationContainer({ id: "notify" }),
    dmc.Button("Next step", { id: "next", leftSection: html.Span("★", { id: "next-icon" }) }),
    dmc.Tabs({
      id: "tabs",
      value: "one",
      children: [
        dmc.TabsList([dmc.TabsTab("One", { value: "one" }), dmc.TabsTab("Two", { value: "two", leftSection: html.Span("·", { id: "tab-icon" }) })]),
        dmc.TabsPanel(html.Div("first panel", { id: "panel-one" }), { value: "one" }),
        dmc.TabsPanel(html.Div("second panel", { id: "panel-two" }), { value: "two" }),
      ],
    }),
    dmc.Stepper({
      id: "stepper",
      active: 0,
      children: [
        dmc.StepperStep({ label: html.Span("First", { id: "step-label" }), children: html.Div("content one", { id: "content-one" }) }),
        dmc.StepperStep({ label: "Second", children: html.Div("content two", { id: "content-two" }) }),
        dmc.StepperCompleted(html.Div("all done", { id: "content-done" })),
      ],
    }),
    html.Div({ id: "clicks" }),
    html.Div({ id: "tab-out" }),
  ]);
}

t.test("dmc: MantineProvider, Button, Tabs and Stepper render and drive callbacks; components in props render and update", async (t) => {
  const app = new App({ layout: layout() });
  app.callback([Output("clicks", "children"), Output("stepper", "active")], Input("next", "n_clicks"), (n: unknown) => [`clicks ${Number(n ?? 0)}`, Number(n ?? 0)]);
  app.callback(Output("tab-out", "children"), Input("tabs", "value"), (value: unknown) => `tab ${String(value)}`);
  app.callback(Output("next-icon", "children"), Input("next", "n_clicks"), (n: unknown) => (n ? "☆" : "★"), { preventInitialCall: true });
  const { page, pageErrors } = await openApp(t, app);

  await waitForText(page, "#clicks", "clicks 0");
  await waitForText(page, "#tab-out", "tab one");
  t.equal(await page.textContent("#next-icon"), "★", "a component in the Button's leftSection renders");
  t.equal(await page.textContent("#step-label"), "First", "a component in a StepperStep's label renders");
  t.ok(await page.isVisible("#content-one"), "the active step's content shows");
  t.ok(await page.isVisible("#panel-one"));

  await page.click("#next");
  await waitForText(page, "#clicks", "clicks 1");
  await waitForText(page, "#next-icon", "☆");
  await page.waitForSelector("#content-two", { state: "visible" });

  await page.getByRole("tab", { name: "Two" }).click();
  await waitForText(page, "#tab-out", "tab two");
  await page.waitForSelector("#panel-two", { state: "visible" });
  t.same(pageErrors, []);
});

t.test("dmc: a sendNotifications update streamed from an event callback shows a notification", async (t) => {
  const app = new App({ layout: layout() });
  app.eventCallback(Input("next", "n_clicks"), async function* () {
    yield streamProps("notify", { sendNotifications: [{ id: "hello", action: "show", title: "Streamed", message: "hello from the stream" }] });
    yield streamProps("tab-icon", { children: "✓" });
  });
  const { page, pageErrors } = await openApp(t, app);
  await page.click("#next");
  await page.getByText("hello from the stream").waitFor();
  t.ok(await page.getByText("Streamed").isVisible(), "the notification's title shows");
  await waitForText(page, "#tab-icon", "✓");
  t.same(pageErrors, []);
});
