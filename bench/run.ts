/**
 * `npm run bench`: run every bench, one after the other, each in its own process (so no bench
 * measures memory or timers left over by another), then print all their rows as one table.
 * Flags are passed on to every bench (e.g. `npm run bench -- --quick`); `--only a,b` runs the
 * benches whose file names contain one of the words.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ensureBuilt } from "./lib/build.js";
import { ROOT } from "./lib/child.js";
import { isBusy, loadNow, machineLine } from "./lib/machine.js";
import { formatTable, type Row } from "./lib/report.js";

const BENCHES = [
  "server-throughput.ts",
  "server-many-streams.ts",
  "server-fan-in.ts",
  "server-slow-client.ts",
  "server-icons.ts",
  "server-mcp.ts",
  "server-live.ts",
  "server-downlink.ts",
  "renderer-initial.ts",
  "renderer-batch.ts",
  "renderer-sequential.ts",
  "renderer-list.ts",
  "renderer-bundle.ts",
  "renderer-core.ts",
];

const passed = process.argv.slice(2);
const onlyAt = passed.indexOf("--only");
const only = onlyAt >= 0 ? passed.splice(onlyAt, 2)[1].split(",") : undefined;
const selected = BENCHES.filter((file) => !only || only.some((word) => file.includes(word)));

ensureBuilt(); // once here, so that no bench's time includes a build
const dir = mkdtempSync(join(tmpdir(), "dash-events-bench-"));
const rows: Row[] = [];
const failed: string[] = [];
const started = Date.now();
const firstLoad = loadNow();
for (const file of selected) {
  const json = join(dir, `${file}.json`);
  process.stderr.write(`\n== ${file}\n`);
  const t0 = Date.now();
  const loadBefore = loadNow();
  const result = spawnSync(process.execPath, ["--import", "tsx", join("bench", file), ...passed, "--json", json], { cwd: ROOT, stdio: "inherit" });
  const loadAfter = loadNow();
  process.stderr.write(`== ${file}: ${((Date.now() - t0) / 1000).toFixed(1)} s, load average ${loadBefore.toFixed(2)} -> ${loadAfter.toFixed(2)}\n`);
  // Each bench's rows say whether the machine was busy while it ran.
  const busy = isBusy(loadBefore, loadAfter) ? `busy (load ${loadBefore.toFixed(1)} -> ${loadAfter.toFixed(1)})` : undefined;
  if (result.status === 0) rows.push(...(JSON.parse(readFileSync(json, "utf8")) as Row[]).map((row) => (busy ? { ...row, note: row.note ? `${row.note}; ${busy}` : busy } : row)));
  else {
    failed.push(file);
    rows.push({ bench: file, measure: "FAILED to run", unit: "", ours: "", note: `exit ${String(result.status ?? result.signal)}` });
  }
}
rmSync(dir, { recursive: true, force: true });

console.log(`\ndash-events benchmarks, total ${((Date.now() - started) / 1000).toFixed(0)} s`);
console.log(`machine: ${machineLine(firstLoad, loadNow())}`);
console.log("ratio = ours / baseline (baseline measured in the same run): below 1x is faster or smaller for time, latency and bytes; above 1x is better for frames/s and MB/s.");
console.log(`\n${formatTable(rows)}\n`);
process.exit(failed.length ? 1 : 0);
