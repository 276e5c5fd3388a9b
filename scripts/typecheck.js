#!/usr/bin/env node
// `npm run typecheck` (and `npm test`, through pretest): type-check, under strict, every
// TypeScript project the build does not already check (the build's tsc covers tsconfig.json:
// lib/ and bin/). Runs them one after another, all of them even when one fails, and names each
// that failed. Incremental: tsc keeps what it learnt in dist/.typecheck/, so a run after a small
// change re-checks little. Needs the build first (examples and bench import dist/ through the
// package's own name).
import { spawnSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");

/** Each project: its tsconfig and what it covers. */
const PROJECTS = [
  { config: "tsconfig.test.json", covers: "lib, bin, test, examples, scripts" },
  { config: "renderer/tsconfig.json", covers: "the browser renderer" },
  { config: "components/dash-ag-grid/tsconfig.json", covers: "the AgGrid suite" },
  { config: "components/dash-iconify/tsconfig.json", covers: "the DashIconify suite" },
  { config: "bench/tsconfig.json", covers: "the benchmarks" },
];

const cache = join(root, "dist/.typecheck");
mkdirSync(cache, { recursive: true });
const failed = [];
const started = Date.now();
for (const { config, covers } of PROJECTS) {
  const t0 = Date.now();
  const buildInfo = join(cache, config.replace(/[/\\]/g, "_").replace(/\.json$/, ".tsbuildinfo"));
  const run = spawnSync(process.execPath, [tsc, "-p", join(root, config), "--noEmit", "--incremental", "--tsBuildInfoFile", buildInfo, "--pretty"], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
    encoding: "utf8",
  });
  const seconds = ((Date.now() - t0) / 1000).toFixed(1);
  if (run.status === 0) {
    console.log(`typecheck: ${config} (${covers}) ok in ${seconds}s`);
  } else {
    failed.push(config);
    process.stdout.write(run.stdout);
    process.stderr.write(run.stderr);
    console.log(`typecheck: ${config} (${covers}) FAILED in ${seconds}s`);
  }
}
const total = ((Date.now() - started) / 1000).toFixed(1);
if (failed.length > 0) {
  console.error(`typecheck failed in ${failed.join(", ")} (${total}s): fix the errors above, or run \`npx tsc -p <project>\` to see one project's.`);
  process.exit(1);
}
console.log(`typecheck: all ${PROJECTS.length} projects ok in ${total}s`);
