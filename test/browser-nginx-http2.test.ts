/**
 * The README's nginx config with HTTPS and HTTP/2 towards the browser, run for real (issue 14,
 * item 5): two `dash-events serve` instances sharing one real redis-server, behind a real nginx
 * doing plain round-robin over HTTPS + HTTP/2 (self-signed certificate, the listen line the
 * installed nginx understands), driven by a real Chromium page.
 * - Multiplexed downlink (the default): the page's requests go over h2, 20 streams arrive complete
 *   and in order, regular callbacks answer, and requests land on both instances.
 * - Per-request streams: 10 streams open at once through the proxy (more than the six HTTP/1.1
 *   connections a browser opens per host), a regular callback answers while they are open, all
 *   complete; the same page over nginx's plain HTTP/1.1 never has more than six running at once.
 */
import t, { type Test } from "tap";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { BrowserContext, Page } from "playwright-core";
import { buildOnce, runCli, type CliRun } from "./helpers/cli.js";
import { sharedBrowser } from "./helpers/browser.js";
import { startRedis } from "./helpers/redis-server.js";
import { startNginx } from "./helpers/nginx.js";
import { metric } from "./helpers/metrics.js";

buildOnce();
/** Streams of the multiplexed page, and the values each yields. */
const N = 20;
const K = 60;
/** Streams of the per-request page (above HTTP/1.1's six connections per host), and their values. */
const M = 10;
const L = 30;
const appDir = mkdtempSync(join(tmpdir(), "dash-events-nginx-h2-test-"));
t.teardown(() => rmSync(appDir, { recursive: true, force: true }));
/** While this file is missing, the per-request runs hold after their first value. */
const gate = join(appDir, "gate");

const pingCallback = `callback(Output("pong", "children"), Input("ping", "n_clicks"), (n: unknown) => \`pong \${String(n)} from \${process.pid}\`, { preventInitialCall: true });`;

writeFileSync(
  join(appDir, "multiplexed.ts"),
  `import { App, html, Input, Output, callback, eventCallback, streamProps, sleep, type EventCallbackContext } from "dash-events";

const app = new App({
  layout: html.Div([
    html.Button("go", { id: "go" }),
    html.Button("ping", { id: "ping" }),
    html.Div("", { id: "pong" }),
    ...Array.from({ length: ${N} }, (_, i) => html.Div("0", { id: \`out-\${i}\`, className: "out" })),
  ]),
  downlinkIdleMs: 60_000,
});
for (let i = 0; i < ${N}; i++) {
  eventCallback(Input("go", "n_clicks"), Input(\`out-\${i}\`, "title"), async function* (_n: unknown, _t: unknown, ctx: EventCallbackContext) {
    for (let k = 1; k <= ${K}; k++) {
      await sleep(25, ctx.signal);
      yield streamProps(\`out-\${i}\`, { children: String(k) });
    }
  });
}
${pingCallback}
export default app;
`,
);

writeFileSync(
  join(appDir, "per-request.ts"),
  `import { existsSync } from "node:fs";
import { App, html, Input, Output, callback, eventCallback, streamProps, sleep, type EventCallbackContext } from "dash-events";

const app = new App({
  layout: html.Div([
    html.Button("go", { id: "go" }),
    html.Button("ping", { id: "ping" }),
    html.Div("", { id: "pong" }),
    ...Array.from({ length: ${M} }, (_, i) => html.Div("0", { id: \`out-\${i}\`, className: "out" })),
  ]),
  streamTransport: "per-request",
});
for (let i = 0; i < ${M}; i++) {
  eventCallback(Input("go", "n_clicks"), Input(\`out-\${i}\`, "title"), async function* (_n: unknown, _t: unknown, ctx: EventCallbackContext) {
    yield streamProps(\`out-\${i}\`, { children: "1" });
    // held open until the test lets go, so that every run is provably open at once
    while (!existsSync(${JSON.stringify(gate)})) await sleep(20, ctx.signal);
    for (let k = 2; k <= ${L}; k++) {
      await sleep(20, ctx.signal);
      yield streamProps(\`out-\${i}\`, { children: String(k) });
    }
  });
}
${pingCallback}
export default app;
`,
);

/**
 * Record, in the page, every value each `.out` element shows (in order), and the most elements
 * that were running at once (showing neither "0" nor `last`).
 */
