/**
 * Renderer bench 3 — 100 sequential updates to one component, each awaited until painted:
 * per-update latency of the DOM write (set_props call → the text is in the DOM) and of the
 * paint (→ the next frame after it has been painted), p50/p99 over all updates of all runs.
 * Both renderers get `dash_clientside.set_props`. Each run: a fresh page, 10 unmeasured
 * updates, then 100 measured ones; runs alternate ours, dash, dash, ours, ours … (bench/lib/alternate.ts)
 *
 *   node --import tsx bench/renderer-sequential.ts [--quick] [--updates 100] [--reps 5]
 */
import { App, html } from "../lib/index.js";
import { alternate, spread } from "./lib/alternate.js";
import { parseArgs } from "./lib/args.js";
import { ensureBuilt } from "./lib/build.js";
import { launchChromium, type Side } from "./lib/browser.js";
import { openReady, type BenchWindow } from "./lib/page-ready.js";
import { ratio, report, type Row } from "./lib/report.js";
import { startRendererServer } from "./lib/renderer-server.js";
import { summarize } from "./lib/stats.js";

const args = parseArgs();
const updates = args.number("updates", 100);
const reps = args.number("reps", args.quick ? 2 : 5);

const app = new App({ layout: html.Div([html.H1("sequential"), html.Div("start", { id: "target" })]) });

/** In the page: `n` awaited updates; [dom ms, paint ms] for each. */
async function sequential({ n, prefix }: { n: number; prefix: string }): Promise<Array<[number, number]>> {
  const w = window as unknown as BenchWindow;
  const target = document.getElementById("target")!;
  const times: Array<[number, number]> = [];
  for (let i = 0; i < n; i++) {
    const expected = `${prefix}${i}`;
    const shown = w.__bench.until(() => target.textContent === expected);
    const start = performance.now();
    w.dash_clientside.set_props("target", { children: expected });
    const dom = await shown;
    const painted = await w.__bench.painted();
    times.push([dom - start, painted - start]);
  }
  return times;
}

async function main(): Promise<Row[]> {
  const browser = await launchChromium();
  const server = await startRendererServer(app);
  const all: Record<Side, { dom: number[]; paint: number[] }> = { ours: { dom: [], paint: [] }, dash: { dom: [], paint: [] } };
  try {
    const result = await alternate(
      reps,
      async (side) => {
        const { page, errors, close } = await openReady(browser, server, side, "target");
        try {
          await page.evaluate(sequential, { n: 10, prefix: "warm" });
          const times = await page.evaluate(sequential, { n: updates, prefix: "u" });
          all[side].dom.push(...times.map((t) => t[0]));
          all[side].paint.push(...times.map((t) => t[1]));
          return summarize(times.map((t) => t[0])).p50;
        } finally {
          if (errors.length) process.stderr.write(`  ${side} page errors: ${errors.join(" | ")}\n`);
          await close();
        }
      },
      { label: "sequential" },
    );
    const s = (side: Side, kind: "dom" | "paint") => summarize(all[side][kind]);
    const [oDom, dDom, oPaint, dPaint] = [s("ours", "dom"), s("dash", "dom"), s("ours", "paint"), s("dash", "paint")];
    const row = (measure: string, ours: number, dash: number, note?: string): Row => ({
      bench: "R3 sequential",
      measure,
      unit: "ms",
      ours,
      baseline: dash,
      ratio: ratio(ours, dash),
      note,
    });
    return [
      row(`DOM write p50 (${updates} updates x ${result.ours.n} runs)`, oDom.p50, dDom.p50, `per-run p50: ours ${spread(result.ours)}; dash ${spread(result.dash)}; target < 1 ms`),
      row("DOM write p99", oDom.p99, dDom.p99),
      row("paint p50", oPaint.p50, dPaint.p50, "set_props → next frame painted (rAF + message)"),
      row("paint p99", oPaint.p99, dPaint.p99),
    ];
  } finally {
    await server.close();
    await browser.close();
  }
}

ensureBuilt();
report(await main(), args.json);
