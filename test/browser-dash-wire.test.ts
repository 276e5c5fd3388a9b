/**
 * Our renderer as a faithful Dash client: the basic/, updates/ and pattern/ apps of the
 * dash-wire captures (real Dash 4.3 + real dash-renderer; test/fixtures/dash-wire), in their
 * TypeScript ports (test/fixtures/apps), served by dash-events. The same user actions must make
 * our renderer send the same `/_dash-update-component` bodies (in the same order, where Dash's
 * order is determined) and show the same results as the capture's observations.
 *
 * The user's actions are those of the capture driver (../shared/dash-wire/capture.mjs): clicks,
 * keystrokes into the real dcc.Input, opening the real dcc.Dropdown and picking "Banana",
 * filling the number inputs; so the requests come from our renderer and the real dcc together.
 *
 * seed-stream/: the seed's captured SSE bodies are fed to our stream client unchanged (plus our
 * protocol's closing [DONE]), and the ported seed app is streamed by our server; both must leave
 * the page as the seed's client left it.
 */
import { readFileSync } from "node:fs";
import type { Page } from "playwright-core";
import t, { type Test } from "tap";
import { App, Input, sleep, State, type LayoutNode } from "../lib/index.js";
import { createBasicApp } from "./fixtures/apps/basic.js";
import { createPatternApp } from "./fixtures/apps/pattern.js";
import { createSeedStreamApp, registerSeedStreamCallbacks } from "./fixtures/apps/seed-stream.js";
import { createUpdatesApp } from "./fixtures/apps/updates.js";
import { openApp, waitForText } from "./helpers/browser.js";

interface Exchange {
  seq: number;
  scenario: string;
  action: string;
  request: { method: string; path: string; body: unknown };
}

interface Observation {
  scenario: string;
  action: string;
  what: string;
  value: unknown;
}

function fixture<T>(app: string, file: string): T {
  return JSON.parse(readFileSync(new URL(`./fixtures/dash-wire/${app}/${file}`, import.meta.url), "utf8")) as T;
}

/** The captured update requests of an app, grouped by the user action that caused them, in order. */
function capturedRequests(app: string): Map<string, unknown[]> {
  const byAction = new Map<string, unknown[]>();
  for (const exchange of fixture<Exchange[]>(app, "exchanges.json")) {
    if (exchange.request.path !== "/_dash-update-component") continue;
    const key = exchange.action.startsWith("page load") ? "page load" : exchange.action;
    byAction.set(key, [...(byAction.get(key) ?? []), exchange.request.body]);
  }
  return byAction;
}

function observations(app: string): Observation[] {
  return fixture<{ observations: Observation[] }>(app, "capture-meta.json").observations;
}

/** Collects the bodies of the page's update requests and counts the finished ones. */
function watchRequests(page: Page): { bodies: unknown[]; finished: () => number } {
  const bodies: unknown[] = [];
  let finished = 0;
  const isUpdate = (url: string) => url.endsWith("/_dash-update-component");
  page.on("request", (r) => {
    if (isUpdate(r.url())) bodies.push(JSON.parse(r.postData() ?? "null"));
  });
  page.on("requestfinished", (r) => {
    if (isUpdate(r.url())) finished++;
  });
  page.on("requestfailed", (r) => {
    if (isUpdate(r.url())) finished++;
  });
  return { bodies, finished: () => finished };
}

/** Sort bodies for the comparisons where Dash's order is not determined (concurrent initial calls). */
const unordered = (bodies: unknown[]) => bodies.map((b) => JSON.stringify(b)).sort();

/**
 * Replay one app: page load, then each captured action through `act`. After each step, the
 * requests sent must equal the captured ones; `check` then compares what the page shows.
 */
