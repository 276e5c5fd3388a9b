/**
 * `npm run bench`: run every bench, one after the other, each in its own process (so no bench
 * measures memory or timers left over by another), then print all their rows as one table.
 * Flags are passed on to every bench (e.g. `npm run bench -- --quick`); `--only a,b` runs the
 * benches whose file names contain one of the words.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { ensureBuilt } from "./lib/build.js";
import { ROOT } from "./lib/child.js";
import { formatTable, type Row } from "./lib/report.js";

const BENCHES = [
  "server-throughput.ts",
  "server-many-streams.ts",
  "server-fan-in.ts",
  "server-slow-client.ts",
  "renderer-initial.ts",
  "renderer-batch.ts",
  "renderer-sequential.ts",
  "renderer-list.ts",
  "renderer-bundle.ts",
];

const passed = process.argv.slice(2);
const onlyAt = passed.indexOf("--only");
const only = onlyAt >= 0 ? passed.splice(onlyAt, 2)[1].split(",") : undefined;
const selected = BENCHES.filter((file) => !only || only.some((word) => file.includes(word)));

function chromiumVersion(): string {
  const result = spawnSync("/usr/bin/chromium", ["--version"], { encoding: "utf8" });
  return result.status === 0 ? result.stdout.trim() : "chromium version unknown";
}

ensureBuilt(); // once here, so that no bench's time includes a build
const dir = mkdtempSync(join(tmpdir(), "dash-events-bench-"));
const rows: Row[] = [];
const failed: string[] = [];
const started = Date.now();
for (const file of selected) {
  const json = join(dir, `${file}.json`);
  process.stderr.write(`\n== ${file}\n`);
  const t0 = Date.now();
  const result = spawnSync(process.execPath, ["--import", "tsx", join("bench", file), ...passed, "--json", json], { cwd: ROOT, stdio: "inherit" });
  process.stderr.write(`== ${file}: ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
  if (result.status === 0) rows.push(...(JSON.parse(readFileSync(json, "utf8")) as Row[]));
  else {
    failed.push(file);
    rows.push({ bench: file, measure: "FAILED to run", unit: "", ours: "", note: `exit ${String(result.status ?? result.signal)}` });
  }
}
rmSync(dir, { recursive: true, force: true });

const cpu = cpus();
console.log(`\ndash-events benchmarks — ${new Date().toISOString()}`);
console.log(
  `machine: ${cpu.length} cores (${cpu[0]?.model ?? "?"}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB; node ${process.version}; ${chromiumVersion()}; total ${((Date.now() - started) / 1000).toFixed(0)} s`,
);
console.log("ratio = ours / baseline (baseline measured in the same run): below 1x is faster or smaller for time, latency and bytes; above 1x is better for frames/s and MB/s.");
console.log(`\n${formatTable(rows)}\n`);
process.exit(failed.length ? 1 : 0);
