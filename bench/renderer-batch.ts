/**
 * Renderer bench 2 — one batch of 1,000 updates to 1,000 different components, until the DOM
 * shows every new value. Ours: the event callback yields one `[BATCH]` frame of 1,000 updates;
 * timed from the frame's arrival (the stream response's responseStart, Resource Timing; the
 * frame follows the headers at once) to the DOM, and end to end from the click that starts the
 * stream. dash-renderer: 1,000 `dash_clientside.set_props` calls in one task, timed from the
 * first call. Ours is also timed the dash way (1,000 set_props calls). Each run: a fresh page,
 * one unmeasured update, then the measured one. Runs alternate ours, dash, dash, ours, ours … (bench/lib/alternate.ts)
 *
 *   node --import tsx bench/renderer-batch.ts [--quick] [--count 1000] [--reps 5]
 */
import { App, html, Input, streamProps } from "../lib/index.js";
import { alternate, spread } from "./lib/alternate.js";
import { parseArgs } from "./lib/args.js";
import { ensureBuilt } from "./lib/build.js";
import { launchChromium, type Side } from "./lib/browser.js";
import { openReady, type BenchWindow } from "./lib/page-ready.js";
import { ratio, report, type Row } from "./lib/report.js";
import { startRendererServer } from "./lib/renderer-server.js";
import { fmt, summarize } from "./lib/stats.js";

const args = parseArgs();
const count = args.number("count", 1000);
const reps = args.number("reps", args.quick ? 2 : 5);
const ids = Array.from({ length: count }, (_, i) => `c${i}`);

const app = new App({
  layout: html.Div([html.Button("go", { id: "go" }), html.Div(ids.map((id) => html.Div("0", { id })), { id: "cells" })]),
});
app.eventCallback(Input("go", "n_clicks"), function* (n: unknown) {
  yield streamProps(ids.map((id) => [id, { children: `v${String(n)}` }] as const));
});

interface InPage {
  ids: string[];
  expected: string;
}

/** In the page: 1,000 set_props calls in one task; ms from the first call to the DOM showing them all. */
function setPropsBatch({ ids, expected }: InPage): Promise<number> {
  const w = window as unknown as BenchWindow;
  const last = document.getElementById(ids[ids.length - 1])!;
  const shown = w.__bench.until(() => last.textContent === expected && ids.every((id) => document.getElementById(id)!.textContent === expected));
  const start = performance.now();
  for (const id of ids) w.dash_clientside.set_props(id, { children: expected });
  return shown.then((t) => t - start);
}

/** In the page: click `go` (ours: one [BATCH] frame); ms click → DOM and stream response start → DOM. */
async function streamBatch({ ids, expected }: InPage): Promise<{ endToEnd: number; fromFrame: number }> {
  const w = window as unknown as BenchWindow;
  const last = document.getElementById(ids[ids.length - 1])!;
  const before = performance.getEntriesByType("resource").length;
  const shown = w.__bench.until(() => last.textContent === expected && ids.every((id) => document.getElementById(id)!.textContent === expected));
  const start = performance.now();
  document.getElementById("go")!.click();
  const done = await shown;
  // the stream's Resource Timing entry appears once its response has ended ([DONE] follows the batch)
  let entry: PerformanceResourceTiming | undefined;
  for (let i = 0; i < 100 && !entry; i++) {
    entry = (performance.getEntriesByType("resource") as PerformanceResourceTiming[]).slice(before).find((e) => e.name.includes("dash_update_component_sse"));
    if (!entry) await new Promise((r) => setTimeout(r, 10));
  }
  if (!entry) throw new Error("no Resource Timing entry for the stream");
  return { endToEnd: done - start, fromFrame: done - entry.responseStart };
}

async function main(): Promise<Row[]> {
  const browser = await launchChromium();
  const server = await startRendererServer(app);
  const endToEnd: number[] = [];
  const oursSetProps: number[] = [];
  try {
    const runOnce = async (side: Side): Promise<number | null> => {
      const { page, errors, close } = await openReady(browser, server, side, ids[ids.length - 1]);
      try {
        if (side === "dash") {
          await page.evaluate(setPropsBatch, { ids, expected: "warm" });
          return await page.evaluate(setPropsBatch, { ids, expected: "measured" });
        }
        await page.evaluate(streamBatch, { ids, expected: "v1" });
        const frame = await page.evaluate(streamBatch, { ids, expected: "v2" });
        endToEnd.push(frame.endToEnd);
        // and the dash way, on the same page
        oursSetProps.push(await page.evaluate(setPropsBatch, { ids, expected: "measured" }));
        return frame.fromFrame;
      } finally {
        if (errors.length) process.stderr.write(`  ${side} page errors: ${errors.join(" | ")}\n`);
        await close();
      }
    };
    const result = await alternate(reps, runOnce, { label: "batch" });
    const e2e = summarize(endToEnd);
    const sp = summarize(oursSetProps);
    return [
      {
        bench: "R2 batch of 1,000",
        measure: `[BATCH] frame → DOM (dash: ${fmt(count)} set_props)`,
        unit: "ms",
        ours: result.ours.median,
        baseline: result.dash.median,
        ratio: ratio(result.ours.median, result.dash.median),
        note: `ours ${spread(result.ours)}; dash ${spread(result.dash)}; target < 16 ms and <= 0.05x`,
      },
      {
        bench: "R2 batch of 1,000",
        measure: `${fmt(count)} set_props calls → DOM, both`,
        unit: "ms",
        ours: sp.median,
        baseline: result.dash.median,
        ratio: ratio(sp.median, result.dash.median),
        note: `ours ${spread(sp)}`,
      },
      {
        bench: "R2 batch of 1,000",
        measure: "ours click → POST → [BATCH] → DOM",
        unit: "ms",
        ours: e2e.median,
        note: `end to end over loopback; ${spread(e2e)}`,
      },
    ];
  } finally {
    await server.close();
    await browser.close();
  }
}

ensureBuilt();
report(await main(), args.json);
