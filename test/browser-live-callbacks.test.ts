/**
 * Live callbacks in real Chromium (issue 19), written from Dash's documented behaviour of
 * WebSocket callbacks: a regular async callback's `set_props` shows progress while it runs,
 * `await ctx.getProp` reads what the page holds now, a connect hook refuses or accepts the page,
 * and long-running callbacks leave quick ones answering.
 */
import t from "tap";
import type { Page } from "playwright-core";
import { App, dcc, html, Input, MATCH, Output, Patch, setProps, sleep, streamProps, type CallbackContext, type EventCallbackContext } from "../lib/index.js";
import { openApp, sharedBrowser, waitForText } from "./helpers/browser.js";

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
    const app = new App({ layout: html.Div([html.Button("go", { id: "go" }), html.Div("untouched", { id: "out" }), html.Div("", { id: "other" })]) });
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
  t.ok(errors.length <= 3, `no console flood (${errors.length} error lines: the refused request and the one report)`, { errors });

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

/** Count the requests for the downlink the server gets from now on (the page's and its SharedWorker's alike). */
function countDownlinks(opened: { server: { server: { server: import("node:http").Server } } }): () => number {
  let count = 0;
  opened.server.server.server.on("request", (request: import("node:http").IncomingMessage) => {
    if (request.url?.startsWith("/_dash-downlink")) count++;
  });
  return () => count;
}

t.test("live by default, at no cost: callbacks that never call setProps open no downlink, nor do sync ones that do (folded into their answer); the first async one that does opens one and streams; liveCallbacks: false folds setProps into the answer", async (t) => {
  const build = (options: { liveCallbacks?: boolean }): App => {
    const app = new App({
      layout: html.Div([
        html.Button("plain", { id: "plain" }),
        html.Div("", { id: "plain-out" }),
        html.Button("sync", { id: "sync" }),
        html.Div("", { id: "sync-out" }),
        html.Div("", { id: "sync-side" }),
        html.Button("go", { id: "go" }),
        html.Div("", { id: "progress" }),
        html.Div("", { id: "out" }),
      ]),
      ...options,
    });
    // a function that returns its value at once: its setProps go with its answer, as in Dash
    app.callback(Output("sync-out", "children"), Input("sync", "n_clicks"), (n: unknown, ctx: CallbackContext) => {
      ctx.setProps("sync-side", { children: `first ${String(n)}`, title: "kept" });
      setProps("sync-side", { children: `second ${String(n)}` });
      return `sync ${String(n)} live=${String(ctx.live)}`;
    }, { preventInitialCall: true });
    app.callback(Output("plain-out", "children"), Input("plain", "n_clicks"), async (n: unknown) => {
      await sleep(5);
      return `plain ${String(n)}`;
    }, { preventInitialCall: true });
    app.callback(
      Output("out", "children"),
      Input("go", "n_clicks"),
      async (n: unknown, ctx: CallbackContext) => {
        for (const step of [1, 2, 3]) {
          await ctx.setProps("progress", { children: `step ${step}` });
          await sleep(80);
        }
        return `done ${String(n)} live=${String(ctx.live)}`;
      },
      { preventInitialCall: true },
    );
    return app;
  };
  const live = await openApp(t, build({}));
  const downlinks = countDownlinks(live);
  for (const n of [1, 2, 3]) {
    await live.page.click("#plain");
    await waitForText(live.page, "#plain-out", `plain ${n}`);
  }
  t.equal(downlinks(), 0, "three callbacks that never call setProps/getProp: no downlink was requested");
  await recordTexts(live.page, ["sync-side", "sync-out"]);
  await live.page.click("#sync");
  await waitForText(live.page, "#sync-out", "sync 1 live=true");
  t.same(
    (await texts(live.page)).filter((entry) => entry !== "sync-side=" && entry !== "sync-out="),
    ["sync-side=second 1", "sync-out=sync 1 live=true"],
    "a sync callback's two setProps came merged, with its answer",
  );
  t.equal(await live.page.getAttribute("#sync-side", "title"), "kept", "the props of both calls merged, as Dash's set_props does");
  t.equal(downlinks(), 0, "and it opened no downlink");
  await recordTexts(live.page, ["progress", "out"]);
  await live.page.click("#go");
  await waitForText(live.page, "#out", "done 1 live=true");
  t.same(
    (await texts(live.page)).filter((entry) => entry !== "progress=" && entry !== "out="),
    ["progress=step 1", "progress=step 2", "progress=step 3", "out=done 1 live=true"],
    "with no option set, every setProps was shown while the callback ran, then its answer",
  );
  t.equal(downlinks(), 1, "the first callback that streamed opened the downlink, once");
  await live.page.click("#go");
  await waitForText(live.page, "#out", "done 2 live=true");
  t.equal(downlinks(), 1, "the next one named the open downlink");

  const off = await openApp(t, build({ liveCallbacks: false }));
  const offDownlinks = countDownlinks(off);
  await recordTexts(off.page, ["progress", "out"]);
  await off.page.click("#go");
  await waitForText(off.page, "#out", "done 1 live=false");
  t.same(
    (await texts(off.page)).filter((entry) => entry !== "progress=" && entry !== "out="),
    ["progress=step 3", "out=done 1 live=false"],
    "liveCallbacks: false: the setProps came folded into the answer (the last value, with it)",
  );
  t.equal(offDownlinks(), 0, "and no downlink was opened");
});