async function replay(
  t: Test,
  name: string,
  app: App,
  steps: Array<{ action: string; act: (page: Page) => Promise<void>; settle?: (page: Page) => Promise<void>; noRequest?: boolean }>,
  options: { debug?: boolean } = {},
): Promise<Page> {
  const captured = capturedRequests(name);
  let watched: ReturnType<typeof watchRequests> = { bodies: [], finished: () => 0 };
  const { page } = await openApp(t, app, { ...options, beforeLoad: (p) => (watched = watchRequests(p)) });
  const waitFor = async (count: number) => {
    while (watched.finished() < count || watched.bodies.length < count) await sleep(10);
  };
  const atLoad = captured.get("page load") ?? [];
  await waitFor(atLoad.length);
  t.same(unordered(watched.bodies.slice(0, atLoad.length)), unordered(atLoad), `${name}: page load requests`);
  let sent = atLoad.length;
  for (const step of steps) {
    // `noRequest`: an action the capture made no request for (typing into an input that is
    // only a State) has no exchanges; ours must send none either.
    const expected = captured.get(step.action) ?? [];
    if (step.noRequest) t.equal(expected.length, 0, `the capture has no request for: ${step.action}`);
    else t.ok(expected.length > 0, `the capture has requests for: ${step.action}`);
    await step.act(page);
    await waitFor(sent + expected.length);
    await step.settle?.(page);
    t.same(watched.bodies.slice(sent, sent + expected.length), expected, `${name}: ${step.action}`);
    sent += expected.length;
  }
  t.equal(watched.bodies.length, sent, `${name}: no request beyond the captured ones`);
  return page;
}

const text = (page: Page, selector: string) => page.textContent(selector);

t.test("basic/: plain, prevent_initial_call, State, multi-output, chained, inputs, triggered id, clientside, running", async (t) => {
  const app = createBasicApp();
  const seen = new Map<string, unknown>();
  const page = await replay(t, "basic", app, [
    { action: "click #plain-btn (n_clicks 1)", act: (p) => p.click("#plain-btn") },
    { action: "click #pic-btn (n_clicks 1; no request was made for it at page load)", act: (p) => p.click("#pic-btn") },
    {
      action: "fill #multi-state with 's0-typed' (State only: expect no request)",
      noRequest: true,
      act: async (p) => {
        await p.fill("#multi-state", "s0-typed");
        // Give a (wrong) request the time to be sent, as the capture's settle did.
        await sleep(300);
      },
    },
    { action: "click #multi-btn (n_clicks 1) with #multi-state value 's0-typed'", act: (p) => p.click("#multi-btn") },
    {
      action: "click #chain-btn (n_clicks 1): chain-1 updates, then chain-2 fires from chain-1.children",
      act: (p) => p.click("#chain-btn"),
    },
    {
      action: "type 'hi' into #text-input (one keystroke at a time)",
      act: (p) => p.type("#text-input", "hi", { delay: 150 }),
    },
    {
      action: "open #dropdown and select 'Banana'",
      act: async (p) => {
        await p.click("#dropdown");
        await p.getByText("Banana", { exact: true }).click();
      },
    },
    { action: "click #trig-a (n_clicks 1)", act: (p) => p.click("#trig-a"), settle: async (p) => void seen.set("trig-a", await text(p, "#trig-out")) },
    { action: "click #trig-b (n_clicks 1)", act: (p) => p.click("#trig-b") },
    {
      action: "click #cs-btn (n_clicks 1): clientside callback runs in the browser, then the server callback on cs-out.children fires",
      act: (p) => p.click("#cs-btn"),
    },
    {
      action: "click #run-btn (n_clicks 1); callback sleeps 0.6 s",
      // The port answers at once; holding its request in the page keeps the running state observable.
      act: async (p) => {
        let release: () => void = () => {};
        const held = new Promise<void>((resolve) => (release = resolve));
        await p.route("**/_dash-update-component", async (route) => {
          await held;
          await route.continue();
        });
        await p.click("#run-btn");
        await p.waitForSelector("#run-btn[disabled]");
        seen.set("run disabled while running", true);
        release();
        await waitForText(p, "#run-out", "run done n=1");
        await p.unroute("**/_dash-update-component");
      },
    },
  ]);
  const shown: Record<string, unknown> = {
    "#plain-out text": await text(page, "#plain-out"),
    "#pic-out text": await text(page, "#pic-out"),
    "#multi-a / #multi-b text": [await text(page, "#multi-a"), await text(page, "#multi-b")],
    "#chain-1 / #chain-2 text": [await text(page, "#chain-1"), await text(page, "#chain-2")],
    "#text-out text": await text(page, "#text-out"),
    "#dropdown-out text": await text(page, "#dropdown-out"),
    "#cs-out / #cs-server text": [await text(page, "#cs-out"), await text(page, "#cs-server")],
    "#run-btn disabled while the request is in flight": seen.get("run disabled while running"),
    "#run-btn disabled after the response": await page.isDisabled("#run-btn"),
    "#run-out text": await text(page, "#run-out"),
  };
  for (const o of observations("basic")) {
    const value = o.what === "#trig-out text" ? (o.action.includes("trig-a") ? seen.get("trig-a") : await text(page, "#trig-out")) : shown[o.what];
    t.same(value, o.value, `basic shows: ${o.what} (${o.action})`);
  }
});

