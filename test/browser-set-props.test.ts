// window.dash_clientside.set_props: the calls made within one task commit together (one DOM
// mutation burst), and a second value for the same (id, prop) is not merged away.
import type { Page } from "playwright-core";
import t from "tap";
import { App, html } from "../lib/index.js";
import { countMutationBatches, mutationBatches, openApp, recordTextHistory, textHistory } from "./helpers/browser.js";

type SetProps = (id: unknown, props: Record<string, unknown>) => void;

/** Counts React commits (through the hook React DevTools uses), from before the renderer loads. */
function countCommits(page: Page): Promise<unknown> {
  return page.addInitScript(() => {
    const w = window as unknown as { __commits: number; __REACT_DEVTOOLS_GLOBAL_HOOK__: unknown };
    w.__commits = 0;
    w.__REACT_DEVTOOLS_GLOBAL_HOOK__ = {
      supportsFiber: true,
      isDisabled: false,
      renderers: new Map(),
      inject: () => 1,
      checkDCE: () => {},
      onScheduleFiberRoot: () => {},
      onCommitFiberUnmount: () => {},
      onPostCommitFiberRoot: () => {},
      onCommitFiberRoot: () => {
        w.__commits++;
      },
    };
  });
}

const commits = (page: Page): Promise<number> => page.evaluate(() => (window as unknown as { __commits: number }).__commits);

t.test("500 set_props calls in one task: one commit, every value applied", async (t) => {
  const cells = Array.from({ length: 500 }, (_, i) => html.Div("-", { id: `c${i}` }));
  const { page, pageErrors } = await openApp(t, new App({ layout: html.Div(cells, { id: "cells" }) }), { beforeLoad: countCommits });
  await countMutationBatches(page, "#cells");
  const before = await commits(page);
  t.ok(before > 0, "the commit counter sees React's commits");
  await page.evaluate(() => {
    const setProps = (window as unknown as { dash_clientside: { set_props: SetProps } }).dash_clientside.set_props;
    for (let i = 0; i < 500; i++) setProps(`c${i}`, { children: `v${i}` });
  });
  await page.waitForFunction(() => document.getElementById("c499")?.textContent === "v499");
  const texts = await page.locator("#cells > div").allTextContents();
  t.same(texts, Array.from({ length: 500 }, (_, i) => `v${i}`));
  t.equal((await mutationBatches(page)).length, 1, "one MutationObserver callback");
  t.equal((await commits(page)) - before, 1, "one React commit for the 500 calls");
  t.same(pageErrors, []);
});

t.test("two set_props of the same prop in one task: both values are shown, in order", async (t) => {
  const layout = html.Div([html.Div("start", { id: "out" }), html.Ul([], { id: "list" })]);
  const { page } = await openApp(t, new App({ layout }));
  await recordTextHistory(page, "#out");
  await page.evaluate(() => {
    const setProps = (window as unknown as { dash_clientside: { set_props: SetProps } }).dash_clientside.set_props;
    setProps("out", { children: "first" });
    setProps("out", { children: "second" });
    // a Patch appended twice: the second sees the first's result
    const append = (text: string) => ({
      __dash_patch_update: "__dash_patch_update",
      operations: [{ operation: "Append", location: [], params: { value: { type: "Li", namespace: "dash_html_components", props: { children: text } } } }],
    });
    setProps("list", { children: append("a") });
    setProps("list", { children: append("b") });
  });
  await page.waitForFunction(() => document.querySelectorAll("#list li").length === 2 && document.getElementById("out")?.textContent === "second");
  t.same(await textHistory(page, "#out"), ["start", "first", "second"], "the first value was on screen before the second");
  t.same(await page.locator("#list li").allTextContents(), ["a", "b"]);
});

t.test("set_props calls are committed by the end of their task", async (t) => {
  const layout = html.Div([html.Div("start", { id: "out" })]);
  const { page } = await openApp(t, new App({ layout }));
  const seen = await page.evaluate(async () => {
    const setProps = (window as unknown as { dash_clientside: { set_props: SetProps } }).dash_clientside.set_props;
    setProps("out", { children: "queued" });
    await Promise.resolve();
    await new Promise((resolve) => setTimeout(resolve, 0));
    return document.getElementById("out")?.textContent;
  });
  t.equal(seen, "queued", "committed by the end of the task");
});
