/**
 * Chromium for the renderer benches (Debian's, via playwright-core, with the flags of the
 * project's browser tests), and the in-page probes the benches time with. Every run gets a
 * fresh browser context, so no run profits from another's cache.
 */
import { chromium, type Browser, type Page } from "playwright-core";
import { CHROMIUM_ARGS } from "../../test/helpers/browser.js";


export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
}

/**
 * Installed in every page before its scripts run. `__bench.until(check)` resolves with
 * `performance.now()` (ms since navigation start) of the first DOM mutation after which
 * `check()` holds; MutationObserver callbacks run right after the mutating task, so the time is
 * that of the DOM write, not of a later poll. `__bench.painted()` resolves after the next frame
 * has been painted: a message posted from a requestAnimationFrame callback runs after that
 * frame's paint.
 */
const PROBES = `
// tsx keeps function names with an __name() helper; functions handed to page.evaluate need it here
window.__name = window.__name || ((fn) => fn);
window.__bench = {
  until(check) {
    return new Promise((resolve) => {
      if (check()) return resolve(performance.now());
      const observer = new MutationObserver(() => {
        if (check()) { observer.disconnect(); resolve(performance.now()); }
      });
      observer.observe(document, { childList: true, subtree: true, characterData: true, attributes: true });
    });
  },
  painted() {
    return new Promise((resolve) => requestAnimationFrame(() => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => resolve(performance.now());
      channel.port2.postMessage(null);
    }));
  },
};
`;

export interface BenchPage {
  page: Page;
  errors: string[];
  close: () => Promise<void>;
}

/**
 * A new context and page with the probes installed (not navigated yet). With `watchId`, the
 * page starts watching at document start for that element: `__bench.appeared` resolves with the
 * time it entered the DOM.
 */
export async function newBenchPage(browser: Browser, watchId?: string): Promise<BenchPage> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(PROBES);
  if (watchId !== undefined) {
    await page.addInitScript((id: string) => {
      const bench = (window as unknown as { __bench: { until(check: () => boolean): Promise<number>; appeared?: Promise<number> } }).__bench;
      bench.appeared = bench.until(() => document.getElementById(id) !== null);
    }, watchId);
  }
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  page.on("console", (message) => {
    // a missing favicon is not the page's fault
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) errors.push(message.text());
  });
  return { page, errors, close: () => context.close() };
}

export type Side = "ours" | "dash";
