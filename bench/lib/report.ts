/**
 * Result rows shared by every bench: each script prints its own rows as a table, and with
 * `--json FILE` also writes them so that bench/run.ts can print one table for all.
 */
import { writeFileSync } from "node:fs";
import { fmt } from "./stats.js";

/** One printed figure: ours, optionally next to a baseline measured in the same run. */
export interface Row {
  bench: string;
  measure: string;
  unit: string;
  ours: number | string;
  baseline?: number | string;
  /** ours / baseline; printed with an x. */
  ratio?: number;
  note?: string;
}

function cell(value: number | string | undefined): string {
  if (value === undefined) return "";
  return typeof value === "number" ? fmt(value) : value;
}

/** Render rows as an aligned text table. */
export function formatTable(rows: readonly Row[]): string {
  const header = ["bench", "measure", "ours", "baseline", "ratio", "unit", "note"];
  const lines = rows.map((r) => [
    r.bench,
    r.measure,
    cell(r.ours),
    cell(r.baseline),
    r.ratio === undefined || !Number.isFinite(r.ratio) ? "" : `${fmt(r.ratio)}x`,
    r.unit,
    r.note ?? "",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i].length)));
  const render = (cols: string[]): string =>
    cols
      .map((c, i) => (i >= 2 && i <= 4 ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join("  ")
      .trimEnd();
  return [render(header), render(widths.map((w) => "-".repeat(w))), ...lines.map(render)].join("\n");
}

/** Print the rows; write them as JSON when the script was given `--json FILE`. */
export function report(rows: readonly Row[], jsonFile: string | undefined): void {
  console.log(`\n${formatTable(rows)}\n`);
  if (jsonFile) writeFileSync(jsonFile, JSON.stringify(rows));
}

/** ours / baseline, or undefined when either is missing. */
export function ratio(ours: number | undefined, baseline: number | undefined): number | undefined {
  if (ours === undefined || baseline === undefined || !Number.isFinite(ours) || !Number.isFinite(baseline) || baseline === 0) return undefined;
  return ours / baseline;
}