t.test("updates/: no_update, PreventUpdate, set_props side updates, no-output callbacks, Patch, errors", async (t) => {
  const app = createUpdatesApp();
  const snapshots = new Map<string, unknown>();
  const snap = (key: string, read: (p: Page) => Promise<unknown>) => async (p: Page) => void snapshots.set(key, await read(p));
  const noup = async (p: Page) => [await text(p, "#noup-a"), await text(p, "#noup-b")];
  const patchView = async (p: Page) => [await p.locator("#patch-list li").allTextContents(), await text(p, "#patch-store-view")];
  const page = await replay(t, "updates", app, [
    { action: "click #noup-btn (n_clicks 1): returns [value, no_update]", act: (p) => p.click("#noup-btn"), settle: snap("noup 1", noup) },
    { action: "click #noup-btn (n_clicks 2): returns [no_update, no_update]", act: (p) => p.click("#noup-btn"), settle: snap("noup 2", noup) },
    { action: "click #noup1-btn (n_clicks 1): single Output, returns no_update", act: (p) => p.click("#noup1-btn") },
    { action: "click #prevent-btn (n_clicks 1): raises PreventUpdate", act: (p) => p.click("#prevent-btn") },
    {
      action:
        "click #setprops-btn (n_clicks 1): returns main output and calls set_props('setprops-side', ...) and set_props({'type':'side','name':'dict'}, ...)",
      act: (p) => p.click("#setprops-btn"),
    },
    { action: "click #noout-btn (n_clicks 1): callback with no Output, only set_props", act: (p) => p.click("#noout-btn") },
    { action: "click #noout-nothing-btn (n_clicks 1): callback with no Output returns None and calls no set_props", act: (p) => p.click("#noout-nothing-btn") },
    {
      action: "click #patch-btn (n_clicks 1): Patch on patch-list.children and patch-store.data; then patch-store-view fires",
      act: (p) => p.click("#patch-btn"),
      settle: snap("patch 1", patchView),
    },
    { action: "click #patch-btn (n_clicks 2)", act: (p) => p.click("#patch-btn"), settle: snap("patch 2", patchView) },
    { action: "click #error-btn (n_clicks 1): callback raises ValueError", act: (p) => p.click("#error-btn") },
    {
      action: "click #onerror-btn (n_clicks 1): callback raises, on_error handler returns a value and calls set_props",
      act: (p) => p.click("#onerror-btn"),
      settle: (p) => waitForText(p, "#onerror-msg", "handled: boom from onerror callback n=1"),
    },
  ]);
  for (const o of observations("updates")) {
    let value: unknown;
    if (o.scenario === "no-update-partial") value = snapshots.get("noup 1");
    else if (o.scenario === "no-update-all") value = snapshots.get("noup 2");
    else if (o.scenario === "patch") value = snapshots.get(o.action.includes("n_clicks 2") ? "patch 2" : "patch 1");
    else if (o.what === "#noup1-out text") value = await text(page, "#noup1-out");
    else if (o.what === "#prevent-out text") value = await text(page, "#prevent-out");
    else if (o.what === "#noout-target text") value = await text(page, "#noout-target");
    else if (o.what === "#error-out text") value = await text(page, "#error-out");
    else if (o.what === "#onerror-out / #onerror-msg text") value = [await text(page, "#onerror-out"), await text(page, "#onerror-msg")];
    else if (o.scenario === "set-props") {
      value = [
        await text(page, "#setprops-out"),
        await text(page, "#setprops-side"),
        await page.$eval("#setprops-side", (el) => (el as HTMLElement).style.color),
        await text(page, '[id=\'{"name":"dict","type":"side"}\']'),
      ];
    } else {
      t.fail(`unhandled observation ${o.what}`);
      continue;
    }
    t.same(value, o.value, `updates shows: ${o.what} (${o.action})`);
  }
});

