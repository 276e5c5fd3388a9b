import t from "tap";
import { App, html, Input, Output, streamProps, sleep, type AppOptions } from "../lib/index.js";
import {
  countMutationBatches,
  mutationBatches,
  openApp,
  recordTextHistory,
  textHistory,
  waitForText,
} from "./helpers/browser.js";

/**
 * The stream transport these tests run on: the default (multiplexed), or `per-request` when
 * browser-streams-per-request.test.ts runs this file.
 */
const transport = process.env.DASH_EVENTS_TEST_TRANSPORT === "per-request" ? "per-request" : "multiplexed";
const streamApp = (options: AppOptions): App => new App({ streamTransport: transport, ...options });

/** A promise with its resolve function, to let a server-side generator tell the test it finished. */
function signal(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

t.test("200 [SINGLE] updates to one component: every value is applied, in order, and the last stays", async (t) => {
  const app = streamApp({ layout: html.Div([html.Button("start", { id: "start" }), html.Div("init", { id: "value" })]) });
  app.eventCallback(Input("start", "n_clicks"), async function* () {
    // No pauses: frames arrive in bursts, so merging within an animation frame must keep every value.
    for (let i = 0; i < 200; i++) yield streamProps("value", { children: `v${i}` });
  });
  const { page } = await openApp(t, app);
  await recordTextHistory(page, "#value");
  await page.click("#start");
  await waitForText(page, "#value", "v199");
  t.same(await textHistory(page, "#value"), ["init", ...Array.from({ length: 200 }, (_, i) => `v${i}`)]);
});

t.test("a [BATCH] of 500 updates to 500 components lands in one commit", async (t) => {
  const cells = Array.from({ length: 500 }, (_, i) => html.Div(`cell ${i}: old`, { id: `cell-${i}` }));
  const app = streamApp({ layout: html.Div([html.Button("start", { id: "start" }), html.Div(cells, { id: "cells" })]) });
  app.eventCallback(Input("start", "n_clicks"), async function* () {
    yield streamProps({ batch: cells.map((_, i) => [`cell-${i}`, { children: `cell ${i}: new` }] as const) });
  });
  const { page } = await openApp(t, app);
  await countMutationBatches(page, "#cells");
  await page.click("#start");
  await waitForText(page, "#cell-499", "cell 499: new");
  t.equal(await page.textContent("#cell-0"), "cell 0: new");
  t.same(await mutationBatches(page), [500], "one MutationObserver callback holding the 500 text changes");
});

t.test("1,000 [SINGLE] frames to 1,000 components, sent as fast as they come: merged into far fewer commits", async (t) => {
  const cells = Array.from({ length: 1000 }, (_, i) => html.Div("old", { id: `cell-${i}` }));
  const app = streamApp({ layout: html.Div([html.Button("start", { id: "start" }), html.Div(cells, { id: "cells" })]) });
  app.eventCallback(Input("start", "n_clicks"), async function* () {
    for (let i = 0; i < 1000; i++) yield streamProps(`cell-${i}`, { children: "new" });
  });
  const { page } = await openApp(t, app);
  await countMutationBatches(page, "#cells");
  await page.click("#start");
  await waitForText(page, "#cell-999", "new");
  const batches = await mutationBatches(page);
  t.equal(batches.reduce((a, b) => a + b, 0), 1000, "every cell changed once");
  // one commit per animation frame at most, plus the first one at once: the stream takes a few
  // frames, so most commits hold many frames (a slow machine only spreads them over more frames)
  t.ok(batches.length <= 500, `${batches.length} DOM commits for 1,000 frames`);
  t.ok(Math.max(...batches) > 1, "frames that arrive together share a commit");
});

t.test("a cancel input stops the stream: the generator's finally runs, resetProps apply, no later frame lands", async (t) => {
  const finished = signal();
  const app = streamApp({
    layout: html.Div([
      html.Button("start", { id: "start" }),
      html.Button("stop", { id: "stop" }),
      html.Div("idle", { id: "status" }),
      html.Div("no ticks", { id: "ticks" }),
    ]),
  });
  app.eventCallback(
    Input("start", "n_clicks"),
    async function* (_n: unknown, ctx: { signal: AbortSignal }) {
      try {
        yield streamProps("status", { children: "running" });
        for (let i = 0; ; i++) {
          yield streamProps("ticks", { children: `tick ${i}` });
          await sleep(20, ctx.signal);
        }
      } finally {
        finished.resolve();
      }
    },
    { cancel: [Input("stop", "n_clicks")], resetProps: { status: { children: "reset" } } },
  );
  const { page } = await openApp(t, app);
  await page.click("#start");
  // at least 3 ticks (the page may show "tick 2" then "tick 4": frames of one animation frame merge)
  await page.waitForFunction(() => Number(document.getElementById("ticks")?.textContent?.replace("tick ", "")) >= 3);
  await page.click("#stop");
  await finished.promise;
  await waitForText(page, "#status", "reset");
  const atCancel = await page.textContent("#ticks");
  await recordTextHistory(page, "#ticks");
  await page.waitForTimeout(200);
  t.same(await textHistory(page, "#ticks"), [atCancel], "nothing applied after the cancel");
});

t.test("a conditional cancel ({ input, whileEquals }): the stream runs only while the input equals the value", async (t) => {
  const finished = signal();
  const app = streamApp({
    layout: html.Div([html.Button("start", { id: "start" }), html.Div("on", { id: "mode", title: "on" }), html.Div("idle", { id: "status" })]),
  });
  app.eventCallback(
    Input("start", "n_clicks"),
    async function* (_n: unknown, ctx: { signal: AbortSignal }) {
      try {
        yield streamProps("status", { children: "running" });
        await sleep(60_000, ctx.signal);
      } finally {
        finished.resolve();
      }
    },
    { cancel: { input: Input("mode", "title"), whileEquals: "on" }, resetProps: { status: { children: "stopped" } } },
  );
  const { page } = await openApp(t, app);
  const setTitle = (title: string) =>
    page.evaluate((v) => (window as unknown as { dash_clientside: { set_props(i: string, p: object): void } }).dash_clientside.set_props("mode", { title: v }), title);
  await page.click("#start");
  await waitForText(page, "#status", "running");
  await setTitle("on");
  t.equal(await page.textContent("#status"), "running", "still the allowed value: the stream goes on");
  await setTitle("off");
  await finished.promise;
  await waitForText(page, "#status", "stopped");
});

t.test("a new trigger of the same event callback aborts its previous stream", async (t) => {
  const runs: string[] = [];
  const app = streamApp({ layout: html.Div([html.Button("start", { id: "start" }), html.Div("none", { id: "run" })]) });
  app.eventCallback(Input("start", "n_clicks"), async function* (n: unknown, ctx: { signal: AbortSignal }) {
    try {
      yield streamProps("run", { children: `run ${String(n)}` });
      await sleep(60_000, ctx.signal);
    } finally {
      runs.push(`run ${String(n)} ended`);
    }
  });
  const { page } = await openApp(t, app);
  await page.click("#start");
  await waitForText(page, "#run", "run 1");
  await page.click("#start");
  await waitForText(page, "#run", "run 2");
  while (runs.length === 0) await sleep(10);
  t.same(runs, ["run 1 ended"]);
});

t.test("an [ERROR] frame shows its message and applies reset_props", async (t) => {
  const app = streamApp({
    layout: html.Div([html.Button("start", { id: "start" }), html.Div("idle", { id: "status" }), html.Div("none", { id: "value" })]),
  });
  app.eventCallback(
    Input("start", "n_clicks"),
    async function* () {
      yield streamProps("status", { children: "running" });
      yield streamProps("value", { children: "before the error" });
      throw new Error("stream exploded");
    },
    { resetProps: { status: { children: "reset after error" } } },
  );
  const { page, dialogs } = await openApp(t, app, { debug: true });
  await page.click("#start");
  await waitForText(page, "#status", "reset after error");
  await page.waitForSelector(".dash-events-error");
  t.match(await page.textContent(".dash-events-error"), /stream exploded/);
  t.equal(await page.textContent("#value"), "before the error");
  await page.click(".dash-events-error-dismiss");
  await page.waitForSelector(".dash-events-error", { state: "detached" });
  t.same(dialogs, []);
});

t.test("an error that onError handled (handle_error false): its updates and reset_props apply, and the page shows no error", async (t) => {
  const app = streamApp({
    layout: html.Div([html.Button("start", { id: "start" }), html.Div("idle", { id: "status" }), html.Div("none", { id: "note" })]),
  });
  app.eventCallback(
    Input("start", "n_clicks"),
    async function* () {
      yield streamProps("status", { children: "running" });
      throw new Error("handled failure");
    },
    {
      resetProps: { status: { children: "reset" } },
      onError: (error) => streamProps("note", { children: `handled: ${(error as Error).message}` }),
    },
  );
  const { page, consoleMessages } = await openApp(t, app, { debug: true });
  await page.click("#start");
  await waitForText(page, "#status", "reset");
  t.equal(await page.textContent("#note"), "handled: handled failure");
  t.equal(await page.locator(".dash-events-error").count(), 0, "no error box");
  t.same(consoleMessages.filter((m) => m.startsWith("error:") && !m.includes("Failed to load resource")), [], "no console error");
});

t.test(
  transport === "multiplexed"
    ? "a lost connection mid-stream: the downlink resumes, the run goes on, and the page keeps working"
    : "a lost connection mid-stream ends the run like an error; the page keeps working",
  async (t) => {
    const resume = signal();
    const app = streamApp({
      layout: html.Div([
        html.Button("start", { id: "start" }),
        html.Div("idle", { id: "status" }),
        html.Button("ping", { id: "ping" }),
        html.Div({ id: "pong" }),
      ]),
    });
    app.eventCallback(
      Input("start", "n_clicks"),
      async function* () {
        yield streamProps("status", { children: "running" });
        await resume.promise;
        yield streamProps("status", { children: "after the cut" });
      },
      { resetProps: { status: { children: "reset after disconnect" } } },
    );
    app.callback(Output("pong", "children"), Input("ping", "n_clicks"), (n: unknown) => `pong ${String(n)}`, { preventInitialCall: true });
    const { page, server } = await openApp(t, app, { debug: true });
    await page.click("#start");
    await waitForText(page, "#status", "running");
    server.server.server.closeAllConnections();
    resume.resolve();
    if (transport === "multiplexed") {
      // the downlink reconnects and the server replays what it missed
      await waitForText(page, "#status", "after the cut");
      t.equal(await page.$(".dash-events-error"), null, "no error: nothing was lost");
    } else {
      // the run's own response is gone: the run ends as on an error
      await waitForText(page, "#status", "reset after disconnect");
      await page.waitForSelector(".dash-events-error");
      t.match(await page.textContent(".dash-events-error"), /stream/i);
    }
    await page.click("#ping");
    await waitForText(page, "#pong", "pong 1");
    t.equal(await page.textContent("#pong"), "pong 1", "regular callbacks still run");
  },
);

t.test("streamed set_props: an unknown id is skipped, later frames apply, changed Inputs trigger callbacks", async (t) => {
  const app = streamApp({
    layout: html.Div([html.Button("start", { id: "start" }), html.Div("none", { id: "value" }), html.Div({ id: "derived" })]),
  });
  app.eventCallback(Input("start", "n_clicks"), async function* () {
    yield streamProps("no-such-component", { children: "lost" });
    yield streamProps("value", { children: "after the unknown id" });
  });
  app.callback(Output("derived", "children"), Input("value", "children"), (v: unknown) => `derived from ${String(v)}`);
  const { page, pageErrors, consoleMessages } = await openApp(t, app);
  await page.click("#start");
  await waitForText(page, "#derived", "derived from after the unknown id");
  t.ok(consoleMessages.some((m) => m.startsWith("warning: ") && m.includes("no-such-component")));
  t.same(pageErrors, []);
});

t.test("the seed's cancel [Input, value]: any change of the input ends the stream, the value is not compared (a Reset's second click, leaving a tab)", async (t) => {
  const ended: string[] = [];
  const app = streamApp({
    layout: html.Div([html.Button("start", { id: "start" }), html.Button("reset", { id: "reset" }), html.Div("idle", { id: "status" })]),
  });
  app.eventCallback(
    Input("start", "n_clicks"),
    async function* (n: unknown, ctx: { signal: AbortSignal }) {
      try {
        yield streamProps("status", { children: `running ${String(n)}` });
        await sleep(60_000, ctx.signal);
      } finally {
        ended.push(`run ${String(n)}`);
      }
    },
    // As written in the seed's CI/CD example: the value 1 is the click count Reset would have after one click
    { cancel: [[Input("reset", "n_clicks"), 1]], resetProps: { status: { children: "stopped" } } },
  );
  const { page } = await openApp(t, app);
  await page.click("#start");
  await waitForText(page, "#status", "running 1");
  await page.click("#reset");
  await waitForText(page, "#status", "stopped");
  await page.click("#start");
  await waitForText(page, "#status", "running 2");
  await page.click("#reset"); // n_clicks 2: not equal to 1, and still a cancel
  await waitForText(page, "#status", "stopped");
  for (let i = 0; i < 100 && ended.length < 2; i++) await sleep(20);
  t.same(ended, ["run 1", "run 2"], "both runs were closed on the server");
});

t.test("timeout ends a run on the server: finally runs, onError's updates and resetProps apply in the page", async (t) => {
  const ended = signal();
  const app = streamApp({ layout: html.Div([html.Button("start", { id: "start" }), html.Div("idle", { id: "status" }), html.Div("", { id: "why" })]) });
  app.eventCallback(
    Input("start", "n_clicks"),
    async function* (_n: unknown, ctx: { signal: AbortSignal }) {
      try {
        yield streamProps("status", { children: "running" });
        await sleep(60_000, ctx.signal);
      } finally {
        ended.resolve();
      }
    },
    {
      timeout: 300,
      onError: (error: unknown) => streamProps("why", { children: error instanceof Error && /timed out/.test(error.message) ? "took too long" : "failed" }),
      resetProps: { status: { children: "reset" } },
    },
  );
  const { page } = await openApp(t, app);
  await page.click("#start");
  await waitForText(page, "#status", "running");
  await ended.promise;
  await waitForText(page, "#why", "took too long");
  await waitForText(page, "#status", "reset");
  t.equal(await page.$(".dash-events-error"), null, "handled by onError: no error shown");
});
