/**
 * Renderer bench 4 — a list grown by 200 updates of 50 children each (10,000 at the end), each
 * update awaited until the DOM shows it. Ours: each update is a Patch `Extend` of 50 children
 * (what an event callback yields with `new Patch().extend(rows)`), applied through
 * `dash_clientside.set_props`. dash-renderer: the full children list per update, as its users
 * must send it. Printed: total time, the slowest update, and where dash-renderer got to when
 * its run passed `--cap-seconds` (default 60; it is then stopped, and runs once).
 *
 *   node --import tsx bench/renderer-list.ts [--quick] [--updates 200] [--rows 50] [--reps 5] [--cap-seconds 60]
 */
import { App, html } from "../lib/index.js";
import { spread } from "./lib/alternate.js";
import { parseArgs } from "./lib/args.js";
import { ensureBuilt } from "./lib/build.js";
import { launchChromium, type Side } from "./lib/browser.js";
import { openReady, type BenchWindow } from "./lib/page-ready.js";
import { ratio, report, type Row } from "./lib/report.js";
import { startRendererServer } from "./lib/renderer-server.js";
import { fmt, summarize } from "./lib/stats.js";

const args = parseArgs();
const updates = args.number("updates", args.quick ? 50 : 200);
const rows = args.number("rows", 50);
const reps = args.number("reps", args.quick ? 2 : 5);
const capMs = args.number("cap-seconds", args.quick ? 10 : 60) * 1000;

const app = new App({ layout: html.Div([html.H1("list"), html.Div([], { id: "list" })]) });

interface ListRun {
  /** ms of each update, in order; update u took the list to (u + 1) × rows children. */
  times: number[];
  capped: boolean;
}

/** In the page: grow #list by `updates` × `rows` children, each update awaited in the DOM. */
async function grow({ updates, rows, patch, capMs }: { updates: number; rows: number; patch: boolean; capMs: number }): Promise<ListRun> {
  const w = window as unknown as BenchWindow;
  const list = document.getElementById("list")!;
  const all: unknown[] = [];
  const times: number[] = [];
  const begin = performance.now();
  for (let u = 0; u < updates; u++) {
    const fresh = Array.from({ length: rows }, (_, i) => ({ type: "Div", namespace: "dash_html_components", props: { children: `row ${u * rows + i}` } }));
    all.push(...fresh);
    const expected = all.length;
    const shown = w.__bench.until(() => list.childElementCount === expected);
    const start = performance.now();
    const children = patch
      ? { __dash_patch_update: "__dash_patch_update", operations: [{ operation: "Extend", location: [], params: { value: fresh } }] }
      : all.slice();
    w.dash_clientside.set_props("list", { children });
    times.push((await shown) - start);
    if (performance.now() - begin > capMs) break;
  }
  return { times, capped: times.length < updates };
}

const total = (run: ListRun): number => run.times.reduce((a, b) => a + b, 0);
/** The slowest of the updates that took the list to at most `children` children. */
const slowestUpTo = (run: ListRun, children: number): number => Math.max(...run.times.slice(0, Math.floor(children / rows)));

async function main(): Promise<Row[]> {
  const browser = await launchChromium();
  const server = await startRendererServer(app);
  const runs: Record<Side, ListRun[]> = { ours: [], dash: [] };
  try {
    for (let rep = 0; rep < reps; rep++) {
      for (const side of ["ours", "dash"] as const) {
        // a dash run that was capped or took over a minute runs only once
        if (side === "dash" && runs.dash.some((r) => r.capped || total(r) > 60_000)) continue;
        const { page, errors, close } = await openReady(browser, server, side, "list");
        try {
          const run = await page.evaluate(grow, { updates, rows, patch: side === "ours", capMs });
          runs[side].push(run);
          process.stderr.write(
            `  list ${side} run ${rep + 1}: ${run.times.length * rows} children in ${run.times.length} updates, total ${fmt(total(run))} ms, slowest ${fmt(Math.max(...run.times))} ms${run.capped ? " (capped)" : ""}\n`,
          );
        } finally {
          if (errors.length) process.stderr.write(`  ${side} page errors: ${errors.join(" | ")}\n`);
          await close();
        }
      }
    }
    const target = updates * rows;
    const oursTotal = summarize(runs.ours.map(total));
    const oursSlowest = summarize(runs.ours.map((r) => Math.max(...r.times)));
    const oursP50 = summarize(runs.ours.map((r) => summarize(r.times).p50));
    const dashCapped = runs.dash.find((r) => r.capped);
    const dashTotal = summarize(runs.dash.map(total));
    const dashSlowest = summarize(runs.dash.map((r) => Math.max(...r.times)));
    // compare the slowest update at the same list size: what dash-renderer reached, at most 2,500
    const common = Math.min(2500, target, ...runs.dash.map((r) => r.times.length * rows));
    const oursCommon = summarize(runs.ours.map((r) => slowestUpTo(r, common)));
    const dashCommon = summarize(runs.dash.map((r) => slowestUpTo(r, common)));
    const result: Row[] = [
      {
        bench: "R4 list growth",
        measure: `total, ${updates} updates of ${rows} → ${fmt(target)} children`,
        unit: "ms",
        ours: oursTotal.median,
        baseline: dashCapped ? `> ${fmt(total(dashCapped))}` : dashTotal.median,
        ratio: dashCapped ? undefined : ratio(oursTotal.median, dashTotal.median),
        note: `ours ${spread(oursTotal)}; ${
          dashCapped
            ? `dash stopped after ${fmt(capMs / 1000)} s at ${fmt(dashCapped.times.length * rows)} children (${dashCapped.times.length} updates), run once`
            : `dash ${spread(dashTotal)}`
        }`,
      },
      {
        bench: "R4 list growth",
        measure: `slowest update, whole run`,
        unit: "ms",
        ours: oursSlowest.median,
        baseline: dashSlowest.median,
        note: `ours ${spread(oursSlowest)}, per-update p50 ${fmt(oursP50.median)} ms; target < 10 ms up to ${fmt(target)} children${dashCapped ? `; dash's run ended at ${fmt(dashCapped.times.length * rows)}` : ""}`,
      },
      {
        bench: "R4 list growth",
        measure: `slowest update up to ${fmt(common)} children`,
        unit: "ms",
        ours: oursCommon.median,
        baseline: dashCommon.median,
        ratio: ratio(oursCommon.median, dashCommon.median),
        note: "same list size for both renderers",
      },
    ];
    return result;
  } finally {
    await server.close();
    await browser.close();
  }
}

ensureBuilt();
report(await main(), args.json);
