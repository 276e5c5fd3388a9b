import t from "tap";
import { App, html, dcc, dmc, Input, Output } from "../lib/index.js";
import { openApp, waitForText } from "./helpers/browser.js";

t.test("persistence: user edits of dcc.Input, dcc.Dropdown and dmc.Tabs survive a reload, unless the layout's value changed", async (t) => {
  let nameInLayout = "start";
  const app = new App({
    layout: () =>
      html.Div([
        dcc.Input({ id: "name", value: nameInLayout, persistence: true }),
        dcc.Dropdown({ id: "color", options: ["red", "green", "blue"], value: "red", clearable: false, persistence: "v1", persistence_type: "session" }),
        dmc.MantineProvider(
          dmc.Tabs({
            id: "tabs",
            value: "one",
            persistence: true,
            children: [
              dmc.TabsList([dmc.TabsTab("One", { value: "one" }), dmc.TabsTab("Two", { value: "two" })]),
              dmc.TabsPanel("first panel", { value: "one" }),
              dmc.TabsPanel("second panel", { value: "two" }),
            ],
          }),
        ),
        html.Div({ id: "out" }),
      ]),
  });
  app.callback(Output("out", "children"), [Input("name", "value"), Input("color", "value"), Input("tabs", "value")], (name: unknown, color: unknown, tab: unknown) =>
    `${String(name)} ${String(color)} ${String(tab)}`,
  );
  const { page, pageErrors } = await openApp(t, app);
  await waitForText(page, "#out", "start red one");

  await page.fill("#name", "typed");
  await page.click("#color");
  await page.getByRole("option", { name: "blue" }).click();
  await page.getByRole("tab", { name: "Two" }).click();
  await waitForText(page, "#out", "typed blue two");

  await page.reload();
  await page.waitForSelector("html[data-dash-events-ready]");
  // The initial call already sees the reapplied edits, as in Dash.
  await waitForText(page, "#out", "typed blue two");
  t.equal(await page.inputValue("#name"), "typed");
  t.equal(await page.getByRole("tab", { name: "Two" }).getAttribute("aria-selected"), "true");

  nameInLayout = "changed by the app";
  await page.reload();
  await page.waitForSelector("html[data-dash-events-ready]");
  await waitForText(page, "#out", "changed by the app blue two");
  t.equal(await page.inputValue("#name"), "changed by the app", "the layout's new value wins over the old edit");
  t.same(pageErrors, []);
});

t.test("persistence: a component re-created by a callback gets its edit back (memory persistence)", async (t) => {
  const app = new App({
    layout: html.Div([html.Button("rebuild", { id: "rebuild" }), html.Div({ id: "box" }), html.Div({ id: "out" })]),
    // dcc only appears in callback output, so the page is told to load it
    suites: ["dcc"],
  });
  app.callback(Output("box", "children"), Input("rebuild", "n_clicks"), (n: unknown) => [
    html.Span(`build ${Number(n ?? 0)}`, { id: "build" }),
    dcc.Input({ id: "inner", value: "original", persistence: 1, persistence_type: "memory" }),
  ]);
  app.callback(Output("out", "children"), Input("inner", "value"), (value: unknown) => `inner ${String(value)}`);
  const { page, pageErrors } = await openApp(t, app);
  await waitForText(page, "#out", "inner original");
  await page.fill("#inner", "edited");
  await waitForText(page, "#out", "inner edited");
  await page.click("#rebuild");
  await waitForText(page, "#build", "build 1");
  t.equal(await page.inputValue("#inner"), "edited", "the new Input shows the recorded edit");
  await waitForText(page, "#out", "inner edited");
  t.same(pageErrors, []);
});
