// examples/stream-sql.ts: a SQLite query streamed in partitions into the grid (Chromium, through
// `dash-events serve`), and its data helper: cancelling the stream stops the query's cursor.
import t from "tap";
import { buildOnce } from "./helpers/cli.js";
import { gridRowCount, openExample, textOf, waitForGridRows, waitForNotification, waitForTextMatch } from "./examples-helpers.js";

buildOnce();

// Imported after the build: the helpers import "dash-events", which is this package's dist/.
const { gapminderDb, queryInPartitions } = await import("../examples/data/sqlite.js");

t.test("queryInPartitions: partitions, and a cancelled query's cursor is closed", async (t) => {
  const db = await gapminderDb();
  const sizes: number[] = [];
  for await (const { rows, columns } of queryInPartitions(db, "select * from gapminder order by year", [], 100, new AbortController().signal)) {
    sizes.push(rows.length);
    t.same(columns, ["country", "year", "cluster", "pop", "life_expect", "fertility"]);
  }
  t.same(sizes, [100, 100, 100, 100, 100, 100, 82], "682 rows in partitions of 100");

  const controller = new AbortController();
  const read: number[] = [];
  await t.rejects(
    (async () => {
      for await (const { rows } of queryInPartitions(db, "select * from gapminder", [], 100, controller.signal, 5)) {
        read.push(rows.length);
        if (read.length === 2) controller.abort(new Error("cancelled"));
      }
    })(),
    { message: "cancelled" },
  );
  t.same(read, [100, 100], "no partition after the abort");
  // While a better-sqlite3 cursor is open the connection refuses other writes ("busy"):
  // this write succeeds only because the aborted query's cursor was closed.
  t.doesNotThrow(() => db.exec("create table after_cancel (x integer); drop table after_cancel;"));

  // A consumer that stops early (the server calls the generator's return()) closes it too.
  for await (const { rows } of queryInPartitions(db, "select * from gapminder", [], 50, new AbortController().signal)) {
    t.equal(rows.length, 50);
    break;
  }
  t.doesNotThrow(() => db.exec("create table after_break (x integer); drop table after_break;"));
});

t.test("the SQL stream, as a user runs it", async (t) => {
  const { page, run, pageErrors, consoleErrors } = await openExample(t, "stream-sql");

  await t.test("the chosen ordering is the query's, and its rows arrive in partitions", async (t) => {
    await page.click("text=population");
    await page.click("#sql-start");
    await page.waitForSelector("#sql-start[data-loading]");
    t.match(await textOf(page, "#sql-query"), /order by pop desc$/);
    await waitForTextMatch(page, "#sql-status", /^Partition [2-7]: \d+ rows$/);
    t.equal(await textOf(page, '#sql-grid .ag-row[row-index="0"] [col-id="country"]'), "China", "the most populous first");
    await waitForTextMatch(page, "#sql-status", /^Done: 682 rows in 7 partitions$/);
    await waitForGridRows(page, "sql-grid", 682);
    await waitForNotification(page, "Query finished");
    t.equal(await textOf(page, "#sql-start"), "Run again");
    t.notOk(await page.isVisible("#sql-cancel"));
  });

  await t.test("Cancel stops the query mid-way", async (t) => {
    await page.click("text=country");
    await page.click("#sql-start");
    await waitForTextMatch(page, "#sql-status", /^Partition 2: 200 rows$/);
    await page.click("#sql-cancel");
    await waitForTextMatch(page, "#sql-status", /^Cancelled: the query was stopped$/);
    const rows = await gridRowCount(page, "sql-grid");
    t.ok(rows >= 200 && rows < 682, `the grid kept the partitions sent before Cancel (${rows} rows)`);
    t.equal(await page.getAttribute("#sql-start", "data-loading"), null);
    t.notOk(await page.isVisible("#sql-cancel"));
    // Partitions come every 300 ms: after a second, none may have followed.
    await page.waitForTimeout(1000);
    t.equal(await gridRowCount(page, "sql-grid"), rows, "no partition arrives after Cancel");
    t.equal(await textOf(page, '#sql-grid .ag-row[row-index="0"] [col-id="country"]'), "Afghanistan");
  });

  t.same(pageErrors, [], "no errors in the page");
  t.same(consoleErrors, [], "no console errors");
  run.kill("SIGINT");
  t.equal((await run.exit).code, 0, "the server exits cleanly");
});