t.test("two tabs sharing the SharedWorker, each starting streaming callbacks at once: every setProps and answer lands in its own tab", async (t) => {
  const app = new App({ layout: html.Div([html.Button("go", { id: "go" }), html.Div("", { id: "a" }), html.Div("", { id: "b" }), html.Div("", { id: "out" })]) });
  for (const id of ["a", "b"]) {
    app.callback(Output(id, "title"), Input("go", "n_clicks"), async (n: unknown, ctx: CallbackContext) => {
      await ctx.setProps(id, { children: `${id} streamed ${String(n)}` });
      await sleep(50);
      return `${id} answered`;
    }, { preventInitialCall: true });
  }
  const opened = await openApp(t, app);
  const downlinks = countDownlinks(opened);
  // one browser profile: its tabs share the SharedWorker
  const context = await (await sharedBrowser(t)).newContext();
  t.teardown(() => context.close());
  const tabs: Page[] = [];
  for (let i = 0; i < 2; i++) {
    const tab = await context.newPage();
    t.teardown(() => tab.close());
    await tab.goto(opened.url);
    await tab.waitForSelector("html[data-dash-events-ready]");
    tabs.push(tab);
  }
  const [first, second] = tabs;
  await Promise.all([first.click("#go"), second.click("#go")]);
  for (const page of tabs) {
    for (const id of ["a", "b"]) {
      await waitForText(page, `#${id}`, `${id} streamed 1`);
      await page.waitForFunction((sel) => document.getElementById(sel)?.title === `${sel} answered`, id);
    }
  }
  t.pass("both tabs got their two callbacks' frames and answers");
  const raced = downlinks();
  t.ok(raced >= 1 && raced <= 2, `one downlink per tab at most, for two callbacks each (${raced})`);
  // and again, now that a downlink is open
  await Promise.all([first.click("#go"), second.click("#go")]);
  for (const page of tabs) await waitForText(page, "#b", "b streamed 2");
  t.pass("the next clicks streamed too");
  t.equal(downlinks(), raced, "on the open downlink: none more was opened");
});

