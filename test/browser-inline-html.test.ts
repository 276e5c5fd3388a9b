// Html elements directly inside an html element are drawn by their parent's view, without a
// view of their own (renderer/render/inline-html.ts). What a user sees must not change: each
// updates on its own without its siblings' DOM being rebuilt, clicks count, loading shows,
// components put inside one work, and object ids are followed.
import t from "tap";
import { App, dcc, html, Input, MATCH, Output, State } from "../lib/index.js";
import { openApp, waitForText } from "./helpers/browser.js";

const cells = Array.from({ length: 20 }, (_, i) => `c${i}`);

/** Tag every element of `ids` in the page, so a rebuilt (replaced) DOM element is noticed. */
async function tag(page: import("playwright-core").Page, ids: string[]): Promise<void> {
  await page.evaluate((list) => {
    for (const id of list) (document.getElementById(id) as HTMLElement & { __tagged?: boolean }).__tagged = true;
  }, ids);
}

async function untagged(page: import("playwright-core").Page, ids: string[]): Promise<string[]> {
  return page.evaluate((list) => list.filter((id) => !(document.getElementById(id) as { __tagged?: boolean } | null)?.__tagged), ids);
}

t.test("html children of an html element: own updates, same DOM elements, clicks, loading, object ids", async (t) => {
  const app = new App({
    layout: html.Div([
      html.Div(cells.map((id) => html.Div(`${id} initial`, { id })), { id: "list" }),
      html.Div("empty", { id: "holder" }),
      html.Button("fill", { id: "fill" }),
      html.Div("no clicks", { id: "clicks" }),
      html.Button("slow", { id: "slow" }),
      html.Ul([0, 1, 2].map((index) => html.Li(`row ${index}`, { id: { type: "row", index } }))),
      html.Div("", { id: "typed" }),
    ]),
  });
  app.callback(Output("c5", "children"), Input("c3", "n_clicks"), (n: number | undefined) => `c3 clicked ${n ?? 0}`, { preventInitialCall: true });
  app.callback(
    Output("holder", "children"),
    Input("fill", "n_clicks"),
    () => [dcc.Input({ id: "field", value: "start" }), html.Span("inside", { id: "inside" })],
    { preventInitialCall: true },
  );
  app.callback(Output("typed", "children"), Input("field", "value"), (value: string) => `typed ${value}`, { preventInitialCall: true });
  app.callback(
    Output("c8", "children"),
    Input("slow", "n_clicks"),
    async () => {
      await new Promise((resolve) => setTimeout(resolve, 600));
      return "c8 done";
    },
    { preventInitialCall: true },
  );
  app.callback(
    Output({ type: "row", index: MATCH }, "children"),
    Input({ type: "row", index: MATCH }, "n_clicks"),
    State({ type: "row", index: MATCH }, "id"),
    (n: number | undefined, id: { index: number }) => `row ${id.index} clicked ${n ?? 0}`,
    { preventInitialCall: true },
  );
  const { page, pageErrors } = await openApp(t, app);
  await waitForText(page, "#c19", "c19 initial");
  const all = [...cells, "holder"];
  await tag(page, all);

  await page.evaluate(() => window.dash_clientside?.set_props?.("c2", { children: "c2 changed" }));
  await waitForText(page, "#c2", "c2 changed");
  t.equal(await page.textContent("#c1"), "c1 initial", "a sibling keeps its text");

  await page.click("#c3");
  await waitForText(page, "#c5", "c3 clicked 1");
  await page.click("#c3");
  await waitForText(page, "#c5", "c3 clicked 2");

  await page.click("#slow");
  await page.waitForSelector('#c8[data-dash-is-loading="true"]');
  await waitForText(page, "#c8", "c8 done");
  t.equal(await page.getAttribute("#c8", "data-dash-is-loading"), null, "not loading once answered");

  await page.click("#fill");
  await page.waitForSelector("#field");
  t.equal(await page.textContent("#inside"), "inside", "components put into an html element show");
  await page.fill("#field", "abc");
  await waitForText(page, "#typed", "typed abc");

  await page.click("li >> nth=1");
  await page.waitForFunction(() => document.querySelectorAll("li")[1]?.textContent === "row 1 clicked 1");
  t.same(await page.$$eval("li", (items) => items.map((li) => li.textContent)), ["row 0", "row 1 clicked 1", "row 2"], "the matching row only");

  t.same(await untagged(page, all), [], "no element was rebuilt: updates changed them in place");
  t.same(pageErrors, []);
});

t.test("a property a page script adds to Object.prototype reaches no html element", async (t) => {
  const app = new App({
    layout: html.Div([html.Div("a", { id: "a", title: "own" }), html.Button("b", { id: "b" }), html.Div("empty", { id: "holder" })], { id: "outer" }),
  });
  app.callback(Output("holder", "children"), Input("b", "n_clicks"), () => html.Span("new", { id: "new", title: "own" }), { preventInitialCall: true });
  const { page, pageErrors } = await openApp(t, app);
  // an old library's habit: an enumerable method on every object (added once the page runs:
  // esbuild's own start-up code in the bundle assumes a clean Object.prototype, as most code does)
  await page.evaluate(() => Object.defineProperty(Object.prototype, "polluted", { value: "yes", enumerable: true, writable: true, configurable: true }));
  await page.click("#b");
  await page.waitForSelector("#new");
  t.same(
    await page.$$eval("#outer, #outer *", (elements) => elements.filter((el) => el.hasAttribute("polluted")).map((el) => el.id)),
    [],
    "no element drawn since carries the inherited property as an attribute",
  );
  t.equal(await page.getAttribute("#new", "title"), "own", "own props still reach the element");
  t.same(pageErrors, []);
});

t.test("elements that leave a list and come back are followed again; those that stay keep updating", async (t) => {
  const items = (ids: string[]) => ids.map((id) => html.Div(`${id} initial`, { id }));
  const all = ["i0", "i1", "i2", "i3"];
  const app = new App({ layout: html.Div([html.Div(items(all), { id: "list" }), html.Button("drop", { id: "drop" }), html.Button("back", { id: "back" })]) });
  app.callback(Output("list", "children"), Input("drop", "n_clicks"), () => items(["i0", "i1", "i3"]), { preventInitialCall: true });
  app.callback(Output("list", "children", { allowDuplicate: true }), Input("back", "n_clicks"), () => items(all), { preventInitialCall: true });
  const { page, pageErrors } = await openApp(t, app);
  const setText = (id: string, text: string) => page.evaluate(([i, c]) => window.dash_clientside?.set_props?.(i, { children: c }), [id, text] as const);

  await page.click("#drop");
  await page.waitForSelector("#i2", { state: "detached" });
  await setText("i3", "i3 after drop");
  await waitForText(page, "#i3", "i3 after drop");

  await page.click("#back");
  await waitForText(page, "#i2", "i2 initial");
  await setText("i2", "i2 is back");
  await waitForText(page, "#i2", "i2 is back");
  await setText("i3", "i3 after back");
  await waitForText(page, "#i3", "i3 after back");
  t.same(await page.$$eval("#list > div", (divs) => divs.map((d) => d.textContent)), ["i0 initial", "i1 initial", "i2 is back", "i3 after back"]);
  t.same(pageErrors, []);
});
