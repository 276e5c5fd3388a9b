#!/usr/bin/env node
// Builds the `dash_iconify` suite: components/dash-iconify/index.ts → dist/components/dash-iconify/
// dash_iconify.js (+ .map), an IIFE that sets window.dash_iconify, with @iconify/react bundled in
// and React taken from the page. No icon data goes into the bundle: the page fetches the icons
// it shows from the server's icon route.
//
//   node components/dash-iconify/build.mjs [--force]
//   import { buildDashIconify } from "./components/dash-iconify/build.mjs"; await buildDashIconify();
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRequire } from "node:module";
import { newestMtime } from "../../scripts/newest-mtime.js";
import { reactFromPage } from "../react-from-page.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "../..");
const require = createRequire(import.meta.url);

const bundlePath = join(root, "dist/components/dash-iconify/dash_iconify.js");

/** Builds the suite unless its output is newer than its sources, the icon protocol and @iconify/react. */
export async function buildDashIconify({ force = false } = {}) {
  const iconifyReact = dirname(require.resolve("@iconify/react"));
  const sourcesTime = Math.max(newestMtime(here), newestMtime(join(root, "lib/protocol/icons.ts")), newestMtime(join(root, "components/react-from-page.mjs")), newestMtime(iconifyReact));
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
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  await buildDashIconify({ force: process.argv.includes("--force") });
}
