/** Open a bench page and wait until its renderer has drawn the layout. */
import type { Browser } from "playwright-core";
import { newBenchPage, type BenchPage, type Side } from "./browser.js";
import type { RendererBenchServer } from "./renderer-server.js";

/**
 * Ours marks `<html>` with `data-dash-events-ready`; dash-renderer has no such mark, so for
 * it we wait for `lastId` in the DOM and then for its initial work to settle (two idle frames
 * and 200 ms).
 */
export async function openReady(browser: Browser, server: RendererBenchServer, side: Side, lastId: string): Promise<BenchPage> {
  const opened = await newBenchPage(browser);
  await opened.page.goto(side === "ours" ? server.oursUrl : server.dashUrl);
  if (side === "ours") await opened.page.waitForSelector("html[data-dash-events-ready]", { timeout: 120_000 });
  await opened.page.waitForSelector(`#${lastId}`, { state: "attached", timeout: 120_000 });
  await opened.page.evaluate(async () => {
    const bench = (window as unknown as { __bench: { painted(): Promise<number> } }).__bench;
    await bench.painted();
    await bench.painted();
  });
  await opened.page.waitForTimeout(200);
  return opened;
}

/** The page's `window.__bench` probes and `dash_clientside.set_props`, typed for page.evaluate. */
export interface BenchWindow {
  __bench: { until(check: () => boolean): Promise<number>; painted(): Promise<number> };
  dash_clientside: { set_props(id: string, props: Record<string, unknown>): void };
}
