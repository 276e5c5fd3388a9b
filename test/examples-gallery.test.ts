// examples/gallery.ts (what `npm start` serves) in Chromium: every example in a tab of one page,
// their callbacks all registered, each tab reachable by its URL hash.
import t from "tap";
import { buildOnce } from "./helpers/cli.js";
import { openExample, textOf, waitForGridRows, waitForTextMatch } from "./examples-helpers.js";

buildOnce();

const TABS = ["Streaming table", "SQL query", "CI/CD pipeline", "Ticker", "Tokens"];

t.test("the gallery, as a visitor uses it", async (t) => {
  const { page, run, pageErrors, consoleErrors } = await openExample(t, "gallery");

  await t.test("one tab per example; each shows its example", async (t) => {
    t.same(await page.$$eval('[role="tab"]', (tabs) => tabs.map((tab) => tab.textContent)).then((names) => names.slice(0, 5)), TABS);
    const headings: Record<string, string> = {
      "Streaming table": "Streaming a table",
      "SQL query": "Streaming a SQL query",
      "CI/CD pipeline": "CI/CD pipeline",
      Ticker: "An endless ticker",
      Tokens: "Streaming tokens",
    };
    for (const tab of TABS) {
      await page.getByRole("tab", { name: tab, exact: true }).click();
      const heading = page.locator('[role="tabpanel"]:visible h2').first();
      t.equal(await heading.textContent(), headings[tab], `${tab} shows its example`);
    }
  });

  await t.test("a stream keeps running while another tab is open", async (t) => {
    await page.getByRole("tab", { name: "Streaming table", exact: true }).click();
    await page.click("#table-start");
    await page.getByRole("tab", { name: "Tokens", exact: true }).click();
    await page.click("#tokens-start");
    await waitForTextMatch(page, "#tokens-stats", /^\d+ tokens, done$/);
    await page.getByRole("tab", { name: "Streaming table", exact: true }).click();
    await waitForTextMatch(page, "#table-status", /^Done: 682 rows$/);
    await waitForGridRows(page, "table-grid", 682);
    t.equal(await textOf(page, "#table-start"), "Reload");
  });

  await t.test("the URL hash opens a tab", async (t) => {
    const url = new URL(page.url());
    await page.goto("about:blank"); // a fresh load, not a same-document hash change
    await page.goto(new URL("/#ticker", url).href);
    await page.waitForSelector("html[data-dash-events-ready]");
    await page.waitForFunction(() => document.querySelector('[role="tab"][aria-selected="true"]')?.textContent === "Ticker");
    t.ok(await page.isVisible("#ticker-graph"), "the ticker is on screen");
    t.notOk(await page.isVisible("#table-grid"), "the table is not");
  });

  t.same(pageErrors, [], "no errors in the page");
  t.same(consoleErrors, [], "no console errors");
  run.kill("SIGINT");
  t.equal((await run.exit).code, 0, "the server exits cleanly");
});
