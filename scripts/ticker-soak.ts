// Soak test of examples/ticker.ts: serve it with the real CLI, switch Live on in Chromium, and let
// the endless stream run (10 minutes by default). Prints, once a minute and at the end, the server
// process's RSS and the page's JS heap (after a forced GC), with the ticks and graph points, so
// memory growth on either side shows. Not part of `npm test`:
//   npx tsx scripts/ticker-soak.ts              # 10 minutes
//   npx tsx scripts/ticker-soak.ts --minutes 2  # shorter
// Exits 1 if, from the first sample (taken after a 30 s warm-up) to the last, the server's RSS or
// the page's heap grew by more than 25 %.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Page } from "playwright-core";

const ROOT = fileURLToPath(new URL("..", import.meta.url));
const WARMUP_MS = 30_000;
const SAMPLE_MS = 60_000;
const MAX_GROWTH = 0.25;

const minutesAt = process.argv.indexOf("--minutes");
const minutes = minutesAt > 0 ? Number(process.argv[minutesAt + 1]) : 10;
if (!(minutes > 0)) throw new Error("--minutes takes a positive number");

interface Sample {
  elapsedS: number;
  ticks: number;
  points: number;
  serverRssMiB: number;
  pageHeapMiB: number;
}

/** Resident set size of a process, from /proc (Linux). */
function rssMiB(pid: number): number {
  const kib = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1]);
  return kib / 1024;
}

async function sample(page: Page, pid: number, started: number): Promise<Sample> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("HeapProfiler.collectGarbage");
  const { usedSize } = await cdp.send("Runtime.getHeapUsage");
  await cdp.detach();
  const { ticks, points } = await page.evaluate(() => {
    const status = document.querySelector("#ticker-status")?.textContent ?? "";
    const plot = document.querySelector<HTMLElement & { data?: Array<{ x: unknown[] }> }>("#ticker-graph .js-plotly-plot");
    return { ticks: Number(/^tick (\d+)/.exec(status)?.[1] ?? 0), points: plot?.data?.[0]?.x.length ?? 0 };
  });
  return { elapsedS: Math.round((Date.now() - started) / 1000), ticks, points, serverRssMiB: rssMiB(pid), pageHeapMiB: usedSize / 2 ** 20 };
}

function print(label: string, s: Sample): void {
  console.log(
    `${label.padEnd(6)} t=${String(s.elapsedS).padStart(4)}s  ticks=${String(s.ticks).padStart(5)}  points/trace=${s.points}  ` +
      `server RSS=${s.serverRssMiB.toFixed(1)} MiB  page JS heap=${s.pageHeapMiB.toFixed(1)} MiB`,
  );
}

const server = spawn(process.execPath, [join(ROOT, "bin/dash-events.js"), "serve", "examples/ticker.ts", "--port", "0"], {
  cwd: ROOT,
  stdio: ["ignore", "pipe", "inherit"],
});
const url = await new Promise<string>((resolve, reject) => {
  let out = "";
  server.stdout.setEncoding("utf8");
  server.stdout.on("data", (chunk: string) => {
    out += chunk;
    const found = /http:\/\/\S+/.exec(out);
    if (found) resolve(found[0]);
  });
  server.on("exit", (code) => reject(new Error(`dash-events exited (${code}) before listening`)));
});

const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
});
let failed = false;
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on("pageerror", (error) => console.error("page error:", error.message));
  await page.goto(url);
  await page.waitForSelector("html[data-dash-events-ready]");
  await page.waitForSelector("#ticker-graph .js-plotly-plot");
  console.log(`ticker soak: ${minutes} min against ${url} (server pid ${server.pid})`);
  const started = Date.now();
  await page.getByText("Live", { exact: true }).click();
  await page.waitForTimeout(Math.min(WARMUP_MS, minutes * 60_000 / 2));
  const first = await sample(page, server.pid!, started);
  print("start", first);
  let last = first;
  const end = started + minutes * 60_000;
  while (Date.now() < end) {
    await page.waitForTimeout(Math.min(SAMPLE_MS, end - Date.now()));
    last = await sample(page, server.pid!, started);
    print(Date.now() >= end ? "end" : "", last);
  }
  const growth = (a: number, b: number) => (b - a) / a;
  const serverGrowth = growth(first.serverRssMiB, last.serverRssMiB);
  const pageGrowth = growth(first.pageHeapMiB, last.pageHeapMiB);
  console.log(
    `growth from start to end: server RSS ${(serverGrowth * 100).toFixed(1)} %, page JS heap ${(pageGrowth * 100).toFixed(1)} % ` +
      `(limit ${MAX_GROWTH * 100} %); ${last.ticks - first.ticks} ticks in between, ${last.points} points per trace kept`,
  );
  failed = serverGrowth > MAX_GROWTH || pageGrowth > MAX_GROWTH || last.ticks <= first.ticks;
} finally {
  await browser.close();
  server.kill("SIGINT");
}
process.exit(failed ? 1 : 0);
