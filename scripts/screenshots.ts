// Makes docs/screenshots/<example>.png from the real pages: serves each example with the CLI,
// drives it in Chromium as a user would until it shows what it is about, and takes a screenshot.
//   npx tsx scripts/screenshots.ts            # all
//   npx tsx scripts/screenshots.ts cicd tokens # some
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Page } from "playwright-core";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const OUT = join(ROOT, "docs/screenshots");

/** Wait until the text of `selector` matches `pattern`. */
async function waitForText(page: Page, selector: string, pattern: RegExp): Promise<void> {
  await page.waitForFunction(
    ([sel, source]) => new RegExp(source).test(document.querySelector<HTMLElement>(sel)?.innerText ?? ""),
    [selector, pattern.source] as const,
    { timeout: 60_000 },
  );
}

/** What to do on each example's page before the screenshot. */
const SCENES: Record<string, (page: Page) => Promise<void>> = {
  gallery: async (page) => {
    await page.click("#table-start");
    await waitForText(page, "#table-status", /^Done: 682 rows$/);
    await page.waitForTimeout(800); // the button's loader fades out, the notification slides in
  },
  "stream-table": async (page) => {
    await page.click("#table-start");
    await waitForText(page, "#table-status", /^500 of 682 rows$/);
    await page.waitForTimeout(600); // the notification slides in
  },
  "stream-sql": async (page) => {
    await page.click("text=population");
    await page.click("#sql-start");
    await waitForText(page, "#sql-status", /^Partition 4: /);
  },
  cicd: async (page) => {
    await page.click("#cicd-run");
    await page.waitForFunction(
      () => document.querySelectorAll("#cicd-stepper .mantine-Stepper-stepDescription")[3]?.textContent === "running…",
      undefined,
      { timeout: 60_000 },
    );
    await page.waitForTimeout(500);
  },
  ticker: async (page) => {
    await page.waitForSelector("#ticker-graph .js-plotly-plot");
    await page.getByText("Live", { exact: true }).click();
    await waitForText(page, "#ticker-status", /^tick (1[5-9]\d|[2-9]\d\d)/);
  },
  tokens: async (page) => {
    await page.click("#tokens-start");
    await waitForText(page, "#tokens-stats", /^1[0-4]\d tokens$/);
  },
};

/** Serve `examples/<name>.ts` on a free port; resolves with its URL and the process. */
async function serve(name: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, [join(ROOT, "bin/dash-events.js"), "serve", `examples/${name}.ts`, "--port", "0"], {
    cwd: ROOT,
    stdio: ["ignore", "pipe", "inherit"],
  });
  const url = await new Promise<string>((resolve, reject) => {
    let out = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      out += chunk;
      const found = /http:\/\/\S+/.exec(out);
      if (found) resolve(found[0]);
    });
    child.on("exit", (code) => reject(new Error(`serving examples/${name}.ts failed (exit ${code})`)));
  });
  return { url, child };
}

const wanted = process.argv.slice(2);
const names = wanted.length > 0 ? wanted : Object.keys(SCENES);
for (const name of names) if (!SCENES[name]) throw new Error(`no scene for "${name}"; known: ${Object.keys(SCENES).join(", ")}`);

mkdirSync(OUT, { recursive: true });
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
try {
  for (const name of names) {
    const { url, child } = await serve(name);
    try {
      const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
      await page.goto(url);
      await page.waitForSelector("html[data-dash-events-ready]");
      await SCENES[name](page);
      const file = join(OUT, `${name}.png`);
      await page.screenshot({ path: file });
      await page.close();
      console.log(`wrote ${file}`);
    } finally {
      child.kill("SIGINT");
    }
  }
} finally {
  await browser.close();
}
