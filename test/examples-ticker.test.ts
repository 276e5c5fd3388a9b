// examples/ticker.ts in Chromium, through `dash-events serve`: the Live switch starts an endless
// stream that extends a dcc.Graph (extendData, at most MAX_POINTS per trace); switching it off
// ends the stream.
import t from "tap";
import type { Page } from "playwright-core";
import { buildOnce } from "./helpers/cli.js";
import { openExample, textOf, waitForTextMatch } from "./examples-helpers.js";

buildOnce();

const MAX_POINTS = 300; // examples/ticker.ts

/** The number of points of each trace of the graph. */
function pointCounts(page: Page): Promise<number[]> {
  return page.evaluate(() => {
    const plot = document.querySelector<HTMLElement & { data?: Array<{ x: unknown[] }> }>("#ticker-graph .js-plotly-plot");
    return plot?.data?.map((trace) => trace.x.length) ?? [];
  });
}

/** The tick number the status line shows (0 when paused). */
async function tick(page: Page): Promise<number> {
  return Number(/^tick (\d+)/.exec(await textOf(page, "#ticker-status"))?.[1] ?? 0);
}

t.test("the ticker, as a user runs it", async (t) => {
  const { page, run, pageErrors, consoleErrors } = await openExample(t, "ticker");
  await page.waitForSelector("#ticker-graph .js-plotly-plot");

  await t.test("paused at first: three empty traces", async (t) => {
    t.equal(await textOf(page, "#ticker-status"), "Paused");
    t.same(await pointCounts(page), [0, 0, 0]);
  });

  await t.test("Live streams points into the graph, keeping the last MAX_POINTS", async (t) => {
    await page.getByText("Live", { exact: true }).click();
    await waitForTextMatch(page, "#ticker-status", /^tick \d+ · ACME \d+\.\d\d · GLOBEX \d+\.\d\d · INITECH \d+\.\d\d$/);
    await page.waitForFunction(() => {
      const plot = document.querySelector<HTMLElement & { data?: Array<{ x: unknown[] }> }>("#ticker-graph .js-plotly-plot");
      return (plot?.data?.[0]?.x.length ?? 0) >= 10;
    });
    const early = await pointCounts(page);
    t.ok(early.every((n) => n === early[0]), `every trace grows alike (${early.join(", ")})`);
    // Past MAX_POINTS ticks the graph drops its oldest points: it holds exactly MAX_POINTS.
    await page.waitForFunction((max) => /^tick (\d+)/.test(document.querySelector("#ticker-status")?.textContent ?? "") &&
      Number(/^tick (\d+)/.exec(document.querySelector("#ticker-status")?.textContent ?? "")![1]) > max + 20, MAX_POINTS, { timeout: 90_000 });
    t.same(await pointCounts(page), [MAX_POINTS, MAX_POINTS, MAX_POINTS], "at most MAX_POINTS points per trace");
  });

  await t.test("switching Live off ends the stream", async (t) => {
    await page.getByText("Live", { exact: true }).click();
    await waitForTextMatch(page, "#ticker-status", /^Paused$/);
    const counts = await pointCounts(page);
    await page.waitForTimeout(1000); // ten ticks' time: none may come
    t.same(await pointCounts(page), counts, "no point after Live went off");
    t.equal(await textOf(page, "#ticker-status"), "Paused");

    // And on again: the stream picks up where the graph is.
    await page.getByText("Live", { exact: true }).click();
    await page.waitForFunction(() => /^tick ([5-9]|\d\d+) /.test(document.querySelector("#ticker-status")?.textContent ?? ""));
    t.ok((await tick(page)) >= 5, "a new run ticks");
    t.same(await pointCounts(page), [MAX_POINTS, MAX_POINTS, MAX_POINTS]);
    await page.getByText("Live", { exact: true }).click();
    await waitForTextMatch(page, "#ticker-status", /^Paused$/);
  });

  t.same(pageErrors, [], "no errors in the page");
  t.same(consoleErrors, [], "no console errors");
  run.kill("SIGINT");
  t.equal((await run.exit).code, 0, "the server exits cleanly");
});
