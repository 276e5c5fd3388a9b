/**
 * Scale-out, end to end: two `dash-events serve` instances sharing one real redis-server, behind
 * a real nginx doing plain round-robin (no sticky sessions), each instance behind a TCP proxy so
 * the test can cut it off; a real Chromium page runs 20 streams and regular callbacks through
 * nginx. Requests land on both instances (each instance's own /metrics, and the process id a
 * regular callback reports); every stream's values arrive complete and in order; a downlink cut
 * off its instance resumes on the other with no value lost or repeated; re-triggering works.
 */
import t from "tap";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { buildOnce, runCli } from "./helpers/cli.js";
import { sharedBrowser } from "./helpers/browser.js";
import { startRedis } from "./helpers/redis-server.js";
import { startNginx } from "./helpers/nginx.js";
import { startTcpProxy, type TcpProxy } from "./helpers/tcp-proxy.js";
import { metric } from "./helpers/metrics.js";

buildOnce();
const N = 20;
const K = 60;
const appDir = mkdtempSync(join(tmpdir(), "dash-events-scaleout-test-"));
t.teardown(() => rmSync(appDir, { recursive: true, force: true }));
writeFileSync(
  join(appDir, "app.ts"),
  `import { App, html, Input, Output, callback, eventCallback, streamProps, sleep, type EventCallbackContext } from "dash-events";

const N = ${N};
const app = new App({
  layout: html.Div([
    html.Button("go", { id: "go" }),
    html.Button("ping", { id: "ping" }),
    html.Div("", { id: "pong" }),
    ...Array.from({ length: N }, (_, i) => html.Div("0", { id: \`out-\${i}\`, className: "out" })),
  ]),
  downlinkIdleMs: 60_000,
});
for (let i = 0; i < N; i++) {
  eventCallback(Input("go", "n_clicks"), Input(\`out-\${i}\`, "title"), async function* (_n: unknown, _t: unknown, ctx: EventCallbackContext) {
    for (let k = 1; k <= ${K}; k++) {
      await sleep(25, ctx.signal);
      yield streamProps(\`out-\${i}\`, { children: String(k) });
    }
  });
}
callback(Output("pong", "children"), Input("ping", "n_clicks"), (n: unknown) => \`pong \${String(n)} from \${process.pid}\`, { preventInitialCall: true });
export default app;
`,
);

async function recordAll(page: Page): Promise<void> {
  await page.evaluate(() => {
    const all: Record<string, string[]> = {};
    (window as unknown as { __histories: Record<string, string[]> }).__histories = all;
    for (const element of Array.from(document.querySelectorAll<HTMLElement>(".out"))) {
      const history: string[] = [];
      all[element.id] = history;
      new MutationObserver((records) => {
        for (const record of records) if (record.type === "characterData") history.push(record.oldValue ?? "");
      }).observe(element, { subtree: true, characterData: true, characterDataOldValue: true });
    }
  });
}

async function histories(page: Page): Promise<Record<string, string[]>> {
  return page.evaluate(() => {
    const all = (window as unknown as { __histories: Record<string, string[]> }).__histories;
    return Object.fromEntries(Object.entries(all).map(([id, history]) => [id, [...history, document.getElementById(id)?.textContent ?? ""]]));
  });
}

const allAt = (page: Page, value: string): Promise<unknown> =>
  page.waitForFunction((want) => Array.from(document.querySelectorAll<HTMLElement>(".out")).every((element) => element.textContent === want), value, { timeout: 60_000 });

/** The values `from`, 1, 2, ..., K. */
const run = (from: string): string[] => [from, ...Array.from({ length: K }, (_, i) => String(i + 1))];