t.test("pattern/: dict id output, MATCH, ALL, and a returned component tree with new ids", async (t) => {
  const app = createPatternApp();
  const btn = (i: number) => `[id='{"index":${i},"type":"btn"}']`;
  let allAfterFill: string | null = null;
  let treeHtml: string | null = null;
  const page = await replay(t, "pattern", app, [
    { action: "click #dictid-btn (n_clicks 1): Output id is {'type':'dict-target','name':'x'}", act: (p) => p.click("#dictid-btn") },
    { action: "click button {'type':'btn','index':0} (n_clicks 1)", act: (p) => p.click(btn(0)) },
    { action: "click button {'type':'btn','index':2} (n_clicks 1)", act: (p) => p.click(btn(2)) },
    { action: "click button {'type':'btn','index':2} again (n_clicks 2)", act: (p) => p.click(btn(2)) },
    {
      action: "fill input {'type':'num','index':1} with '20' (was 2)",
      act: (p) => p.fill(`[id='{"index":1,"type":"num"}']`, "20"),
      settle: async (p) => {
        await waitForText(p, "#all-sum", "sum=24 values=[1, 20, 3] triggered_id={'index': 1, 'type': 'num'}");
        allAfterFill = await text(p, "#all-sum");
      },
    },
    {
      action: "click #tree-btn (n_clicks 1): returns an html.Div tree with new ids (dyn-btn, dyn-out, {'type':'num','index':3})",
      act: (p) => p.click("#tree-btn"),
      settle: async (p) => {
        await waitForText(p, "#all-sum", "sum=124 values=[1, 20, 3, 100] triggered_id={'index': 3, 'type': 'num'}");
        treeHtml = await p.$eval("#tree-container", (el) => el.innerHTML);
      },
    },
    { action: "click the new #dyn-btn (n_clicks 1)", act: (p) => p.click("#dyn-btn") },
  ]);
  for (const o of observations("pattern")) {
    if (o.what === "#tree-container html") {
      // The markup Dash showed, the real dcc.Input's own included.
      t.equal(treeHtml, o.value, `pattern shows: ${o.what} (${o.action})`);
      continue;
    }
    const value =
      o.what === "dict-target text"
        ? await text(page, '[id=\'{"name":"x","type":"dict-target"}\']')
        : o.what === "out spans text"
          ? await Promise.all([0, 1, 2].map((i) => text(page, `[id='{"index":${i},"type":"out"}']`)))
          : o.what === "#all-sum text"
            ? o.action.includes("tree-btn")
              ? await text(page, "#all-sum")
              : allAfterFill
            : await text(page, "#dyn-out");
    t.same(value, o.value, `pattern shows: ${o.what} (${o.action})`);
  }
});

