import { readFileSync } from "node:fs";
import t from "tap";
import { App } from "../lib/app.js";
import type { LayoutNode } from "../lib/protocol/types.js";
import { openApp } from "./helpers/browser.js";

t.test("layouts/mixed-suites.json renders: html, dcc, dmc, dbc, dash_table and AgGrid on one page", async (t) => {
  const layout = JSON.parse(readFileSync(new URL("../layouts/mixed-suites.json", import.meta.url), "utf8")) as LayoutNode;
  const { page, pageErrors } = await openApp(t, new App({ layout }), { debug: true });
  await page.waitForSelector("#chart .js-plotly-plot .main-svg");
  await page.waitForFunction(() => window.dash_ag_grid!.getApi("mixed-grid")?.getDisplayedRowCount() === 2);
  t.equal(await page.textContent("#title"), "Mixed suites");
  t.equal(await page.textContent("#refresh-icon"), "↻", "a component inside a dmc Button's leftSection");
  t.ok(await page.locator("#filters-card.card").isVisible(), "dbc Card");
  t.ok(await page.locator('[id=\'{"index":0,"type":"filter"}\']').isVisible(), "dcc.Dropdown with an object id");
  t.ok(await page.locator("[role=slider]").isVisible(), "dcc.Slider");
  await page.getByRole("tab", { name: "Table" }).click();
  await page.waitForSelector('#mixed-table td[data-dash-column="k"]');
  t.equal(await page.locator("[data-dash-events-error]").count(), 0, "no missing component, no render error");
  t.same(pageErrors, []);
});
