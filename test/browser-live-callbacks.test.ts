/**
 * Live callbacks in real Chromium (issue 19), written from Dash's documented behaviour of
 * WebSocket callbacks: a regular async callback's `set_props` shows progress while it runs,
 * `await ctx.getProp` reads what the page holds now, a connect hook refuses or accepts the page,
 * and long-running callbacks leave quick ones answering.
 */
import t from "tap";
import type { Page } from "playwright-core";
import { App, dcc, html, Input, MATCH, Output, Patch, sleep, streamProps, type CallbackContext, type EventCallbackContext } from "../lib/index.js";
import { openApp, waitForText } from "./helpers/browser.js";

/** Record, in the page, each text the elements with these ids show, as `id=text`, in the order they changed. */
async function recordTexts(page: Page, ids: string[]): Promise<void> {
  await page.evaluate((watched) => {
    const log: string[] = [];
    const last = new Map<string, string>();
    (window as unknown as { __texts: string[] }).__texts = log;
    const note = (): void => {
      for (const id of watched) {
        const text = document.getElementById(id)?.textContent ?? "";
        if (last.get(id) !== text) {
          last.set(id, text);
          log.push(`${id}=${text}`);
        }
      }
    };
    note();
    // every DOM change is looked at: each commit of each frame shows up, in order
    new MutationObserver(note).observe(document.body, { subtree: true, childList: true, characterData: true });
  }, ids);
}

const texts = (page: Page): Promise<string[]> => page.evaluate(() => (window as unknown as { __texts: string[] }).__texts);

t.test("setProps in a regular async callback reaches the page while it runs (progress 20 %…100 %), then its answer; Patch, pattern ids and triggered callbacks too", async (t) => {
  const app = new App({
    layout: html.Div([
      html.Button("go", { id: "go" }),
      html.Div("", { id: "progress" }),
      html.Div("", { id: "out" }),
      html.Div(["a"], { id: "list" }),
      html.Div("", { id: "relay" }),
      html.Div("", { id: "relayed" }),
      html.Div("", { id: { type: "cell", index: 2 } }),
      html.Div("", { id: { type: "mirror", index: 2 } }),
    ]),
    liveCallbacks: true,
  });
  app.callback(
    Output("out", "children"),
    Input("go", "n_clicks"),
    async (n: unknown, ctx: CallbackContext) => {
      for (const step of [20, 40, 60, 80, 100]) {
        ctx.setProps("progress", { children: `${step} %` });
        await sleep(60);
      }
      ctx.setProps("list", { children: new Patch().append("b") });
      ctx.setProps({ type: "cell", index: 2 }, { children: "cell set" });
      ctx.setProps("relay", { title: `relay ${String(n)}` });
      return `done ${String(n)} live=${String(ctx.live)}`;
    },
    { preventInitialCall: true },
  );
  app.callback(Output("relayed", "children"), Input("relay", "title"), (title: unknown) => `relayed: ${String(title)}`, { preventInitialCall: true });
  app.callback(Output({ type: "mirror", index: MATCH }, "children"), Input({ type: "cell", index: MATCH }, "children"), (text: unknown) => `mirror of ${String(text)}`, { preventInitialCall: true });
  const { page, consoleMessages } = await openApp(t, app);
  await recordTexts(page, ["progress", "out"]);
  await page.click("#go");
  await waitForText(page, "#out", "done 1 live=true");
  const log = await texts(page);
  t.same(
    log.filter((entry) => entry !== "progress=" && entry !== "out="),
    ["progress=20 %", "progress=40 %", "progress=60 %", "progress=80 %", "progress=100 %", "out=done 1 live=true"],
    "every intermediate value was shown, in order, and the answer landed after them",
  );
  t.equal(await page.textContent("#list"), "ab", "a Patch value applied to the prop's current value");
  await waitForText(page, "#relayed", "relayed: relay 1");
  t.pass("a setProps to an Input fired its callback");
  await page.waitForFunction(() => Array.from(document.querySelectorAll("div")).some((element) => element.textContent === "mirror of cell set"));
  t.pass("a setProps to a pattern id fired its MATCH callback");
  t.same(consoleMessages.filter((message) => message.startsWith("error")), [], "no console errors");
});

t.test("ctx.getProp reads what the page holds now: a Div's children, an input's typed value; a missing component gives undefined", async (t) => {
  const app = new App({
    layout: html.Div([
      html.Button("read", { id: "read" }),
      html.Button("change", { id: "change" }),
      html.Div("first text", { id: "label" }),
      dcc.Input({ id: "name", value: "initial" }),
      html.Div("", { id: "out" }),
    ]),
    liveCallbacks: true,
  });
  app.callback(Output("label", "children"), Input("change", "n_clicks"), (n: unknown) => `label changed ${String(n)}`, { preventInitialCall: true });
  app.callback(
    Output("out", "children"),
    Input("read", "n_clicks"),
    async (_n: unknown, ctx: CallbackContext) => {
      const label = await ctx.getProp("label", "children");
      const name = await ctx.getProp("name", "value");
      const missing = await ctx.getProp("nowhere", "children");
      const all = await ctx.getProps("name");
      const show = (value: unknown): string => (typeof value === "string" ? value : JSON.stringify(value) ?? "undefined");
      return `label=${show(label)} name=${show(name)} missing=${show(missing)} id=${show(all?.id)}`;
    },
    { preventInitialCall: true },
  );
  const { page } = await openApp(t, app);
  await page.click("#read");
  await waitForText(page, "#out", "label=first text name=initial missing=undefined id=name");
  await page.fill("#name", "typed by the user");
  await page.click("#change");
  await waitForText(page, "#label", "label changed 1");
  await page.click("#read");
  await waitForText(page, "#out", "label=label changed 1 name=typed by the user missing=undefined id=name");
  t.pass("the second read saw the changed children and the typed value");
});