t.test("two instances behind nginx round-robin, one Redis: 20 streams and regular callbacks through one page", async (t) => {
  const redis = await startRedis(t);
  process.env.DASH_EVENTS_SECRET = "scaleout-test-secret";
  const instances = [0, 1].map(() => runCli(t, ["serve", "app.ts", "--port", "0", "--redis", redis.url, "--metrics"], appDir));
  const urls = await Promise.all(instances.map((instance) => instance.url));
  const proxies: TcpProxy[] = await Promise.all(urls.map((url) => startTcpProxy(url.replace(/\/$/, ""))));
  t.teardown(() => Promise.all(proxies.map((proxy) => proxy.close())));
  const nginx = await startNginx(t, proxies.map((proxy) => new URL(proxy.url).host));
  const page = await (await sharedBrowser(t)).newPage();
  t.teardown(() => page.close());
  const pageErrors: string[] = [];
  page.on("pageerror", (error) => pageErrors.push(error.message));
  page.on("response", (response) => {
    if (process.env.DEBUG_SCALEOUT) console.error(Date.now() % 100000, response.status(), response.url(), response.request().postData()?.slice(-80));
  });
  page.on("console", (message) => {
    if (process.env.DEBUG_SCALEOUT) console.error("console:", message.text());
  });
  await page.goto(nginx.url);
  await page.waitForSelector("html[data-dash-events-ready]");

  await t.test("every stream complete and in order; requests on both instances", async (t) => {
    await recordAll(page);
    await page.click("#go");
    const pids = new Set<string>();
    for (let n = 1; n <= 8; n++) {
      await page.click("#ping");
      await page.waitForFunction((want) => document.getElementById("pong")?.textContent?.startsWith(want), `pong ${n} from`);
      pids.add((await page.textContent("#pong"))!.replace(/.* from /, ""));
    }
    await allAt(page, String(K));
    const wrong = Object.entries(await histories(page)).filter(([, history]) => JSON.stringify(history) !== JSON.stringify(run("0")));
    t.same(wrong, [], "every stream's values arrived once each, in order");
    t.equal(pids.size, 2, `regular callbacks answered by both instances (process ids ${[...pids].join(", ")})`);
    const streamsOn = await Promise.all(urls.map((url) => metric(url, "dash_events_streams_total")));
    t.ok(streamsOn.every((count) => count > 0), `streams ran on both instances (${streamsOn.join(" + ")})`);
    t.equal(streamsOn[0] + streamsOn[1], N, "each of the 20 streams ran once");
    const carried = await Promise.all(urls.map((url) => metric(url, "dash_events_downlinks")));
    t.equal(carried[0] + carried[1], 1, "one downlink, on one of them");
  });

  await t.test("the downlink cut off its instance resumes on the other: no value lost or repeated", async (t) => {
    await recordAll(page);
    await page.click("#go");
    // every run is going (a start POST cut in flight would get nginx's 502: nginx does not retry a POST)
    await page.waitForFunction(
      (last) => Array.from(document.querySelectorAll<HTMLElement>(".out")).every((element) => Number(element.textContent) >= 3 && element.textContent !== last),
      String(K),
    );
    const carrier = (await metric(urls[0], "dash_events_downlinks")) === 1 ? 0 : 1;
    const other = 1 - carrier;
    t.equal(await metric(urls[carrier], "dash_events_downlinks"), 1, `instance ${carrier} carries the downlink`);
    const resumesBefore = await metric(urls[other], "dash_events_downlink_resumes");
    // the instance stays up (its runs keep going); only its connections through nginx are cut, and new ones refused for a moment
    proxies[carrier].refuse(true);
    proxies[carrier].cut();
    const deadline = Date.now() + 30_000;
    while ((await metric(urls[other], "dash_events_downlinks")) !== 1 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    proxies[carrier].refuse(false);
    t.equal(await metric(urls[other], "dash_events_downlinks"), 1, `instance ${other} carries it now`);
    t.ok((await metric(urls[other], "dash_events_downlink_resumes")) > resumesBefore, "as a resume (Last-Event-ID)");
    await allAt(page, String(K));
    const wrong = Object.entries(await histories(page)).filter(([, history]) => JSON.stringify(history) !== JSON.stringify(run(String(K))));
    t.same(wrong, [], "every stream's values arrived once each, in order, across the move");
  });

  await t.test("re-triggering mid-stream ends the runs wherever they run and starts new ones", async (t) => {
    await page.click("#go");
    // the new run of out-0 is past its first values (it showed the last run's final value before)
    await page.waitForFunction(
      (last) => {
        const text = document.getElementById("out-0")?.textContent ?? "";
        return Number(text) >= 3 && text !== last;
      },
      String(K),
    );
    await recordAll(page);
    await page.click("#go");
    await allAt(page, String(K));
    const history = await histories(page);
    const wrong = Object.entries(history).filter(([, values]) => JSON.stringify(values.slice(-K)) !== JSON.stringify(run("").slice(1)));
    t.same(wrong, [], "each output ends with the new run's 1..K, complete and in order");
    t.same(pageErrors, [], "no page errors");
  });

  for (const instance of instances) instance.kill("SIGTERM");
  const exits = await Promise.all(instances.map((instance) => instance.exit));
  t.same(exits.map((exit) => exit.code), [0, 0], "both instances exit 0 on SIGTERM");
  t.notMatch(exits.map((exit) => exit.stderr).join(""), /Error|Redis bus/, "nothing went wrong on the servers");
});
