#!/usr/bin/env node
// Builds the `dash_ag_grid` suite: components/dash-ag-grid/index.ts → dist/components/dash-ag-grid/
// dash_ag_grid.js (+ .map, + dash_ag_grid.css), an IIFE that sets window.dash_ag_grid. React is the page's own
// (window.React / window.ReactDOM, as for every Dash suite): bundling a second copy would break
// hooks. AG Grid's legacy CSS themes are copied to legacy/ for apps that set theme "legacy";
// the default theme objects inject their CSS from JS, so the suite needs no stylesheet.
//
//   node components/dash-ag-grid/build.mjs [--force]
//   import { buildDashAgGrid } from "./components/dash-ag-grid/build.mjs"; await buildDashAgGrid();
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { newestMtime } from "../../scripts/newest-mtime.js";
import { reactFromPage } from "../react-from-page.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "../..");
const require = createRequire(import.meta.url);

const outDir = join(root, "dist/components/dash-ag-grid");
const bundlePath = join(outDir, "dash_ag_grid.js");

const LEGACY_CSS = ["ag-grid", "ag-theme-alpine", "ag-theme-balham", "ag-theme-material", "ag-theme-quartz"];

/** The folder of an installed package (its package.json is not in its `exports`). */
function packageDir(name) {
  let dir = dirname(require.resolve(name));
  while (!existsSync(join(dir, "package.json")) || !dir.endsWith(name)) dir = dirname(dir);
  return dir;
}

/** Builds the suite unless its output is newer than its sources and AG Grid's package. */
export async function buildDashAgGrid({ force = false } = {}) {
  const agGridDir = packageDir("ag-grid-community");
  const sourcesTime = Math.max(newestMtime(here), newestMtime(join(agGridDir, "package.json")), newestMtime(join(packageDir("ag-grid-react"), "package.json")));
  if (!force && newestMtime(bundlePath) > sourcesTime) return;

  const esbuild = await import("esbuild");
  await esbuild.build({
    entryPoints: [join(here, "index.ts")],
    outfile: bundlePath,
    bundle: true,
    minify: true,
    sourcemap: true,
    format: "iife",
    target: ["es2020"],
    jsx: "transform",
    define: { "process.env.NODE_ENV": '"production"' },
    plugins: [reactFromPage],
    legalComments: "linked",
    logLevel: "warning",
  });

  // The page links the suite's stylesheet like any suite's; the grid's own styles come from
  // its theme objects at run time, so this file only says so.
  writeFileSync(join(outDir, "dash_ag_grid.css"), "/* dash_ag_grid: AG Grid themes inject their CSS from dash_ag_grid.js; legacy/ has the CSS themes for theme \"legacy\". */\n");

  const stylesDir = join(agGridDir, "styles");
  mkdirSync(join(outDir, "legacy"), { recursive: true });
  for (const name of LEGACY_CSS) copyFileSync(join(stylesDir, `${name}.min.css`), join(outDir, "legacy", `${name}.css`));
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildDashAgGrid({ force: process.argv.includes("--force") });
}
