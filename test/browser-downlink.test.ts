/**
 * The multiplexed downlink, end to end: real server, real Chromium, and a TCP proxy that breaks
 * the network on purpose. One downlink per browser carries every run; a dropped downlink resumes
 * with no frame lost or repeated; a cursor fallen off the log ends the runs explicitly.
 */
import t from "tap";
import type { Page } from "playwright-core";
import { App, html, Input, Output, streamProps, sleep } from "../lib/index.js";
import { openApp, sharedBrowser, waitForText } from "./helpers/browser.js";
import { startTcpProxy } from "./helpers/tcp-proxy.js";

/** A gauge of the server's `/metrics`. */
async function gauge(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}/metrics`)).text();
  const line = new RegExp(`^${name} (\\d+)$`, "m").exec(text);
  if (!line) throw new Error(`no ${name} in /metrics`);
  return Number(line[1]);
}

/** The server's count of open downlinks. */
const downlinks = (url: string): Promise<number> => gauge(url, "dash_events_downlinks");

/** Record every text each of the matched elements shows, in order (one observer per element). */
async function recordAll(page: Page, selector: string): Promise<void> {
  await page.evaluate((sel) => {
    const all: Record<string, string[]> = {};
    (window as unknown as { __histories: Record<string, string[]> }).__histories = all;
    for (const element of Array.from(document.querySelectorAll<HTMLElement>(sel))) {
      const history: string[] = [];
      all[element.id] = history;
      new MutationObserver((records) => {
        for (const record of records) if (record.type === "characterData") history.push(record.oldValue ?? "");
      }).observe(element, { subtree: true, characterData: true, characterDataOldValue: true });
    }
  }, selector);
}

/** The recorded texts of each element followed by its current one. */
async function histories(page: Page): Promise<Record<string, string[]>> {
  return page.evaluate(() => {
    const all = (window as unknown as { __histories: Record<string, string[]> }).__histories;
    return Object.fromEntries(Object.entries(all).map(([id, history]) => [id, [...history, document.getElementById(id)?.textContent ?? ""]]));
  });
}

const sequence = (n: number): string[] => Array.from({ length: n + 1 }, (_, i) => String(i));

t.test("100 event callbacks at once over one downlink, and a regular callback meanwhile: every sequence complete and in order", async (t) => {
  const N = 100;
  const K = 30;
  const app = new App({
    layout: html.Div([
      html.Button("go", { id: "go" }),
      html.Button("ping", { id: "ping" }),
      html.Div("", { id: "pong" }),
      ...Array.from({ length: N }, (_, i) => html.Div("0", { id: `out-${i}`, className: "out" })),
    ]),
    downlinkIdleMs: 60_000,
  });
  for (let i = 0; i < N; i++) {
    // a second input of its own: two callbacks may not have the same inputs
    app.eventCallback(Input("go", "n_clicks"), Input(`out-${i}`, "title"), async function* () {
      for (let k = 1; k <= K; k++) {
        await sleep(10);
        yield streamProps(`out-${i}`, { children: String(k) });
      }
    });
  }
  app.callback(Output("pong", "children"), Input("ping", "n_clicks"), (n: unknown) => `pong ${String(n)}`, { preventInitialCall: true });
  const { page, url, consoleMessages, pageErrors } = await openApp(t, app, { metrics: true, debug: true });
  await recordAll(page, ".out");
  await page.click("#go");
  // on a timeout, say what the page and the server saw
  // at least 3 values (the page may skip a value between two polls: frames of one animation frame merge)
  await page.waitForFunction(() => Number(document.getElementById("out-99")?.textContent) >= 3).catch(async (error: unknown) => {
    const texts = await page.evaluate(() => Array.from(document.querySelectorAll<HTMLElement>(".out"), (element) => element.textContent).join(" "));
    const errors = await page.evaluate(() => Array.from(document.querySelectorAll<HTMLElement>(".dash-events-error"), (element) => element.textContent).join(" | "));
    const metrics = (await (await fetch(`${url}/metrics`)).text()).split("\n").filter((line) => line.startsWith("dash_events_") && !line.includes("bucket")).join("; ");
    throw new Error(`${String(error)}\ntexts: ${texts}\nerrors shown: ${errors}\nconsole: ${consoleMessages.join(" | ")}\npage errors: ${pageErrors.join(" | ")}\nserver: ${metrics}`);
  });
  await page.click("#ping");
  await waitForText(page, "#pong", "pong 1");
  await page.waitForFunction(() => Array.from(document.querySelectorAll<HTMLElement>(".out")).every((element) => element.textContent === "30"));
  const all = await histories(page);
  const wrong = Object.entries(all).filter(([, history]) => JSON.stringify(history) !== JSON.stringify(sequence(K)));
  t.same(wrong, [], "every stream's values arrived once each, in order");
  t.equal(await downlinks(url), 1, "one downlink carried the 100 streams");
});

t.test("three tabs of one origin share one downlink", async (t) => {
  const app = new App({
    layout: html.Div([html.Button("go", { id: "go" }), html.Div("0", { id: "out" })]),
    downlinkIdleMs: 60_000,
  });
  app.eventCallback(Input("go", "n_clicks"), async function* (_n: unknown, ctx: { signal: AbortSignal }) {
    for (let k = 1; ; k++) {
      yield streamProps("out", { children: String(k) });
      await sleep(50, ctx.signal);
    }
  });
  const { url } = await openApp(t, app, { metrics: true });
  // one browser profile: its tabs share workers
  const context = await (await sharedBrowser(t)).newContext();
  t.teardown(() => context.close());
  const tabs: Page[] = [];
  for (let i = 0; i < 3; i++) {
    const tab = await context.newPage();
    t.teardown(() => tab.close());
    await tab.goto(url);
    await tab.waitForSelector("html[data-dash-events-ready]");
    tabs.push(tab);
  }
  for (const tab of tabs) await tab.click("#go");
  for (const tab of tabs) await tab.waitForFunction(() => Number(document.getElementById("out")?.textContent) >= 3);
  t.equal(await downlinks(url), 1, "one downlink for three tabs");
});

t.test("the downlink cut mid-stream: it reconnects and each stream is exactly the yielded sequence", async (t) => {
  const K = 150;
  const app = new App({
    layout: html.Div([html.Button("go", { id: "go" }), html.Div("0", { id: "a", className: "out" }), html.Div("0", { id: "b", className: "out" })]),
    downlinkIdleMs: 60_000,
  });
  for (const id of ["a", "b"]) {
    app.eventCallback(Input("go", "n_clicks"), Input(id, "title"), async function* () {
      for (let k = 1; k <= K; k++) {
        await sleep(5);
        yield streamProps(id, { children: String(k) });
      }
    });
  }
  const { page, url } = await openApp(t, app, { metrics: true });
  const proxy = await startTcpProxy(url);
  t.teardown(() => proxy.close());
  await page.goto(proxy.url);
  await page.waitForSelector("html[data-dash-events-ready]");
  await recordAll(page, ".out");
  await page.click("#go");
  await page.waitForFunction(() => Number(document.getElementById("a")?.textContent) >= 20);
  // the link dies, and stays down a while: the runs go on, paced by the log
  proxy.refuse(true);
  proxy.cut();
  await sleep(400);
  proxy.refuse(false);
  await waitForText(page, "#a", String(K));
  await waitForText(page, "#b", String(K));
  const all = await histories(page);
  t.same(all.a, sequence(K), "a: no gap, no duplicate");
  t.same(all.b, sequence(K), "b: no gap, no duplicate");
  t.ok((await gauge(url, "dash_events_downlink_resumes")) >= 1, "the downlink was resumed after the cut");
});

t.test("the cursor fallen off the log: the runs end on both sides, finally runs, resetProps apply, the error shows", async (t) => {
  let finallyRan = false;
  let yielded = 0;
  const app = new App({
    layout: html.Div([html.Button("go", { id: "go" }), html.Div("idle", { id: "status" }), html.Div("0", { id: "n" })]),
    downlinkLogSize: 8,
  });
  app.eventCallback(
    Input("go", "n_clicks"),
    async function* (_n: unknown, ctx: { signal: AbortSignal }) {
      try {
        yield streamProps("status", { children: "running" });
        for (let k = 1; ; k++) {
          yielded = k;
          yield streamProps("n", { children: String(k) });
          await sleep(5, ctx.signal);
        }
      } finally {
        finallyRan = true;
      }
    },
    { resetProps: { status: { children: "reset" } } },
  );
  const { page, url } = await openApp(t, app, { debug: true });
  const proxy = await startTcpProxy(url);
  t.teardown(() => proxy.close());
  await page.goto(proxy.url);
  await page.waitForSelector("html[data-dash-events-ready]");
  await page.click("#go");
  await waitForText(page, "#status", "running");
  // the server keeps writing into a link that delivers nothing, far past the log's 8 events
  proxy.swallow(true);
  const from = yielded;
  while (yielded < from + 40) await sleep(20);
  proxy.cut();
  proxy.swallow(false);
  await waitForText(page, "#status", "reset");
  await page.waitForSelector(".dash-events-error");
  t.match(await page.textContent(".dash-events-error"), /downlink|no longer held/i, "the page says why");
  while (!finallyRan) await sleep(20);
  t.ok(finallyRan, "the generator's finally ran");
});

t.test("closing a tab ends its runs on the server: their finally blocks run", async (t) => {
  for (const sharedWorker of [true, false]) {
    let started = 0;
    let finished = 0;
    const app = new App({
      layout: html.Div([html.Button("go", { id: "go" }), html.Div("idle", { id: "status" })]),
      sharedWorker,
      // far longer than the test waits: only the tab's going away can end the run
      downlinkGraceMs: 120_000,
    });
    app.eventCallback(Input("go", "n_clicks"), async function* (_n: unknown, ctx: { signal: AbortSignal }) {
      started++;
      try {
        yield streamProps("status", { children: "running" });
        await sleep(120_000, ctx.signal);
      } finally {
        finished++;
      }
    });
    const { page } = await openApp(t, app);
    await page.click("#go");
    await waitForText(page, "#status", "running");
    t.equal(started, 1);
    await page.close();
    while (finished < 1) await sleep(20);
    t.equal(finished, 1, `${sharedWorker ? "with" : "without"} the SharedWorker: the run ended when its tab closed`);
  }
});

t.test("a forged connection id and foreign origins get 403 and change nothing", async (t) => {
  let running = 0;
  const app = new App({ layout: html.Div([html.Button("go", { id: "go" }), html.Div("idle", { id: "status" })]) });
  app.eventCallback(Input("go", "n_clicks"), async function* (_n: unknown, ctx: { signal: AbortSignal }) {
    running++;
    try {
      yield streamProps("status", { children: "running" });
      await sleep(60_000, ctx.signal);
    } finally {
      running--;
    }
  });
  const { page, url } = await openApp(t, app);
  await page.click("#go");
  await waitForText(page, "#status", "running");
  const forged = "AAAAAAAAAAAAAAAAAAAAAA.BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB";
  const get = await fetch(`${url}/_dash-downlink?connection=${forged}`);
  t.equal(get.status, 403, "downlink with a forged id");
  t.match(await get.text(), /did not issue/);
  const body = {
    output: "status.children",
    outputs: { id: "status", property: "children" },
    inputs: [{ id: "go", property: "n_clicks", value: 1 }],
    changedPropIds: ["go.n_clicks"],
  };
  const start = await fetch(`${url}/dash_update_component_sse`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ ...body, downlink: { connection: forged, stream: "x:1", tab: "x" } }),
  });
  t.equal(start.status, 403, "start on a forged connection");
  const cancel = await fetch(`${url}/_dash-stream-cancel`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ connection: forged, tab: "x" }),
  });
  t.equal(cancel.status, 403, "cancel on a forged connection");
  const foreign = await fetch(`${url}/_dash-downlink`, { headers: { origin: "http://evil.example" } });
  t.equal(foreign.status, 403, "a downlink from a foreign origin");
  // a real connection of our own cannot name the page's run: runs are scoped by connection
  const own = await fetch(`${url}/_dash-downlink`);
  const reader = own.body!.pipeThrough(new TextDecoderStream()).getReader();
  const hello = (await reader.read()).value ?? "";
  const connection = /"connection":"([^"]+)"/.exec(hello)?.[1];
  t.ok(connection, "a downlink of our own");
  const other = await fetch(`${url}/_dash-stream-cancel`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ connection, streams: ["anything:1"] }),
  });
  t.same(await other.json(), { cancelled: 0 }, "nothing of another connection is ended");
  await reader.cancel();
  await sleep(200);
  t.equal(running, 1, "the page's run is still running");
  t.equal(await page.textContent("#status"), "running");
});

t.test("the downlink opens with the first run, closes after the idle delay, and opens again for the next run", async (t) => {
  const app = new App({ layout: html.Div([html.Button("go", { id: "go" }), html.Div("0", { id: "out" })]), downlinkIdleMs: 300 });
  app.eventCallback(Input("go", "n_clicks"), async function* (n: unknown) {
    yield streamProps("out", { children: `run ${String(n)}` });
  });
  const { page, url } = await openApp(t, app, { metrics: true });
  t.equal(await downlinks(url), 0, "a page without runs holds no downlink");
  await page.click("#go");
  await waitForText(page, "#out", "run 1");
  while ((await downlinks(url)) > 0) await sleep(50);
  t.pass("closed once idle");
  await page.click("#go");
  await waitForText(page, "#out", "run 2");
  t.pass("the next run opened it again");
});

t.test("a downlink cut before its first event: the reconnect still gets every frame sent meanwhile", async (t) => {
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  let started: () => void = () => {};
  const running = new Promise<void>((resolve) => (started = resolve));
  const app = new App({ layout: html.Div([html.Button("go", { id: "go" }), html.Div("0", { id: "n", className: "out" })]), downlinkIdleMs: 60_000 });
  app.eventCallback(Input("go", "n_clicks"), async function* () {
    started();
    await released;
    for (let k = 1; k <= 20; k++) yield streamProps("n", { children: String(k) });
  });
  const { page, url } = await openApp(t, app);
  const proxy = await startTcpProxy(url);
  t.teardown(() => proxy.close());
  await page.goto(proxy.url);
  await page.waitForSelector("html[data-dash-events-ready]");
  await recordAll(page, ".out");
  const accepted = page.waitForResponse((response) => response.url().endsWith("/dash_update_component_sse"));
  await page.click("#go");
  await running;
  t.equal((await accepted).status(), 202, "the run started on the downlink");
  // the downlink goes before any frame: the run's frames wait in the log
  proxy.refuse(true);
  proxy.cut();
  release();
  await sleep(300);
  proxy.refuse(false);
  await waitForText(page, "#n", "20");
  t.same((await histories(page)).n, sequence(20), "every frame, once, in order");
});
