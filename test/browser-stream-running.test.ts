// Dash's `running` option on event callbacks: props set when the stream starts, undone when it
// ends for any reason (done, cancelled, [ERROR], superseded), and the running targets carry
// `data-dash-is-loading` meanwhile, as the outputs of a running regular callback do.
import t from "tap";
import { App, html, Input, Output, sleep, streamProps } from "../lib/index.js";
import { openApp, waitForText } from "./helpers/browser.js";

const layout = () =>
  html.Div([
    html.Button("start", { id: "start" }),
    html.Button("stop", { id: "stop" }),
    html.Div("idle", { id: "status", title: "idle" }),
    html.Div("none", { id: "value" }),
  ]);

const running = [
  [Output("start", "disabled"), true, false],
  [Output("status", "title"), "running", "idle"],
] as const;

const title = (page: import("playwright-core").Page) => page.getAttribute("#status", "title");
const loading = (page: import("playwright-core").Page, selector: string) => page.getAttribute(selector, "data-dash-is-loading");

t.test("running props and loading state while the stream runs; its frames land before runningOff", async (t) => {
  let release: () => void = () => {};
  const app = new App({ layout: layout() });
  app.eventCallback(
    Input("start", "n_clicks"),
    async function* () {
      yield streamProps("value", { children: "first" });
      await new Promise<void>((resolve) => (release = resolve));
      // The last frame sets a running target too: runningOff, applied after it, has the last word.
      yield streamProps([["value", { children: "last" }], ["status", { title: "from the last frame" }]]);
    },
    { running },
  );
  const { page } = await openApp(t, app);
  await page.click("#start");
  await waitForText(page, "#value", "first");
  t.ok(await page.isDisabled("#start"), "the start button is disabled while streaming");
  t.equal(await title(page), "running");
  t.equal(await loading(page, "#start"), "true");
  t.equal(await loading(page, "#status"), "true");
  t.equal(await loading(page, "#value"), null, "a component the frames touch is not a running target");
  release();
  await waitForText(page, "#value", "last");
  await page.waitForSelector("#start:not([disabled])");
  t.equal(await title(page), "idle");
  t.equal(await loading(page, "#start"), null);
  t.equal(await loading(page, "#status"), null);
});

t.test("cancelled: runningOff, then resetProps; an [ERROR]: runningOff and the error", async (t) => {
  const app = new App({ layout: layout() });
  app.eventCallback(
    Input("start", "n_clicks"),
    async function* (_n: unknown, ctx: { signal: AbortSignal }) {
      yield streamProps("value", { children: "streaming" });
      await sleep(60_000, ctx.signal);
    },
    { running, cancel: Input("stop", "n_clicks"), resetProps: { value: { children: "reset" } } },
  );
  app.eventCallback(
    Input("value", "title"),
    async function* () {
      yield streamProps("value", { children: "about to fail" });
      throw new Error("stream failed");
    },
    { running: [[Output("status", "title"), "failing", "idle after error"]] },
  );
  const { page } = await openApp(t, app);
  await page.click("#start");
  await waitForText(page, "#value", "streaming");
  t.ok(await page.isDisabled("#start"));
  await page.click("#stop");
  await waitForText(page, "#value", "reset");
  await page.waitForSelector("#start:not([disabled])");
  t.equal(await title(page), "idle");
  t.equal(await loading(page, "#start"), null);

  await page.evaluate(() => (window as unknown as { dash_clientside: { set_props(i: string, p: object): void } }).dash_clientside.set_props("value", { title: "go" }));
  await page.waitForSelector('#status[title="idle after error"]');
  t.equal(await page.textContent("#value"), "about to fail");
  t.equal(await loading(page, "#status"), null);
});

t.test("a new trigger supersedes the run: the old run's runningOff comes before the new run's running", async (t) => {
  const app = new App({ layout: layout() });
  app.eventCallback(
    Input("value", "title"),
    async function* (trigger: unknown, ctx: { signal: AbortSignal }) {
      yield streamProps("value", { children: `run ${String(trigger)}` });
      await sleep(60_000, ctx.signal);
    },
    { running: [[Output("status", "title"), "running", "idle"]] },
  );
  const { page } = await openApp(t, app);
  const trigger = (value: string) =>
    page.evaluate((v) => (window as unknown as { dash_clientside: { set_props(i: string, p: object): void } }).dash_clientside.set_props("value", { title: v }), value);
  await trigger("a");
  await waitForText(page, "#value", "run a");
  t.equal(await title(page), "running");
  await trigger("b");
  await waitForText(page, "#value", "run b");
  await page.waitForTimeout(100);
  t.equal(await title(page), "running", "still running: the first run's end did not undo the second's start");
  t.equal(await loading(page, "#status"), "true");
});
