/**
 * Shared by the examples' browser tests: serve one example through the real CLI, as a user
 * would (`dash-events serve examples/x.ts`), and open it in Chromium.
 */
import type { Page } from "playwright-core";
import { sharedBrowser } from "./helpers/browser.js";
import { runCli, type CliRun } from "./helpers/cli.js";

interface Teardown {
  teardown(fn: () => unknown): void;
}

/** A served example and a page showing it. */
export interface OpenedExample {
  page: Page;
  url: string;
  run: CliRun;
  /** Uncaught exceptions in the page. */
  pageErrors: string[];
  /** Console errors of the page, except failed resource loads (the browser asks for /favicon.ico). */
  consoleErrors: string[];
}

/**
 * Serve `examples/<name>.ts` on a free port and open it (1280×900, as the screenshots are taken).
 * The page and the server close at teardown.
 */
export async function openExample(t: Teardown, name: string, hash = ""): Promise<OpenedExample> {
  const run = runCli(t, ["serve", `examples/${name}.ts`, "--port", "0"]);
  const url = await run.url;
  const page = await (await sharedBrowser(t)).newPage({ viewport: { width: 1280, height: 900 } });
  t.teardown(() => page.close());
  const opened: OpenedExample = { page, url, run, pageErrors: [], consoleErrors: [] };
  page.on("pageerror", (error) => opened.pageErrors.push(error.message));
  page.on("console", (message) => {
    if (message.type() === "error" && !message.text().startsWith("Failed to load resource")) {
      opened.consoleErrors.push(message.text());
    }
  });
  await page.goto(url + hash);
  await page.waitForSelector("html[data-dash-events-ready]");
  return opened;
}

/** The visible text of the first element matching `selector` ("" if there is none). */
export function textOf(page: Page, selector: string): Promise<string> {
  return page.evaluate((sel) => document.querySelector<HTMLElement>(sel)?.innerText ?? "", selector);
}

/** Wait until the visible text of `selector` matches `pattern`; returns that text. */
export async function waitForTextMatch(page: Page, selector: string, pattern: RegExp): Promise<string> {
  const handle = await page.waitForFunction(
    ([sel, source, flags]) => {
      const text = document.querySelector<HTMLElement>(sel)?.innerText ?? "";
      // wrapped: an empty text that matches must still end the wait ("" is falsy)
      return new RegExp(source, flags).test(text) ? { text } : false;
    },
    [selector, pattern.source, pattern.flags] as const,
  );
  return ((await handle.jsonValue()) as { text: string }).text;
}

/** The titles of the Mantine notifications on screen. */
export function notificationTitles(page: Page): Promise<string[]> {
  return page.evaluate(() => Array.from(document.querySelectorAll(".mantine-Notification-title")).map((e) => e.textContent ?? ""));
}

/** Wait until a Mantine notification with this title is shown. */
export async function waitForNotification(page: Page, title: string): Promise<void> {
  await page.waitForFunction(
    (want) => Array.from(document.querySelectorAll(".mantine-Notification-title")).some((e) => e.textContent === want),
    title,
  );
}

/** The number of rows an AG Grid with pagination says it holds ("1 to 100 of 682" → 682). */
export async function gridRowCount(page: Page, gridId: string): Promise<number> {
  const summary = await textOf(page, `#${gridId} .ag-paging-row-summary-panel`);
  const match = /of\s+([\d,]+)/.exec(summary);
  return match ? Number(match[1].replace(/,/g, "")) : Number.NaN;
}

/** Wait until the grid holds exactly `count` rows. */
export async function waitForGridRows(page: Page, gridId: string, count: number): Promise<void> {
  await page.waitForFunction(
    ([id, want]) => {
      const summary = document.querySelector(`#${id} .ag-paging-row-summary-panel`)?.textContent ?? "";
      const match = /of\s+([\d,]+)/.exec(summary);
      return match !== null && Number(match[1].replace(/,/g, "")) === want;
    },
    [gridId, count] as const,
  );
}