t.test("setProps in an event callback and in a background callback: frames of the run, in order with its yields (both transports)", async (t) => {
  for (const transport of ["multiplexed", "per-request"] as const) {
    const app = new App({
      streamTransport: transport,
      layout: html.Div([html.Button("ev", { id: "ev" }), html.Div("", { id: "log" }), html.Div("", { id: "side" }), html.Button("bg", { id: "bg" }), html.Div("", { id: "bg-out" }), html.Div("", { id: "bg-side" })]),
    });
    const nested = (): PromiseLike<void> => setProps("side", { children: "s2 (module-level, from a nested function)" });
    app.eventCallback(Input("ev", "n_clicks"), async function* (_n: unknown, ctx: EventCallbackContext) {
      yield streamProps("log", { children: "a" });
      await sleep(40);
      await ctx.setProps("side", { children: "s1" });
      await sleep(40);
      yield streamProps("log", { children: "b" });
      await sleep(40);
      await nested();
      await sleep(40);
      yield streamProps("log", { children: "c" });
    }, { preventInitialCall: true });
    app.backgroundCallback(Output("bg-out", "children"), [Input("bg", "n_clicks")], [], async (_setProgress: unknown, n: unknown) => {
      await setProps("bg-side", { children: `from the background function ${String(n)}` });
      await sleep(40);
      return `bg done ${String(n)}`;
    }, { background: true, preventInitialCall: true });
    const { page } = await openApp(t, app);
    await recordTexts(page, ["log", "side"]);
    await page.click("#ev");
    await waitForText(page, "#log", "c");
    t.same(
      (await texts(page)).filter((entry) => entry !== "log=" && entry !== "side="),
      ["log=a", "side=s1", "log=b", "side=s2 (module-level, from a nested function)", "log=c"],
      `${transport}: each setProps landed between the yields it came between`,
    );
    await page.click("#bg");
    await waitForText(page, "#bg-out", "bg done 1");
    t.equal(await page.textContent("#bg-side"), "from the background function 1", `${transport}: the background function's setProps reached the page`);
  }
});

t.test("the page's getProp answers and stream cancels carry the callback requests' JWT (request_refresh_jwt)", async (t) => {
  const app = new App({
    layout: html.Div([html.Button("read", { id: "read" }), dcc.Input({ id: "name", value: "jwt reader" }), html.Div("", { id: "out" }), html.Button("run", { id: "run" }), html.Button("stop", { id: "stop" }), html.Div("", { id: "ticks" })]),
    renderer: `var renderer = new DashRenderer({ request_refresh_jwt: function () { return "tok"; } });`,
  });
  app.callback(Output("out", "children"), Input("read", "n_clicks"), async (_n: unknown, ctx: CallbackContext) => `read ${JSON.stringify(await ctx.getProp("name", "value"))}`, { preventInitialCall: true });
  app.eventCallback(Input("run", "n_clicks"), async function* (_n: unknown, ctx: EventCallbackContext) {
    for (let tick = 1; ; tick++) {
      yield streamProps("ticks", { children: `tick ${tick}` });
      await sleep(30, ctx.signal);
    }
  }, { preventInitialCall: true, cancel: [Input("stop", "n_clicks")] });
  const sent: Array<[string, string | null]> = [];
  const { page } = await openApp(t, app, {
    beforeLoad: (page) => {
      // a gateway in front of the app: the page's POSTs need `Authorization: Bearer tok`
      void page.route(/\/(_dash-update-component|dash_update_component_sse|_dash-live-reply|_dash-stream-cancel)$/, (route) => {
        if (route.request().method() !== "POST") return void route.continue();
        const authorization = route.request().headers()["authorization"] ?? null;
        sent.push([new URL(route.request().url()).pathname, authorization]);
        if (authorization === "Bearer tok") void route.continue();
        else void route.fulfill({ status: 401, contentType: "text/plain", body: "JWT Expired" });
      });
    },
  });
  await page.click("#read");
  await waitForText(page, "#out", `read "jwt reader"`);
  t.ok(sent.some(([path, auth]) => path === "/_dash-live-reply" && auth === "Bearer tok"), "the getProp answer carried the token", { sent });
  await page.click("#run");
  await page.waitForFunction(() => Number(document.getElementById("ticks")?.textContent?.replace("tick ", "")) >= 3);
  await page.click("#stop");
  const deadline = Date.now() + 10_000;
  while (!sent.some(([path]) => path === "/_dash-stream-cancel") && Date.now() < deadline) await sleep(20);
  t.same(sent.filter(([path]) => path === "/_dash-stream-cancel"), [["/_dash-stream-cancel", "Bearer tok"]], "the cancel request carried the token");
  t.notOk(sent.some(([path, auth]) => (path === "/_dash-live-reply" || path === "/_dash-stream-cancel") && auth !== "Bearer tok"), "none went without it");
});