/** What the seed-stream capture observed, read off our page under the same names. */
async function seedStreamShown(page: Page): Promise<Record<string, unknown>> {
  const button = async (selector: string) => `${await text(page, selector)}|disabled=${String(await page.isDisabled(selector))}`;
  return {
    "#progress / #items / #final / #start-btn": [
      await text(page, "#progress"),
      await page.locator("#items li").allTextContents(),
      await text(page, "#final"),
      await button("#start-btn"),
    ],
    "dict-id cell text": await text(page, '[id=\'{"index":1,"type":"cell"}\']'),
    "#err-out text / #err-btn state": [await text(page, "#err-out"), await button("#err-btn")],
  };
}

t.test("seed-stream/: the seed's frames, byte for byte, are applied as the seed's client applied them", async (t) => {
  // The seed's layout (a list: its layout hook adds hidden components of its own suite, which
  // render as missing-component boxes here) and event callbacks with the seed app's inputs.
  // The per-request transport: the seed's bodies are answers to the stream POST itself (the
  // multiplexed downlink carries the same frames inside envelopes; the end-to-end test below uses it).
  const app = new App({ layout: fixture<LayoutNode[]>("seed-stream", "layout.json"), streamTransport: "per-request" });
  app.eventCallback(Input("start-btn", "n_clicks"), State("progress", "children"), async function* () {
    yield* [];
  });
  app.eventCallback(Input("err-btn", "n_clicks"), async function* () {
    yield* [];
  }, { resetProps: { "err-btn": { disabled: false, children: "Error stream (reset)" } } });
  const streamBodies: unknown[] = [];
  const { page } = await openApp(t, app, { debug: true });
  // The seed's server sends no [DONE] (its client stops at the end of the body); ours ends with one.
  const seedResponse = (file: string) => readFileSync(new URL(`./fixtures/dash-wire/seed-stream/${file}`, import.meta.url), "utf8") + "data: [DONE]\n\n";
  await page.route("**/dash_update_component_sse", async (route) => {
    const body = JSON.parse(route.request().postData() ?? "null") as { inputs: Array<{ id: string }> };
    streamBodies.push(body);
    const file = body.inputs[0].id === "start-btn" ? "stream.response.txt" : "stream-error.response.txt";
    await route.fulfill({ status: 200, headers: { "content-type": "text/event-stream" }, body: seedResponse(file) });
  });
  await page.click("#start-btn");
  await waitForText(page, "#final", "DONE: 3 updates streamed");
  await page.click("#err-btn");
  await waitForText(page, "#err-btn", "Error stream (reset)");
  const shown = await seedStreamShown(page);
  for (const o of observations("seed-stream")) t.same(shown[o.what], o.value, `seed-stream shows: ${o.what}`);
  t.match(await text(page, ".dash-events-error"), /boom from err_stream/);
  // Our client's request is Dash's update request (the event callback's id as output, no outputs).
  t.same(streamBodies[0], {
    output: (streamBodies[0] as { output: string }).output,
    inputs: [{ id: "start-btn", property: "n_clicks", value: 1 }],
    changedPropIds: ["start-btn.n_clicks"],
    parsedChangedPropsIds: ["start-btn.n_clicks"],
    state: [{ id: "progress", property: "children", value: "idle" }],
  });
  t.match((streamBodies[0] as { output: string }).output, /^[0-9a-f]{64}$/);
});

t.test("seed-stream/ end to end: the seed app ported, streamed by our server, shows what the seed showed", async (t) => {
  registerSeedStreamCallbacks();
  const { page } = await openApp(t, createSeedStreamApp(), { debug: true });
  await page.click("#start-btn");
  await waitForText(page, "#final", "DONE: 3 updates streamed");
  await page.click("#err-btn");
  await waitForText(page, "#err-btn", "Error stream (reset)");
  const shown = await seedStreamShown(page);
  for (const o of observations("seed-stream")) t.same(shown[o.what], o.value, `seed-stream shows: ${o.what}`);
  t.match(await text(page, ".dash-events-error"), /boom from err_stream/);
});
