/**
 * Scale-out faults, end to end: two `dash-events serve` instances on fixed ports behind a real
 * nginx (round-robin), one real redis-server, a real Chromium page running 20 streams through
 * nginx. Redis stopped and restarted mid-run; SIGTERM of an instance with streams open; kill -9
 * of an instance running streams. In each case the page shows which runs ended (their resetProps),
 * the others finish, regular callbacks keep working, and new streams work afterwards.
 */
import t from "tap";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { buildOnce, runCli, type CliRun } from "./helpers/cli.js";
import { sharedBrowser } from "./helpers/browser.js";
import { freePort, startRedis } from "./helpers/redis-server.js";
import { startNginx } from "./helpers/nginx.js";

buildOnce();
const N = 20;
const K = 120;
const appDir = mkdtempSync(join(tmpdir(), "dash-events-scaleout-faults-"));
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
  eventCallback(
    Input("go", "n_clicks"),
    Input(\`out-\${i}\`, "role"),
    async function* (n: unknown, _role: unknown, ctx: EventCallbackContext) {
      try {
        // which process runs it, and a fresh start's look
        yield streamProps(\`out-\${i}\`, { title: \`\${process.pid}:\${String(n)}\`, className: "out" });
        for (let k = 1; k <= ${K}; k++) {
          await sleep(25, ctx.signal);
          yield streamProps(\`out-\${i}\`, { children: String(k) });
        }
      } finally {
        console.log(\`finally \${i} \${String(n)}\`);
      }
    },
    { resetProps: { [\`out-\${i}\`]: { className: "out reset" } } },
  );
}
callback(Output("pong", "children"), Input("ping", "n_clicks"), (n: unknown) => \`pong \${String(n)} from \${process.pid}\`, { preventInitialCall: true });
export default app;
`,
);

interface Out {
  id: string;
  value: string;
  pid: string;
  reset: boolean;
}

const outs = (page: Page): Promise<Out[]> =>
  page.evaluate(() =>
    Array.from(document.querySelectorAll<HTMLElement>(".out")).map((element) => ({ id: element.id, value: element.textContent ?? "", pid: element.title.split(":")[0] ?? "", reset: element.classList.contains("reset") })),
  );

/** Every run going: started by click number `clicks` (the run's title says so) and past its first values. */
async function allRunning(page: Page, clicks: number): Promise<void> {
  await page.click("#go");
  await page.waitForFunction(
    (n) => document.querySelectorAll(".out").length > 0 && Array.from(document.querySelectorAll<HTMLElement>(".out")).every((element) => element.title.endsWith(`:${n}`) && Number(element.textContent) >= 3),
    clicks,
    { timeout: 30_000 },
  );
}

/** Each output ended: finished (K) or reset. */
const allEnded = (page: Page): Promise<unknown> =>
  page.waitForFunction((k) => Array.from(document.querySelectorAll<HTMLElement>(".out")).every((element) => element.textContent === k || element.classList.contains("reset")), String(K), { timeout: 60_000 });

async function ping(page: Page, n: number): Promise<string> {
  await page.click("#ping");
  await page.waitForFunction((want) => document.getElementById("pong")?.textContent?.startsWith(want), `pong ${n} from`, { timeout: 15_000 });
  return (await page.textContent("#pong"))!.replace(/.* from /, "");
}

t.test("faults behind nginx: Redis restarted, SIGTERM, kill -9", async (t) => {
  const redis = await startRedis(t);
  process.env.DASH_EVENTS_SECRET = "scaleout-faults-secret";
  const ports = [await freePort(), await freePort()];
  const serve = (i: number): CliRun => runCli(t, ["serve", "app.ts", "--port", String(ports[i]), "--redis", redis.url, "--shutdown-timeout", "3000"], appDir);
  const instances = [serve(0), serve(1)];
  await Promise.all(instances.map((instance) => instance.url));
  const pidOf = async (i: number): Promise<string> => {
    const res = await fetch(`http://127.0.0.1:${ports[i]}/_dash-update-component`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ output: "pong.children", outputs: { id: "pong", property: "children" }, inputs: [{ id: "ping", property: "n_clicks", value: 0 }], changedPropIds: ["ping.n_clicks"] }),
    });
    return ((await res.json()) as { response: { pong: { children: string } } }).response.pong.children.replace(/.* from /, "");
  };
  const nginx = await startNginx(t, ports.map((port) => `127.0.0.1:${port}`));
  const page = await (await sharedBrowser(t)).newPage();
  t.teardown(() => page.close());
  const pageErrors: string[] = [];
  page.on("pageerror", (error) => pageErrors.push(error.message));
  if (process.env.DEBUG_SCALEOUT) {
    page.on("console", (message) => console.error("console:", message.text()));
    page.on("response", (response) => console.error(Date.now() % 100000, response.status(), response.url(), response.request().postData()?.slice(-60)));
  }
  await page.goto(nginx.url);
  await page.waitForSelector("html[data-dash-events-ready]");
  let clicks = 0;
  let pings = 0;

  await t.test("redis-server stopped mid-run: every run ends in the page with its resetProps; pages and regular callbacks keep working; after the restart new streams work", async (t) => {
    await allRunning(page, ++clicks);
    await redis.stop();
    await page.waitForFunction(() => Array.from(document.querySelectorAll<HTMLElement>(".out")).every((element) => element.classList.contains("reset")), undefined, { timeout: 30_000 });
    const ended = await outs(page);
    t.ok(ended.every((out) => Number(out.value) < K), "they ended before their end: the Redis outage stopped them");
    t.ok((await ping(page, ++pings)) !== "", "a regular callback answers while Redis is down");
    const response = await page.goto(nginx.url);
    t.equal(response?.status(), 200, "the page loads while Redis is down");
    await page.waitForSelector("html[data-dash-events-ready]");
    await redis.start();
    // each instance is back on Redis once a downlink request there answers (its client reconnects by itself)
    for (const port of ports) {
      const deadline = Date.now() + 20_000;
      for (;;) {
        const controller = new AbortController();
        const res = await fetch(`http://127.0.0.1:${port}/_dash-downlink`, { signal: controller.signal }).catch(() => null);
        controller.abort();
        if (res?.status === 200) break;
        t.ok(Date.now() < deadline, "the instance reconnects to Redis by itself");
        if (Date.now() > deadline) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
    // the page was reloaded: its clicks count from 0 again
    clicks = 0;
    pings = 0;
    if (process.env.DEBUG_SCALEOUT) console.error("RESTARTED", Date.now() % 100000);
    await allRunning(page, ++clicks).catch(async (error: unknown) => {
      console.error(JSON.stringify(await outs(page)));
      throw error;
    });
    await allEnded(page);
    const after = await outs(page);
    t.same(after.filter((out) => out.value !== String(K) || out.reset), [], "after the restart, 20 new streams ran to the end");
  });

  await t.test("SIGTERM of an instance with streams open: its runs end with their resetProps and their finally ran; the others finish; exit 0", async (t) => {
    const pid0 = await pidOf(0);
    await allRunning(page, ++clicks);
    const mine = (await outs(page)).filter((out) => out.pid === pid0).map((out) => out.id);
    t.ok(mine.length > 0 && mine.length < N, `instance 0 runs some of the streams (${mine.length})`);
    instances[0].kill("SIGTERM");
    const { code, stdout } = await instances[0].exit;
    t.equal(code, 0, "exit 0");
    for (const id of mine) t.match(stdout, `finally ${id.slice(4)} ${clicks}\n`, `${id}: its finally ran`);
    await allEnded(page);
    const ended = await outs(page);
    t.same(ended.filter((out) => mine.includes(out.id) !== out.reset).map((out) => out.id), [], "exactly the runs of instance 0 were reset");
    t.ok(ended.filter((out) => !mine.includes(out.id)).every((out) => out.value === String(K)), "the others finished");
    instances[0] = serve(0);
    await instances[0].url;
  });

  await t.test("kill -9 of an instance running streams: its runs end in the page with their resetProps; the others finish; new streams work", async (t) => {
    const pid1 = await pidOf(1);
    await allRunning(page, ++clicks);
    const mine = (await outs(page)).filter((out) => out.pid === pid1).map((out) => out.id);
    t.ok(mine.length > 0 && mine.length < N, `instance 1 runs some of the streams (${mine.length})`);
    instances[1].kill("SIGKILL");
    await instances[1].exit;
    await allEnded(page);
    const ended = await outs(page);
    t.same(ended.filter((out) => mine.includes(out.id) !== out.reset).map((out) => out.id), [], "exactly the runs of the killed instance were reset");
    t.ok(ended.filter((out) => !mine.includes(out.id)).every((out) => out.value === String(K)), "the others finished");
    t.ok((await ping(page, ++pings)) !== "", "regular callbacks keep working");
    await allRunning(page, ++clicks);
    await allEnded(page);
    t.same((await outs(page)).filter((out) => out.value !== String(K) || out.reset).map((out) => out.id), [], "new streams run to the end on the instance left");
    t.same(pageErrors, [], "no page errors");
  });
});
