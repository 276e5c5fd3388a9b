/**
 * Run ours and dash-renderer alternately (A B B A A B …: each side goes first in every other
 * round, as a round's first run can be slower) and summarize each side. A side whose first run
 * took over a minute runs only once (said in the note). Each run starts `settleMs` after the
 * last one ended: a closed page's renderer process is still being torn down (after a
 * dash-renderer run, for a good part of a core), and the next run must not share the cores with it.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { Side } from "./browser.js";
import { fmt, summarize, type Summary } from "./stats.js";

/** How long a run waits after the last one ended (see above): R6 and R1-R3 use it. */
export const SETTLE_MS = 300;

/** Wait until the last page's teardown is over, before the next measured run. */
export function settle(ms = SETTLE_MS): Promise<void> {
  return sleep(ms);
}

export interface Alternated {
  ours: Summary;
  dash: Summary;
  /** Extra words for the printed note (e.g. "dash run once: 175 s"). */
  note: string;
}

/** `run(side, rep)` returns one measurement in ms, or null when it did not finish (capped). */
export async function alternate(
  reps: number,
  run: (side: Side, rep: number) => Promise<number | null>,
  options: { label: string; longMs?: number; settleMs?: number } = { label: "" },
): Promise<Alternated & { capped: Side[] }> {
  const values: Record<Side, number[]> = { ours: [], dash: [] };
  const once = new Set<Side>();
  const capped: Side[] = [];
  const longMs = options.longMs ?? 60_000;
  for (let rep = 0; rep < reps; rep++) {
    for (const side of rep % 2 === 0 ? (["ours", "dash"] as const) : (["dash", "ours"] as const)) {
      if (once.has(side) || capped.includes(side)) continue;
      await settle(options.settleMs);
      const value = await run(side, rep);
      process.stderr.write(`  ${options.label} ${side} run ${rep + 1}: ${value === null ? "capped" : `${fmt(value)} ms`}\n`);
      if (value === null) {
        capped.push(side);
        continue;
      }
      values[side].push(value);
      if (rep === 0 && value > longMs) once.add(side);
    }
  }
  const note = [...once].map((side) => `${side} ran once (${fmt(values[side][0] / 1000)} s, over a minute)`).join("; ");
  return { ours: summarize(values.ours), dash: summarize(values.dash), note, capped };
}

/** "median (min–max, n)" for a note. */
export function spread(s: Summary): string {
  if (s.n === 0) return "no run finished";
  return s.n === 1 ? `1 run` : `min ${fmt(s.min)}, max ${fmt(s.max)}, n=${s.n}`;
}