t.test("a connect hook that refuses: a clear error in the page, outputs left as they were, no console flood; one that accepts: callbacks run", async (t) => {
  const build = (): App => {
    const app = new App({ layout: html.Div([html.Button("go", { id: "go" }), html.Div("untouched", { id: "out" }), html.Div("", { id: "other" })]), liveCallbacks: true });
    app.callback(Output("out", "children"), Input("go", "n_clicks"), (n: unknown) => `clicked ${String(n)}`, { preventInitialCall: true });
    app.callback(Output("other", "children"), Input("go", "n_clicks"), (n: unknown) => `other ${String(n)}`, { preventInitialCall: true });
    app.onConnect(async (req) => {
      await sleep(1);
      return req.cookies.session === "ok" || { status: 401, reason: "no session cookie" };
    });
    return app;
  };
  const refused = await openApp(t, build(), { debug: true });
  for (let i = 0; i < 5; i++) await refused.page.click("#go");
  await refused.page.waitForSelector(".dash-events-error");
  t.match(await refused.page.textContent(".dash-events-error"), /no session cookie/, "debug mode: the hook's reason is shown");
  // settle: any late answer would have landed by now
  await sleep(300);
  t.equal(await refused.page.textContent("#out"), "untouched", "the outputs stay as they were");
  t.equal(await refused.page.textContent("#other"), "", "no callback ran");
  t.equal(await refused.page.locator(".dash-events-error").count(), 1, "one error shown, not one per click");
  const errors = refused.consoleMessages.filter((message) => message.startsWith("error"));
  t.ok(errors.length <= 3, `no console flood (${errors.length} error lines: the refused request and the one report)`);

  const production = await openApp(t, build());
  await production.page.click("#go");
  await production.page.waitForSelector(".dash-events-error");
  const shown = await production.page.textContent(".dash-events-error");
  t.match(shown, /Callbacks stopped: The server refused this request/, "outside debug mode the page still says it stopped");
  t.notMatch(shown, /no session cookie/, "outside debug mode, without the hook's reason");
  t.equal(await production.page.textContent("#out"), "untouched");

  const accepted = await openApp(t, build(), { debug: true });
  await accepted.page.context().addCookies([{ name: "session", value: "ok", url: accepted.url }]);
  await accepted.page.reload();
  await accepted.page.waitForSelector("html[data-dash-events-ready]");
  await accepted.page.click("#go");
  await waitForText(accepted.page, "#out", "clicked 1");
  await waitForText(accepted.page, "#other", "other 1");
  t.equal(await accepted.page.locator(".dash-events-error").count(), 0);
});

t.test("6 long-running live callbacks streaming progress, and a counter clicked 50 times meanwhile answers every click in order", async (t) => {
  const N = 6;
  const app = new App({
    layout: html.Div([
      html.Button("start", { id: "start" }),
      html.Button("count", { id: "count" }),
      html.Div("", { id: "counter" }),
      ...Array.from({ length: N }, (_, i) => html.Div([html.Div("", { id: `p-${i}` }), html.Div("", { id: `r-${i}` })])),
    ]),
    liveCallbacks: true,
  });
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  for (let i = 0; i < N; i++) {
    app.callback(
      Output(`r-${i}`, "children"),
      Input("start", "n_clicks"),
      async (_n: unknown, ctx: CallbackContext) => {
        ctx.setProps(`p-${i}`, { children: "running" });
        // they run until the test has seen every click answered
        await gate;
        ctx.setProps(`p-${i}`, { children: "finishing" });
        return `long ${i} done`;
      },
      { preventInitialCall: true },
    );
  }
  app.callback(Output("counter", "children"), Input("count", "n_clicks"), (n: unknown) => `count ${String(n)}`, { preventInitialCall: true });
  const { page } = await openApp(t, app);
  await page.click("#start");
  for (let i = 0; i < N; i++) await waitForText(page, `#p-${i}`, "running");
  t.pass("all 6 long callbacks streamed their first setProps while running");
  await recordTexts(page, ["counter"]);
  for (let k = 0; k < 50; k++) await page.click("#count");
  await waitForText(page, "#counter", "count 50");
  const seen = (await texts(page)).filter((entry) => entry !== "counter=").map((entry) => Number(entry.replace("counter=count ", "")));
  t.same([...seen].sort((a, b) => a - b), seen, "the counter's answers landed in click order");
  for (let i = 0; i < N; i++) t.equal(await page.textContent(`#r-${i}`), "", `long ${i} still running`);
  release();
  for (let i = 0; i < N; i++) await waitForText(page, `#r-${i}`, `long ${i} done`);
  for (let i = 0; i < N; i++) t.equal(await page.textContent(`#p-${i}`), "finishing", `long ${i}'s last setProps landed before its answer`);
});

