/**
 * Renderer bench 1 — initial render of N flat html components (default N = 1,000 and 10,000):
 * navigation start → the last component is in the DOM (then checked: all N are there). Our
 * page and the dash-renderer page load the same layout from the same server, alternately,
 * each run in a fresh browser context. A dash-renderer run capped by `--cap-seconds` is printed
 * as a bound. For 1,000, also a returning visitor: the third load in one context, with the
 * scripts (and the code V8 compiled for them) cached.
 *
 *   node --import tsx bench/renderer-initial.ts [--quick] [--sizes 1000,10000] [--reps 9] [--cap-seconds 240]
 */
import { App, html } from "../lib/index.js";
import { alternate, spread } from "./lib/alternate.js";
import { parseArgs } from "./lib/args.js";
import { ensureBuilt } from "./lib/build.js";
import { launchChromium, newBenchPage, type Side } from "./lib/browser.js";
import { ratio, report, type Row } from "./lib/report.js";
import { dashVersions, startRendererServer } from "./lib/renderer-server.js";
import { fmt, summarize } from "./lib/stats.js";

const args = parseArgs();
const sizes = args.numbers("sizes", args.quick ? [1000] : [1000, 10_000]);
const reps = args.number("reps", args.quick ? 2 : 9);
const capMs = args.number("cap-seconds", 240) * 1000;

