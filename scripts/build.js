#!/usr/bin/env node
// Builds what a fresh clone needs to run: the Node side (tsc → dist/lib, dist/bin, with .d.ts
// for users' editors) and the browser renderer (esbuild → dist/renderer). Skips both when the
// outputs are newer than every source, so `npm test`, `npm install` and the CLI can call it freely.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { newestMtime } from "./newest-mtime.js";
import { rendererBundleOptions } from "./renderer-bundle-options.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);


function stale(output, sources) {
  const built = newestMtime(output);
  return built === 0 || sources.some((s) => newestMtime(join(root, s)) > built);
}

/** Written after tsc succeeds: tsc emits even when types are wrong, so dist/lib alone proves nothing. */
const nodeStamp = join(root, "dist/.node-build-ok");
const rendererOut = join(root, "dist/renderer/dash-events-renderer.js");
const lockFile = join(root, "dist/.build-lock");
const force = process.argv.includes("--force");

/** Sleeps the thread; this script has nothing else to do while another build runs. */
function pause(ms) {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Whether the build that wrote the lock file is gone (killed before it could remove the lock). */
function lockAbandoned() {
  const pid = Number(readFileSync(lockFile, "utf8"));
  if (!Number.isInteger(pid) || pid <= 0) return true;
  try {
    process.kill(pid, 0);
    return false;
  } catch (err) {
    return err.code === "ESRCH";
  }
}

/**
 * One build at a time: the CLI, `npm test` and test files may start this script together, and two
 * tsc runs writing the same files would let a reader import a half-written module. A waiter
 * re-checks staleness once it holds the lock, so it usually finds nothing left to do.
 */
function acquireLock() {
  mkdirSync(dirname(lockFile), { recursive: true });
  for (;;) {
    try {
      writeFileSync(lockFile, String(process.pid), { flag: "wx" });
      return;
    } catch (err) {
      if (err.code !== "EEXIST") throw err;
    }
    try {
      if (lockAbandoned()) rmSync(lockFile, { force: true });
      else pause(100);
    } catch (err) {
      // The lock went away between our attempts: try again at once.
      if (err.code !== "ENOENT") throw err;
    }
  }
}

acquireLock();
process.on("exit", () => rmSync(lockFile, { force: true }));

if (force || stale(nodeStamp, ["lib", "bin", "tsconfig.json", "package.json"])) {
  rmSync(nodeStamp, { force: true });
  const tsc = require.resolve("typescript/bin/tsc");
  const run = spawnSync(process.execPath, [tsc, "-p", join(root, "tsconfig.json")], { stdio: "inherit" });
  if (run.status !== 0) {
    console.error("build: the Node side (tsc -p tsconfig.json) failed with the errors above; the renderer was not built.");
    process.exit(run.status ?? 1);
  }
  writeFileSync(nodeStamp, "");
}

if (existsSync(join(root, "renderer/index.tsx")) && (force || stale(rendererOut, ["renderer", "lib/protocol", "scripts/renderer-bundle-options.js"]))) {
  const esbuild = await import("esbuild");
  // esbuild prints its errors itself (logLevel), so a failure needs no stack trace on top.
  await esbuild.build(rendererBundleOptions(root, dirname(rendererOut))).catch(() => {
    console.error("build: the renderer bundles (esbuild renderer/index.tsx, renderer/stream/downlink-worker.ts, renderer/mcp-view/view-bridge.ts) failed with the errors above.");
    process.exit(1);
  });
}

// The dash_ag_grid suite is ours (dash-ag-grid is not on npm); it skips itself when up to date.
await (await import("../components/dash-ag-grid/build.mjs")).buildDashAgGrid({ force });
// So is the dash_iconify suite (its Python package's bundle would load icons from the Iconify API).
await (await import("../components/dash-iconify/build.mjs")).buildDashIconify({ force });