async function recordAll(page: Page, last: string): Promise<void> {
  await page.evaluate((last) => {
    const state = { histories: {} as Record<string, string[]>, maxRunning: 0 };
    (window as unknown as { __state: typeof state }).__state = state;
    const outs = Array.from(document.querySelectorAll<HTMLElement>(".out"));
    const countRunning = (): void => {
      const running = outs.filter((element) => element.textContent !== "0" && element.textContent !== last).length;
      state.maxRunning = Math.max(state.maxRunning, running);
    };
    for (const element of outs) {
      const history: string[] = [];
      state.histories[element.id] = history;
      new MutationObserver((records) => {
        for (const record of records) if (record.type === "characterData") history.push(record.oldValue ?? "");
        countRunning();
      }).observe(element, { subtree: true, characterData: true, characterDataOldValue: true });
    }
  }, last);
}

async function recorded(page: Page): Promise<{ histories: Record<string, string[]>; maxRunning: number }> {
  return page.evaluate(() => {
    const state = (window as unknown as { __state: { histories: Record<string, string[]>; maxRunning: number } }).__state;
    const histories = Object.fromEntries(
      Object.entries(state.histories).map(([id, history]) => [id, [...history, document.getElementById(id)?.textContent ?? ""]]),
    );
    return { histories, maxRunning: state.maxRunning };
  });
}

const allAt = (page: Page, value: string, timeout = 60_000): Promise<unknown> =>
  page.waitForFunction((want) => Array.from(document.querySelectorAll<HTMLElement>(".out")).every((element) => element.textContent === want), value, { timeout });

/** "0", then 1..count. */
const values = (count: number): string[] => ["0", ...Array.from({ length: count }, (_, i) => String(i + 1))];

/** Click ping `times` times; the process ids that answered. */
async function pings(page: Page, times: number): Promise<Set<string>> {
  const pids = new Set<string>();
  const before = Number(/pong (\d+)/.exec((await page.textContent("#pong")) ?? "")?.[1] ?? 0);
  for (let n = before + 1; n <= before + times; n++) {
    await page.click("#ping");
    await page.waitForFunction((want) => document.getElementById("pong")?.textContent?.startsWith(want), `pong ${n} from`, { timeout: 60_000 });
    pids.add((await page.textContent("#pong"))!.replace(/.* from /, ""));
  }
  return pids;
}

/** The protocol of the page itself and of each finished request of the page (resource timing). */
async function protocols(page: Page): Promise<{ page: string; requests: { name: string; protocol: string }[] }> {
  return page.evaluate(() => ({
    page: (performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming).nextHopProtocol,
    requests: (performance.getEntriesByType("resource") as PerformanceResourceTiming[]).map((entry) => ({ name: entry.name, protocol: entry.nextHopProtocol })),
  }));
}

/** Two `serve` instances of `appFile` on one Redis; `stop` ends them (SIGTERM) and checks they exit cleanly. */
function twoInstances(t: Test, appFile: string, redisUrl: string): { urls: Promise<string[]>; stop: (t: Test) => Promise<void> } {
  const instances: CliRun[] = [0, 1].map(() => runCli(t, ["serve", appFile, "--port", "0", "--redis", redisUrl, "--metrics"], appDir));
  const urls = Promise.all(instances.map((instance) => instance.url));
  // awaited later, in the subtest that uses them
  urls.catch(() => undefined);
  return {
    urls,
    stop: async (t) => {
      for (const instance of instances) instance.kill("SIGTERM");
      const exits = await Promise.all(instances.map((instance) => instance.exit));
      t.same(exits.map((exit) => exit.code), [0, 0], `both ${appFile} instances exit 0 on SIGTERM`);
      t.notMatch(exits.map((exit) => exit.stderr).join(""), /Error|Redis bus/, "nothing went wrong on the servers");
    },
  };
}

async function openPage(t: Test, context: BrowserContext, url: string): Promise<{ page: Page; pageErrors: string[] }> {
  const page = await context.newPage();
  t.teardown(() => page.close());
  const pageErrors: string[] = [];
  page.on("pageerror", (error) => pageErrors.push(error.message));
  await page.goto(url);
  await page.waitForSelector("html[data-dash-events-ready]");
  return { page, pageErrors };
}

process.env.DASH_EVENTS_SECRET = "nginx-h2-test-secret";

