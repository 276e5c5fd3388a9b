import t from "tap";
import { App, html, dbc, dash_table, Input, Output, streamProps } from "../lib/index.js";
import { openApp, waitForText } from "./helpers/browser.js";

t.test("dbc: a Card with a Button drives a callback; a nested Card updates through set_props", async (t) => {
  const app = new App({
    layout: html.Div([
      dbc.Card(
        [
          dbc.CardHeader("Outer", { id: "outer-header" }),
          dbc.CardBody([
            dbc.Button("Go", { id: "go", color: "primary" }),
            dbc.Card(dbc.CardBody(html.Div("inner waiting", { id: "inner-text" })), { id: "inner-card", color: "light" }),
          ]),
        ],
        { id: "outer-card" },
      ),
      html.Div({ id: "out" }),
    ]),
  });
  app.callback(Output("out", "children"), Input("go", "n_clicks"), (n: unknown) => `clicked ${Number(n ?? 0)}`);
  app.eventCallback(Input("go", "n_clicks"), async function* () {
    yield streamProps([
      ["inner-text", { children: "inner updated" }],
      ["inner-card", { color: "success" }],
      ["outer-header", { children: "Outer (updated)" }],
    ]);
  });
  const { page, pageErrors } = await openApp(t, app);
  await waitForText(page, "#out", "clicked 0");
  t.ok(await page.locator("#outer-card.card").isVisible(), "dbc renders Bootstrap's card markup");
  await page.click("#go");
  await waitForText(page, "#out", "clicked 1");
  await waitForText(page, "#inner-text", "inner updated");
  await page.waitForSelector("#inner-card.bg-success");
  t.equal(await page.textContent("#outer-header"), "Outer (updated)");
  t.same(pageErrors, []);
});

t.test("dash_table.DataTable: a cell edit reaches a callback", async (t) => {
  const app = new App({
    layout: html.Div([
      dash_table.DataTable({
        id: "table",
        columns: [
          { id: "city", name: "City" },
          { id: "temp", name: "Temp", type: "numeric" },
        ],
        data: [
          { city: "Oslo", temp: 3 },
          { city: "Rome", temp: 18 },
        ],
        editable: true,
      }),
      html.Div({ id: "out" }),
    ]),
  });
  app.callback(Output("out", "children"), Input("table", "data"), (data: unknown) =>
    (data as Array<{ city: string; temp: number }>).map((row) => `${row.city}=${row.temp}`).join(" "),
  );
  const { page, pageErrors } = await openApp(t, app);
  await waitForText(page, "#out", "Oslo=3 Rome=18");
  await page.click('#table td[data-dash-column="city"][data-dash-row="1"]');
  await page.keyboard.type("Paris");
  await page.keyboard.press("Enter");
  await waitForText(page, "#out", "Oslo=3 Paris=18");
  t.same(pageErrors, []);
});
