/**
 * Renderer bench 5 — bundle weight: the bytes of everything each page loads to show an
 * html-only layout (the document, scripts, `/_dash-layout`, `/_dash-dependencies`), as served
 * (raw) and gzipped here with zlib level 6 (what a compressing proxy would send). The
 * source maps are not loaded by the page and are not counted. Sizes do not vary between runs,
 * so each page is loaded once.
 *
 *   node --import tsx bench/renderer-bundle.ts
 */
import { gzipSync } from "node:zlib";
import { App, html } from "../lib/index.js";
import { parseArgs } from "./lib/args.js";
import { ensureBuilt } from "./lib/build.js";
import { launchChromium, newBenchPage, type Side } from "./lib/browser.js";
import { ratio, report, type Row } from "./lib/report.js";
import { dashVersions, startRendererServer } from "./lib/renderer-server.js";
import { fmt } from "./lib/stats.js";

const args = parseArgs();
const app = new App({
  layout: html.Div([html.H1("Bundle weight"), html.P("An html-only layout."), html.Button("Go", { id: "go" }), html.Div("out", { id: "out" })]),
});

interface Loaded {
  files: Array<{ path: string; raw: number; gzip: number; script: boolean }>;
}

async function load(side: Side, server: Awaited<ReturnType<typeof startRendererServer>>, browser: Awaited<ReturnType<typeof launchChromium>>): Promise<Loaded> {
  const files: Loaded["files"] = [];
  const pending: Array<Promise<void>> = [];
  // a fresh context, watched from the first request: nothing comes from a cache (a reload
  // would revalidate our bundle, a 304 without a body)
  const { page, close } = await newBenchPage(browser);
  page.on("response", (response) => {
    if (response.status() !== 200) return;
    pending.push(
      response.body().then((body) => {
        const path = new URL(response.url()).pathname;
        files.push({ path, raw: body.length, gzip: gzipSync(body).length, script: response.request().resourceType() === "script" });
      }),
    );
  });
  try {
    await page.goto(side === "ours" ? server.oursUrl : server.dashUrl);
    if (side === "ours") await page.waitForSelector("html[data-dash-events-ready]");
    await page.waitForSelector("#out", { state: "attached" });
    await page.waitForTimeout(500);
    await Promise.all(pending);
  } catch (error) {
    throw new Error(`${side} page did not render: ${String(error)}`);
  } finally {
    await close();
  }
  return { files };
}

async function main(): Promise<Row[]> {
  const browser = await launchChromium();
  const server = await startRendererServer(app);
  try {
    const ours = await load("ours", server, browser);
    const dash = await load("dash", server, browser);
    const sum = (l: Loaded, key: "raw" | "gzip", scriptsOnly = false) => l.files.filter((f) => !scriptsOnly || f.script).reduce((n, f) => n + f[key], 0) / 1024;
    const list = (l: Loaded) => l.files.map((f) => `${f.path.split("/").pop() || "index"} ${fmt(f.raw / 1024)}`).join(", ");
    process.stderr.write(`  ours loads: ${list(ours)} (KiB)\n  dash loads: ${list(dash)} (KiB)\n`);
    const row = (measure: string, o: number, d: number, note?: string): Row => ({ bench: "R5 bundle weight", measure, unit: "KiB", ours: o, baseline: d, ratio: ratio(o, d), note });
    return [
      row("everything loaded, raw", sum(ours, "raw"), sum(dash, "raw"), `ours ${ours.files.length} files, dash ${dash.files.length} files`),
      row("everything loaded, gzip", sum(ours, "gzip"), sum(dash, "gzip"), "gzip level 6, computed here"),
      row("scripts only, gzip", sum(ours, "gzip", true), sum(dash, "gzip", true), dashVersions()),
    ];
  } finally {
    await server.close();
    await browser.close();
  }
}

ensureBuilt();
report(await main(), args.json);
