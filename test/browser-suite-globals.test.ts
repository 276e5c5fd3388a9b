// Globals the suites expect: as under Dash, `window.dash_html_components` holds the html
// components, and each loaded suite its namespace, so a component that resolves another suite's
// component by name (dmc's NotificationContainer rendering an html.B inside a message) works.
import t from "tap";
import { App, dcc, dmc, html, Input, streamProps } from "../lib/index.js";
import { openApp } from "./helpers/browser.js";

t.test("window.dash_html_components and the loaded suites' namespaces exist", async (t) => {
  const { page } = await openApp(t, new App({ layout: dmc.MantineProvider([dcc.Store({ id: "s" }), html.Div("x")]) }));
  const found = await page.evaluate(() => {
    const w = window as unknown as Record<string, Record<string, unknown> | undefined>;
    return {
      html: typeof w.dash_html_components?.B === "function" && typeof w.dash_html_components?.Div === "function",
      dcc: typeof w.dash_core_components?.Store,
      dmc: typeof w.dash_mantine_components?.Button,
    };
  });
  t.equal(found.html, true, "dash_html_components.B and .Div");
  t.ok(found.dcc === "function" || found.dcc === "object", "dash_core_components.Store");
  t.ok(found.dmc === "function" || found.dmc === "object", "dash_mantine_components.Button");
});

t.test("dmc's NotificationContainer renders an html.B in a notification's message", async (t) => {
  const app = new App({ layout: dmc.MantineProvider([dmc.NotificationContainer({ id: "notify" }), html.Button("Notify", { id: "go" })]) });
  app.eventCallback(Input("go", "n_clicks"), async function* () {
    yield streamProps("notify", {
      sendNotifications: [{ id: "n1", action: "show", title: "Hello", message: html.Span(["Saved ", html.B("3 rows", { id: "bold" })]) }],
    });
  });
  const { page, pageErrors } = await openApp(t, app);
  await page.click("#go");
  await page.waitForSelector(".mantine-Notification-root b", { timeout: 15_000 });
  t.equal(await page.textContent(".mantine-Notification-root b"), "3 rows");
  t.same(pageErrors, []);
});