t.test("two instances behind nginx over HTTPS + HTTP/2, round-robin, one Redis", async (t) => {
  const redis = await startRedis(t);
  // both apps' instances start together: most of this file's time is their start
  const multiplexed = twoInstances(t, "multiplexed.ts", redis.url);
  const perRequest = twoInstances(t, "per-request.ts", redis.url);
  const context = await (await sharedBrowser(t)).newContext({ ignoreHTTPSErrors: true });
  t.teardown(() => context.close());

  await t.test("multiplexed downlink: 20 streams complete and in order, regular callbacks, all over h2, on both instances", async (t) => {
    const urls = await multiplexed.urls;
    const nginx = await startNginx(t, urls.map((url) => new URL(url).host), { http2: true });
    t.match(nginx.url, /^https:\/\//);
    const { page, pageErrors } = await openPage(t, context, nginx.url);

    await recordAll(page, String(K));
    await page.click("#go");
    const pids = await pings(page, 8);
    await allAt(page, String(K));
    const { histories } = await recorded(page);
    const wrong = Object.entries(histories).filter(([, history]) => JSON.stringify(history) !== JSON.stringify(values(K)));
    t.same(wrong, [], "every stream's values arrived once each, in order");
    t.equal(pids.size, 2, `regular callbacks answered by both instances (process ids ${[...pids].join(", ")})`);
    const streamsOn = await Promise.all(urls.map((url) => metric(url, "dash_events_streams_total")));
    t.ok(streamsOn.every((count) => count > 0), `streams ran on both instances (${streamsOn.join(" + ")})`);
    t.equal(streamsOn[0] + streamsOn[1], N, "each of the 20 streams ran once");

    const seen = await protocols(page);
    t.equal(seen.page, "h2", "the page came over HTTP/2");
    const callbacks = seen.requests.filter((request) => /_dash-update-component|dash_update_component_sse/.test(request.name));
    t.ok(callbacks.length >= 8 + N, `the callback and stream-start requests are in the page's resource timing (${callbacks.length})`);
    t.same([...new Set(seen.requests.map((request) => request.protocol))], ["h2"], `all ${seen.requests.length} requests of the page went over HTTP/2`);
    t.same(pageErrors, [], "no page errors");
    await multiplexed.stop(t);
  });

  await t.test("per-request streams through the h2 proxy: 10 open at once, a regular callback meanwhile, all complete", async (t) => {
    const urls = await perRequest.urls;
    const upstreams = urls.map((url) => new URL(url).host);
    await t.test("over HTTPS + HTTP/2", async (t) => {
      rmSync(gate, { force: true });
      const nginx = await startNginx(t, upstreams, { http2: true });
      const { page, pageErrors } = await openPage(t, context, nginx.url);
      await recordAll(page, String(L));
      const streamsBefore = await Promise.all(urls.map((url) => metric(url, "dash_events_streams_total")));
      await page.click("#go");
      // each run holds after its first value until the gate opens: all ten show it only if all ten are open at once
      const allOpen = await allAt(page, "1", 30_000).then(() => true, () => false);
      t.ok(allOpen, `all ${M} streams are open at once`);
      if (!allOpen) {
      writeFileSync(gate, "");
      return;
    }
      const pids = await pings(page, 4);
      t.equal(pids.size, 2, `regular callbacks answered by both instances while the ${M} streams were open`);
      writeFileSync(gate, "");
      await allAt(page, String(L));
      const { histories, maxRunning } = await recorded(page);
      t.equal(maxRunning, M, `${M} streams were running at once`);
      const wrong = Object.entries(histories).filter(([, history]) => JSON.stringify(history) !== JSON.stringify(values(L)));
      t.same(wrong, [], "every stream's values arrived once each, in order");
      const streamsOn = (await Promise.all(urls.map((url) => metric(url, "dash_events_streams_total")))).map((count, i) => count - streamsBefore[i]);
      t.ok(streamsOn.every((count) => count > 0), `streams ran on both instances (${streamsOn.join(" + ")})`);
      t.equal(streamsOn[0] + streamsOn[1], M, `each of the ${M} streams ran once`);
      const seen = await protocols(page);
      const streams = seen.requests.filter((request) => request.name.includes("dash_update_component_sse"));
      t.equal(streams.length, M, `the ${M} stream requests are in the page's resource timing`);
      t.same([...new Set(seen.requests.map((request) => request.protocol))], ["h2"], `all ${seen.requests.length} requests of the page went over HTTP/2`);
      t.same(pageErrors, [], "no page errors");
  });

  await t.test("the same page over nginx's plain HTTP/1.1: never more than six running at once", async (t) => {
    // the gate is open: runs go straight through, six at a time (the browser's connections per host)
    const nginx = await startNginx(t, upstreams);
    const { page, pageErrors } = await openPage(t, context, nginx.url);
    await recordAll(page, String(L));
    await page.click("#go");
    await allAt(page, String(L));
    const { histories, maxRunning } = await recorded(page);
    t.ok(maxRunning <= 6, `at most six streams running at once over HTTP/1.1 (${maxRunning})`);
    const wrong = Object.entries(histories).filter(([, history]) => JSON.stringify(history) !== JSON.stringify(values(L)));
    t.same(wrong, [], "every stream's values arrived once each, in order, in the end");
    t.equal((await protocols(page)).page, "http/1.1", "this page came over HTTP/1.1");
    t.same(pageErrors, [], "no page errors");
  });

  await perRequest.stop(t);
  });
});
