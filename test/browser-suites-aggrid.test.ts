import t from "tap";
import { App, html, dag, Input, streamProps } from "../lib/index.js";
import { openApp, waitForText } from "./helpers/browser.js";

t.test("AgGrid: rowData, then ten rowTransaction adds from a stream; the grid counts every row", async (t) => {
  const app = new App({
    layout: html.Div([
      html.Button("load", { id: "load" }),
      dag.AgGrid({
        id: "grid",
        columnDefs: [{ field: "id" }, { field: "name" }],
        rowData: [{ id: 0, name: "first" }],
        getRowId: "params.data.id",
        style: { height: "400px" },
      }),
      html.Div({ id: "status" }),
    ]),
  });
  app.eventCallback(Input("load", "n_clicks"), async function* () {
    // No pauses: the transactions arrive in a burst and must each be applied once.
    for (let i = 1; i <= 10; i++) yield streamProps("grid", { rowTransaction: { add: [{ id: i, name: `row ${i}` }] } });
    yield streamProps("status", { children: "sent" });
  });
  const { page, pageErrors } = await openApp(t, app);
  const rowCount = () => page.evaluate(() => window.dash_ag_grid!.getApi("grid")?.getDisplayedRowCount());
  await page.waitForFunction(() => window.dash_ag_grid!.getApi("grid") !== undefined);
  t.equal(await rowCount(), 1, "rowData shows");
  await page.click("#load");
  await waitForText(page, "#status", "sent");
  await page.waitForFunction(() => window.dash_ag_grid!.getApi("grid")!.getDisplayedRowCount() === 11);
  const ids = await page.evaluate(() => {
    const api = window.dash_ag_grid!.getApi("grid")!;
    const seen: number[] = [];
    api.forEachNode((node) => seen.push(node.data!.id as number));
    return seen;
  });
  t.same(ids, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10], "each transaction applied once, in order");
  t.equal(await rowCount(), 11);
  t.same(pageErrors, []);
});
