#!/usr/bin/env node
// Builds what a fresh clone needs to run: the Node side (tsc → dist/lib, dist/bin, with .d.ts
// for users' editors) and the browser renderer (esbuild → dist/renderer). Skips both when the
// outputs are newer than every source, so `npm test`, `npm install` and the CLI can call it freely.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(import.meta.url);

/** Newest mtime (ms) of the files below `dir`, 0 if none. */
function newest(dir) {
  if (!existsSync(dir)) return 0;
  let max = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) max = Math.max(max, newest(path));
    else max = Math.max(max, statSync(path).mtimeMs);
  }
  return max;
}

function mtime(path) {
  return existsSync(path) ? statSync(path).mtimeMs : 0;
}

function stale(output, sources) {
  const built = mtime(output);
  return built === 0 || sources.some((s) => newest(join(root, s)) > built || mtime(join(root, s)) > built);
}

const nodeStamp = join(root, "dist/lib/index.js");
const rendererOut = join(root, "dist/renderer/dash-events-renderer.js");
const force = process.argv.includes("--force");

if (force || stale(nodeStamp, ["lib", "bin", "tsconfig.json", "package.json"])) {
  const tsc = require.resolve("typescript/bin/tsc");
  const run = spawnSync(process.execPath, [tsc, "-p", join(root, "tsconfig.json")], { stdio: "inherit" });
  if (run.status !== 0) process.exit(run.status ?? 1);
}

if (existsSync(join(root, "renderer/index.tsx")) && (force || stale(rendererOut, ["renderer", "lib/protocol"]))) {
  const esbuild = await import("esbuild");
  await esbuild.build({
    entryPoints: [join(root, "renderer/index.tsx")],
    outfile: rendererOut,
    bundle: true,
    minify: true,
    sourcemap: true,
    format: "iife",
    target: ["es2020"],
    jsx: "automatic",
    define: { "process.env.NODE_ENV": '"production"' },
    legalComments: "linked",
    logLevel: "warning",
  });
}
