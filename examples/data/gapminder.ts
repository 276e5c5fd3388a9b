// The gapminder table (life expectancy, fertility and population of 63 countries, 1955–2005),
// as shipped by the npm package `vega-datasets`: real data, read from disk, no network.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { sleep } from "dash-events";

/** One row of gapminder.json. */
export type GapminderRow = {
  year: number;
  country: string;
  cluster: number;
  pop: number;
  life_expect: number;
  fertility: number;
};

/** The columns in the order the grid shows them. */
export const GAPMINDER_COLUMNS: readonly (keyof GapminderRow)[] = ["country", "year", "cluster", "pop", "life_expect", "fertility"];

let cached: Promise<GapminderRow[]> | undefined;

/**
 * All rows of gapminder.json (682 rows), read once per process.
 * The package only exports its JS entry, so the data folder is found next to it.
 */
export function gapminder(): Promise<GapminderRow[]> {
  cached ??= (async () => {
    const entry = createRequire(import.meta.url).resolve("vega-datasets");
    const file = join(dirname(entry), "..", "data", "gapminder.json");
    return JSON.parse(await readFile(file, "utf8")) as GapminderRow[];
  })();
  return cached;
}

/**
 * The seed's `get_data`: the table in chunks of `chunkSize` rows, waiting `delayMs` before each
 * chunk as a slow source would. The wait rejects as soon as `signal` aborts (the stream ended).
 */
export async function* gapminderChunks(
  chunkSize: number,
  signal: AbortSignal,
  delayMs = 2000,
): AsyncGenerator<{ rows: GapminderRow[]; columns: readonly string[] }> {
  const rows = await gapminder();
  for (let start = 0; start < rows.length; start += chunkSize) {
    await sleep(delayMs, signal);
    yield { rows: rows.slice(start, start + chunkSize), columns: GAPMINDER_COLUMNS };
  }
}
