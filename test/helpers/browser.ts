/**
 * Browser test helpers: Debian's Chromium driven by playwright-core, against a real dash-events
 * server on a free port. One browser per test file (`sharedBrowser`), one page per test.
 */
import { chromium, type Browser, type Page } from "playwright-core";
import type { App } from "../../lib/app.js";
import { startApp, type StartedApp } from "./server.js";

/** Headless, no sandbox (tests run in containers), nothing that talks to the network. */
export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

interface Teardown {
  teardown(fn: () => unknown): void;
}

let browser: Promise<Browser> | null = null;

/** The Chromium of this test file, launched on first use and closed when the file's tests end. */
export function sharedBrowser(t: Teardown): Promise<Browser> {
  if (!browser) {
    const launched = chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
    browser = launched;
    t.teardown(async () => {
      browser = null;
      await (await launched).close();
    });
  }
  return browser;
}

/** A page showing a running app, and what the page said while the test ran. */
export interface OpenedApp {
  page: Page;
  url: string;
  /** The app's server, e.g. to cut its connections mid-stream. */
  server: StartedApp;
  /** Messages of `alert`/`confirm`/`prompt` dialogs (each dismissed): a hostile string that ran shows up here. */
  dialogs: string[];
  /** Uncaught exceptions in the page. */
  pageErrors: string[];
  /** Console messages as `"type: text"`. */
  consoleMessages: string[];
}

/**
 * Serve `app` on a free port, open it in a new page and wait until the renderer has drawn the
 * layout (`<html>` carries `data-dash-events-ready`). Server and page close at teardown.
 *
 * @example
 * ```ts
 * const { page } = await openApp(t, new App({ layout: html.Div("hi", { id: "x" }) }));
 * t.equal(await page.textContent("#x"), "hi");
 * ```
 */
export async function openApp(
  t: Teardown,
  app: App,
  options: { debug?: boolean; metrics?: boolean; beforeLoad?: (page: Page) => unknown } = {},
): Promise<OpenedApp> {
  const server = await startApp(app, { debug: options.debug, metrics: options.metrics });
  t.teardown(() => server.close());
  const page = await (await sharedBrowser(t)).newPage();
  t.teardown(() => page.close());
  const opened: OpenedApp = { page, url: server.url, server, dialogs: [], pageErrors: [], consoleMessages: [] };
  page.on("dialog", (dialog) => {
    opened.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  page.on("pageerror", (error) => opened.pageErrors.push(error.message));
  page.on("console", (message) => opened.consoleMessages.push(`${message.type()}: ${message.text()}`));
  // awaited: an init script it adds must be in place before the page loads
  await options.beforeLoad?.(page);
  await page.goto(server.url);
  await page.waitForSelector("html[data-dash-events-ready]");
  return opened;
}

/** Wait until the element's text is `text` (exactly). */
export async function waitForText(page: Page, selector: string, text: string): Promise<void> {
  await page.waitForFunction(
    ([sel, want]) => document.querySelector(sel)?.textContent === want,
    [selector, text] as const,
  );
}

/**
 * Start recording, in the page, the values an element's text goes through: each committed
 * text change of `selector` (its single text node) is kept, in order. Read them with
 * `textHistory`. Only commits count, so values that were merged away would be missing.
 */
export async function recordTextHistory(page: Page, selector: string): Promise<void> {
  await page.evaluate((sel) => {
    const element = document.querySelector(sel);
    if (!element) throw new Error(`no element ${sel}`);
    const history: string[] = [];
    (window as unknown as { __textHistory: Record<string, string[]> }).__textHistory ??= {};
    (window as unknown as { __textHistory: Record<string, string[]> }).__textHistory[sel] = history;
    new MutationObserver((records) => {
      // Each record's oldValue is the value a commit replaced: together with the final text
      // they are every value the element showed, in order.
      for (const record of records) {
        if (record.type === "characterData") history.push(record.oldValue ?? "");
        else if (record.type === "childList") history.push(`<childList>`);
      }
    }).observe(element, { subtree: true, characterData: true, characterDataOldValue: true, childList: true });
  }, selector);
}

/** The recorded values (see `recordTextHistory`) followed by the current text. */
export async function textHistory(page: Page, selector: string): Promise<string[]> {
  return page.evaluate((sel) => {
    const history = (window as unknown as { __textHistory: Record<string, string[]> }).__textHistory[sel];
    return [...history, document.querySelector(sel)?.textContent ?? ""];
  }, selector);
}

/**
 * Count MutationObserver callbacks below `selector`: one callback per task in which the DOM
 * changed, so a single render commit shows up as exactly one. Read with `mutationBatches`.
 */
export async function countMutationBatches(page: Page, selector: string): Promise<void> {
  await page.evaluate((sel) => {
    const element = document.querySelector(sel);
    if (!element) throw new Error(`no element ${sel}`);
    const batches: number[] = [];
    (window as unknown as { __mutationBatches: number[] }).__mutationBatches = batches;
    new MutationObserver((records) => batches.push(records.length)).observe(element, {
      subtree: true,
      characterData: true,
      childList: true,
      attributes: true,
    });
  }, selector);
}

/** The number of records of each MutationObserver callback since `countMutationBatches`. */
export async function mutationBatches(page: Page): Promise<number[]> {
  return page.evaluate(() => (window as unknown as { __mutationBatches: number[] }).__mutationBatches);
}