async function main(): Promise<Row[]> {
  const browser = await launchChromium();
  const rows: Row[] = [];
  try {
    // warm-up on a small layout: Chromium's first pages are slower for both renderers
    for (const n of [100, ...sizes]) {
      const items = Array.from({ length: n }, (_, i) => html.Div(`item ${i}`, { id: `d${i}` }));
      // the browser's floor: the same Divs as plain HTML, no script at all
      const staticPage = `<!DOCTYPE html><html><head><meta charset="UTF-8"><title>static</title></head><body><div id="root">${Array.from({ length: n }, (_, i) => `<div id="d${i}">item ${i}</div>`).join("")}</div></body></html>`;
      const server = await startRendererServer(new App({ layout: html.Div(items, { id: "root" }) }), { "/static": staticPage });
      const floor: number[] = [];
      try {
        const afterLayout: Record<Side, number[]> = { ours: [], dash: [] };
        const returningVisit = async (side: Side): Promise<number> => {
          const { page, errors, close } = await newBenchPage(browser, `d${n - 1}`);
          try {
            let appeared = 0;
            for (let visit = 0; visit < 3; visit++) {
              await page.goto(side === "ours" ? server.oursUrl : server.dashUrl, { waitUntil: "commit" });
              appeared = await page.evaluate(() => (window as unknown as { __bench: { appeared: Promise<number> } }).__bench.appeared);
              // the browser writes its caches after the page has run: a user does not reload at once either
              await page.waitForTimeout(500);
            }
            if (errors.length) process.stderr.write(`  ${side} page errors: ${errors.join(" | ")}\n`);
            return appeared;
          } finally {
            await close();
          }
        };
        const runOnce = async (side: Side): Promise<number | null> => {
          const { page, errors, close } = await newBenchPage(browser, `d${n - 1}`);
          try {
            await page.goto(side === "ours" ? server.oursUrl : server.dashUrl, { waitUntil: "commit" });
            const appeared = await Promise.race([
              page.evaluate(() => (window as unknown as { __bench: { appeared: Promise<number> } }).__bench.appeared),
              new Promise<null>((resolve) => setTimeout(() => resolve(null), capMs).unref()),
            ]);
            if (appeared === null) return null;
            const count = await page.evaluate(() => document.querySelectorAll("#root > div").length);
            if (count !== n) throw new Error(`${side}: ${count} of ${n} components in the DOM`);
            if (errors.length) process.stderr.write(`  ${side} page errors: ${errors.join(" | ")}\n`);
            // the renderer's own part: from the moment its scripts and the layout have all arrived
            // (Resource Timing; ours carries the layout in the page) to the DOM
            const ready = await page.evaluate(() => {
              const entries = [...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")] as PerformanceResourceTiming[];
              const needed = entries.filter((e) => e.entryType === "navigation" || e.name.endsWith(".js") || e.name.includes("_dash-layout"));
              return Math.max(...needed.map((e) => e.responseEnd));
            });
            afterLayout[side].push(appeared - ready);
            return appeared;
          } finally {
            await close();
          }
        };
        if (n === 100) {
          await runOnce("ours");
          await runOnce("dash");
          continue;
        }
        const result = await alternate(reps, runOnce, { label: `initial ${n}` });
        // A returning visitor: the third load in one browser context, scripts in its HTTP cache
        // (ours revalidated by ETag, Dash's cached for a year as Dash serves them) and the code
        // V8 compiled for them in its code cache. Not for 10,000, where dash-renderer takes minutes.
        const returning = n === 1000 ? await alternate(reps, (side) => returningVisit(side), { label: `returning ${n}` }) : undefined;
        for (let rep = 0; rep < reps; rep++) {
          const { page, close } = await newBenchPage(browser, `d${n - 1}`);
          try {
            await page.goto(server.oursUrl.replace(/\/$/, "/static"), { waitUntil: "commit" });
            floor.push(await page.evaluate(() => (window as unknown as { __bench: { appeared: Promise<number> } }).__bench.appeared));
          } finally {
            await close();
          }
        }
        const floorSummary = summarize(floor);
        const dashCell = result.capped.includes("dash") ? `> ${fmt(capMs)}` : result.dash.median;
        rows.push({
          bench: "R1 initial render",
          measure: `${fmt(n)} html.Div, navigation → all in DOM`,
          unit: "ms",
          ours: result.ours.median,
          baseline: dashCell,
          ratio: result.capped.includes("dash") ? undefined : ratio(result.ours.median, result.dash.median),
          note: [
            `ours ${spread(result.ours)}`,
            result.capped.includes("dash") ? `dash stopped after ${fmt(capMs / 1000)} s` : `dash ${spread(result.dash)}`,
            result.note,
            n === 1000 ? "target < 100 ms" : n === 10_000 ? "target < 1 s" : "",
          ]
            .filter(Boolean)
            .join("; "),
        });
        rows.push({
          bench: "R1 initial render",
          measure: `${fmt(n)} html.Div as static HTML (no script), navigation → all in DOM`,
          unit: "ms",
          ours: floorSummary.median,
          note: `the browser's floor for this page on this machine, after the runs above; min ${fmt(floorSummary.min)}, max ${fmt(floorSummary.max)}, n=${floorSummary.n}`,
        });
        if (returning) {
          rows.push({
            bench: "R1 initial render",
            measure: `${fmt(n)} html.Div, returning visitor (third load, scripts cached) → all in DOM`,
            unit: "ms",
            ours: returning.ours.median,
            baseline: returning.dash.median,
            ratio: ratio(returning.ours.median, returning.dash.median),
            note: `ours ${spread(returning.ours)}; dash ${spread(returning.dash)}; ours revalidated (304), Dash's cached for a year`,
          });
        }
        const oursAfter = summarize(afterLayout.ours);
        const dashAfter = summarize(afterLayout.dash);
        rows.push({
          bench: "R1 initial render",
          measure: `${fmt(n)} html.Div, scripts and layout received → all in DOM`,
          unit: "ms",
          ours: oursAfter.median,
          baseline: dashAfter.n ? dashAfter.median : "n/a",
          ratio: ratio(oursAfter.median, dashAfter.median),
          note: "the renderer's own work (script evaluation included), without the loading; ours has the layout in the page",
        });
      } finally {
        await server.close();
      }
    }
  } finally {
    await browser.close();
  }
  rows.push({ bench: "R1 initial render", measure: "baseline versions", unit: "", ours: "", note: dashVersions() });
  return rows;
}

ensureBuilt();
report(await main(), args.json);
