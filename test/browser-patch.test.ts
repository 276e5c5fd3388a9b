// Patch in the page: sequence operations on a string prop concatenate (a log, a token stream),
// from a server callback, a stream and a clientside callback; `window.dash_clientside.Patch`
// builds a Patch with dash-renderer's PatchBuilder API.
import t from "tap";
import { App, html, Input, Output, Patch, streamProps } from "../lib/index.js";
import { openApp, waitForText } from "./helpers/browser.js";

t.test("a server Patch appends, prepends, inserts and extends text on a string prop", async (t) => {
  const app = new App({ layout: html.Div([html.Button("go", { id: "go" }), html.Pre("log:", { id: "log" })]) });
  app.callback(Output("log", "children"), Input("go", "n_clicks"), (n: number | undefined) => {
    const patch = new Patch();
    if (n === 1) patch.append(" one");
    if (n === 2) patch.prepend("[2] ").extend([" two", " 2"]);
    if (n === 3) patch.insert(-1, "!").append(".");
    return patch;
  }, { preventInitialCall: true });
  const { page, pageErrors } = await openApp(t, app);
  await page.click("#go");
  await waitForText(page, "#log", "log: one");
  await page.click("#go");
  await waitForText(page, "#log", "[2] log: one two 2");
  await page.click("#go");
  await waitForText(page, "#log", "[2] log: one two !2.");
  t.same(pageErrors, []);
});

t.test("a stream grows a text with Patch.append, one token per frame", async (t) => {
  const app = new App({ layout: html.Div([html.Button("go", { id: "go" }), html.Div("", { id: "text" })]) });
  app.eventCallback(Input("go", "n_clicks"), async function* () {
    for (const token of ["Hello", ", ", "world"]) yield streamProps("text", { children: new Patch().append(token) });
  });
  const { page } = await openApp(t, app);
  await page.click("#go");
  await waitForText(page, "#text", "Hello, world");
  t.pass("every token was appended, in order");
});

t.test("window.dash_clientside.Patch: dash-renderer's PatchBuilder, applied as a Patch", async (t) => {
  const app = new App({
    layout: html.Div([
      html.Button("go", { id: "go" }),
      html.Pre("log:", { id: "log" }),
      html.Ul([html.Li("a")], { id: "list" }),
      html.Div("box", { id: "box", style: { color: "red", border: "1px solid black" }, title: "3" }),
    ]),
  });
  app.clientsideCallback(
    `function (n) {
      const P = window.dash_clientside.Patch;
      const log = new P().append([], " " + n).build();
      const list = new P().append([], { type: "Li", namespace: "dash_html_components", props: { children: "item " + n } })
        .prepend([], { type: "Li", namespace: "dash_html_components", props: { children: "first " + n } })
        .build();
      const style = new P().assign(["color"], "blue").delete(["border"]).merge([], { fontWeight: "700" }).build();
      // A builder returned unbuilt is built for you.
      const title = new P().mul([], n + 1);
      return [log, list, style, n > 1 ? new P().sub([], 1).add([], "x") : title];
    }`,
    [Output("log", "children"), Output("list", "children"), Output("box", "style"), Output("box", "title")],
    Input("go", "n_clicks"),
    undefined,
    { preventInitialCall: true },
  );
  const { page, pageErrors } = await openApp(t, app);
  await page.click("#go");
  await waitForText(page, "#log", "log: 1");
  t.same(await page.$$eval("#list li", (items) => items.map((li) => li.textContent)), ["first 1", "a", "item 1"]);
  t.same(
    await page.$eval("#box", (box: HTMLElement) => [box.style.color, box.style.border, box.style.fontWeight, box.title]),
    ["blue", "", "700", "6"],
    "assign, delete and merge on the style; mul on the number-like title",
  );
  await page.click("#go");
  await waitForText(page, "#log", "log: 1 2");
  t.equal(await page.getAttribute("#box", "title"), "5x", "sub then add, in order");
  await page.evaluate(() => {
    const dc = (window as unknown as { dash_clientside: { Patch: new () => { prepend(l: unknown[], v: unknown): unknown }; set_props(id: string, props: object): void } }).dash_clientside;
    dc.set_props("log", { children: new dc.Patch().prepend([], "set_props: ") });
  });
  await waitForText(page, "#log", "set_props: log: 1 2");
  t.same(pageErrors, []);
  t.same(
    await page.evaluate(() => {
      const P = (window as unknown as { dash_clientside: { Patch: new () => Record<string, (...args: unknown[]) => unknown> } }).dash_clientside.Patch;
      const patch = new P();
      patch.assign(["a", 0], 1);
      patch.insert(["b"], -1, "x");
      patch.clear(["c"]);
      patch.reverse([]);
      patch.remove(["d"], 2);
      patch.extend(["e"], [1]);
      patch.div(["f"], 2);
      return patch.build();
    }),
    {
      __dash_patch_update: "__dash_patch_update",
      operations: [
        { operation: "Assign", location: ["a", 0], params: { value: 1 } },
        { operation: "Insert", location: ["b"], params: { index: -1, value: "x" } },
        { operation: "Clear", location: ["c"], params: {} },
        { operation: "Reverse", location: [], params: {} },
        { operation: "Remove", location: ["d"], params: { value: 2 } },
        { operation: "Extend", location: ["e"], params: { value: [1] } },
        { operation: "Div", location: ["f"], params: { value: 2 } },
      ],
    },
    "the Patch JSON of dash-renderer's PatchBuilder",
  );
});