t.test("a persistent callback pushes a clock for the life of the page while a regular callback still answers; closing the page ends it (its finally runs)", async (t) => {
  const app = new App({
    layout: html.Div([html.Div("", { id: "clock" }), html.Button("ping", { id: "ping" }), html.Div("", { id: "pong" })]),
    liveCallbacks: true,
  });
  let finallyRan = 0;
  let runs = 0;
  app.callback(
    [],
    Input("clock", "id"),
    async (_id: unknown, ctx: CallbackContext) => {
      runs++;
      let tick = 0;
      try {
        while (!ctx.signal.aborted) {
          ctx.setProps("clock", { children: `tick ${++tick}` });
          await sleep(40, ctx.signal);
        }
      } finally {
        finallyRan++;
      }
    },
    { persistent: true },
  );
  app.callback(Output("pong", "children"), Input("ping", "n_clicks"), (n: unknown) => `pong ${String(n)}`, { preventInitialCall: true });
  const { page } = await openApp(t, app);
  // a moving value: wait for it to pass 5, not to be exactly 5 (a poll may miss that moment)
  await page.waitForFunction(() => Number(document.getElementById("clock")?.textContent?.replace("tick ", "")) >= 5);
  for (let k = 1; k <= 3; k++) {
    await page.click("#ping");
    await waitForText(page, "#pong", `pong ${k}`);
  }
  const before = Number((await page.textContent("#clock"))?.replace("tick ", ""));
  await page.waitForFunction((n) => Number(document.getElementById("clock")?.textContent?.replace("tick ", "")) > n + 3, before);
  t.pass("the clock kept ticking while the regular callback answered three clicks");
  t.equal(await page.title(), "Dash", "the page is not left 'Updating...' by the persistent run");
  t.equal(finallyRan, 0, "still running");
  await page.close();
  const deadline = Date.now() + 15_000;
  while (finallyRan === 0 && Date.now() < deadline) await sleep(50);
  t.equal(finallyRan, 1, "the page went away: the run ended and its finally ran");
  t.equal(runs, 1);
});

t.test("an idle downlink closes, and the next click opens it again: its setProps still stream before its answer", async (t) => {
  const app = new App({
    layout: html.Div([html.Button("go", { id: "go" }), html.Div("", { id: "progress" }), html.Div("", { id: "out" })]),
    liveCallbacks: true,
    downlinkIdleMs: 200,
  });
  app.callback(
    Output("out", "children"),
    Input("go", "n_clicks"),
    async (n: unknown, ctx: CallbackContext) => {
      ctx.setProps("progress", { children: `started ${String(n)}` });
      await sleep(100);
      ctx.setProps("progress", { children: `halfway ${String(n)}` });
      await sleep(100);
      return `done ${String(n)}`;
    },
    { preventInitialCall: true },
  );
  const { page, url } = await openApp(t, app, { metrics: true });
  const open = async (): Promise<number> => {
    const text = await (await fetch(`${url}/metrics`)).text();
    return Number(/^dash_events_downlinks (\d+)$/m.exec(text)?.[1] ?? NaN);
  };
  for (const n of [1, 2]) {
    await recordTexts(page, ["progress", "out"]);
    await page.click("#go");
    await waitForText(page, "#out", `done ${n}`);
    const log = (await texts(page)).slice(1);
    t.same(log.slice(-3), [`progress=started ${n}`, `progress=halfway ${n}`, `out=done ${n}`], `click ${n}: its setProps streamed, then its answer`);
    // the downlink closes once idle
    const deadline = Date.now() + 10_000;
    while ((await open()) > 0 && Date.now() < deadline) await sleep(50);
    t.equal(await open(), 0, `after click ${n}, the idle downlink closed`);
  }
});

t.test("an event callback on the downlink reads the page too (ctx.getProp), without liveCallbacks", async (t) => {
  const app = new App({ layout: html.Div([html.Button("go", { id: "go" }), dcc.Input({ id: "name", value: "initial" }), html.Div("", { id: "out" })]) });
  app.eventCallback(Input("go", "n_clicks"), async function* (_n: unknown, ctx: EventCallbackContext) {
    yield streamProps("out", { children: `live=${String(ctx.live)}` });
    const value = await ctx.getProp("name", "value");
    yield streamProps("out", { children: `read ${typeof value === "string" ? value : JSON.stringify(value)}` });
  });
  const { page } = await openApp(t, app);
  await page.fill("#name", "typed");
  await page.click("#go");
  await waitForText(page, "#out", "read typed");
  t.pass("the event callback read the typed value");
});
