// examples/stream-table.ts in Chromium, through `dash-events serve`: Start streams the gapminder
// table into the grid in chunks (with notifications and a loading button), Cancel stops it and
// the page applies resetProps.
import t from "tap";
import { buildOnce } from "./helpers/cli.js";
import { gridRowCount, openExample, textOf, waitForGridRows, waitForNotification, waitForTextMatch } from "./examples-helpers.js";

buildOnce();

t.test("the streaming table, as a user runs it", async (t) => {
  const { page, run, pageErrors, consoleErrors } = await openExample(t, "stream-table");

  await t.test("before the first click: an empty grid and a Start button", async (t) => {
    t.equal(await textOf(page, "#table-status"), "No data yet");
    t.equal(await textOf(page, "#table-start"), "Start");
    t.notOk(await page.isVisible("#table-cancel"), "Cancel is hidden");
    t.equal(await gridRowCount(page, "table-grid"), 0);
  });

  await t.test("Start streams the table chunk by chunk", async (t) => {
    await page.click("#table-start");
    await page.waitForSelector("#table-start[data-loading]");
    t.ok(await page.isVisible("#table-cancel"), "Cancel shows while streaming");
    t.ok(await page.isDisabled("#table-start"), "the loading button cannot be clicked");

    // First chunk: rowData and columnDefs; the grid has the gapminder columns and 500 rows.
    await waitForTextMatch(page, "#table-status", /^500 of 682 rows$/);
    await waitForGridRows(page, "table-grid", 500);
    const headers = await page.$$eval("#table-grid .ag-header-cell-text", (cells) => cells.map((c) => c.textContent));
    t.same(headers, ["Country", "Year", "Cluster", "Pop", "Life_expect", "Fertility"]);
    t.equal(await textOf(page, '#table-grid .ag-row[row-index="0"] [col-id="country"]'), "Afghanistan");
    await waitForNotification(page, "Chunk received");

    // Second chunk: a rowTransaction adds the last 182 rows.
    await waitForTextMatch(page, "#table-status", /^Done: 682 rows$/);
    await waitForGridRows(page, "table-grid", 682);
    await waitForNotification(page, "Finished");
    t.equal(await textOf(page, "#table-start"), "Reload");
    t.equal(await page.getAttribute("#table-start", "data-loading"), null, "the loader is gone");
    t.notOk(await page.isVisible("#table-cancel"), "Cancel is hidden again");
  });

  await t.test("Cancel stops the stream and resets the buttons", async (t) => {
    await page.click("#table-start");
    // Reload starts over: the first chunk replaces the 682 rows with 500.
    await waitForTextMatch(page, "#table-status", /^500 of 682 rows$/);
    await waitForGridRows(page, "table-grid", 500);
    await page.click("#table-cancel");
    await waitForTextMatch(page, "#table-status", /^Cancelled$/);
    t.equal(await page.getAttribute("#table-start", "data-loading"), null, "resetProps took the loader off");
    t.notOk(await page.isVisible("#table-cancel"), "resetProps hid Cancel");
    // The second chunk would come 2 s after the first: give it that long, it must not arrive.
    await page.waitForTimeout(2500);
    t.equal(await gridRowCount(page, "table-grid"), 500, "no rows arrive after Cancel");
    t.equal(await textOf(page, "#table-status"), "Cancelled");
  });

  t.same(pageErrors, [], "no errors in the page");
  t.same(consoleErrors, [], "no console errors");
  run.kill("SIGINT");
  t.equal((await run.exit).code, 0, "the server exits cleanly");
});
