import t from "tap";
import { App, component, html, dcc, dmc, Input, Output, streamProps } from "../lib/index.js";
import { openApp, waitForText } from "./helpers/browser.js";

/** A promise the test resolves, to hold a server-side callback. */
function gate(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => {};
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

t.test("window.dash_component_api: its parts, getLayout by id and by path (current props), stringifyId", async (t) => {
  const app = new App({
    layout: html.Div([html.Button("go", { id: "go" }), html.Div("before", { id: { type: "cell", index: 2 } })], { id: "root" }),
  });
  app.callback(Output({ type: "cell", index: 2 }, "children"), Input("go", "n_clicks"), (n: unknown) => `after ${Number(n)}`, { preventInitialCall: true });
  const { page } = await openApp(t, app);
  const api = await page.evaluate(() => Object.keys(window.dash_component_api!).sort());
  t.same(api, ["DashContext", "ExternalWrapper", "getLayout", "stringifyId", "useDashContext"]);
  t.equal(await page.evaluate(() => window.dash_component_api!.stringifyId({ type: "cell", index: 2 })), '{"index":2,"type":"cell"}');
  await page.click("#go");
  await waitForText(page, '[id=\'{"index":2,"type":"cell"}\']', "after 1");
  const byPath = await page.evaluate(() => window.dash_component_api!.getLayout(["props", "children", 1, "props", "children"]));
  t.equal(byPath, "after 1", "a path reads the component's current props");
  const byId = await page.evaluate(() => (window.dash_component_api!.getLayout({ type: "cell", index: 2 }) as { type: string }).type);
  t.equal(byId, "Div");
});

t.test("dcc.Tabs finds its Tabs' props through getLayout and componentPath; switching tabs runs a callback", async (t) => {
  const app = new App({
    layout: html.Div([
      dcc.Tabs({
        id: "tabs",
        value: "a",
        children: [dcc.Tab({ label: "Tab A", value: "a", children: html.Div("content A", { id: "content-a" }) }), dcc.Tab({ label: "Tab B", value: "b", children: html.Div("content B", { id: "content-b" }) })],
      }),
      html.Div({ id: "out" }),
    ]),
  });
  app.callback(Output("out", "children"), Input("tabs", "value"), (value: unknown) => `selected ${String(value)}`);
  const { page, pageErrors } = await openApp(t, app);
  await waitForText(page, "#out", "selected a");
  await page.waitForSelector("#content-a");
  await page.getByText("Tab B").click();
  await waitForText(page, "#out", "selected b");
  await page.waitForSelector("#content-b");
  t.same(pageErrors, []);
});

t.test("dcc.Loading shows its spinner while a callback computes a prop below it (useSelector over the loading state)", async (t) => {
  const hold = gate();
  const app = new App({
    layout: html.Div([html.Button("go", { id: "go" }), dcc.Loading(html.Div("idle", { id: "slow" }), { id: "loading" })]),
  });
  app.callback(Output("slow", "children"), Input("go", "n_clicks"), async (n: unknown) => {
    if (n) await hold.promise;
    return n ? "done" : "idle";
  });
  const { page } = await openApp(t, app);
  await page.click("#go");
  await page.waitForSelector("#loading .dash-spinner");
  t.equal(await page.getAttribute("#slow", "data-dash-is-loading"), "true", "the output carries data-dash-is-loading");
  hold.resolve();
  await waitForText(page, "#slow", "done");
  await page.waitForSelector("#loading .dash-spinner", { state: "detached" });
  t.equal(await page.getAttribute("#slow", "data-dash-is-loading"), null);
});

t.test("a component in a dcc.Dropdown option label (rendered through ExternalWrapper) renders and takes set_props", async (t) => {
  const app = new App({
    layout: html.Div([
      html.Button("rename", { id: "rename" }),
      dcc.Dropdown({ id: "dd", options: [{ label: html.Span("Red", { id: "red-label" }), value: "red" }, { label: "Blue", value: "blue" }], value: "red" }),
    ]),
  });
  app.eventCallback(Input("rename", "n_clicks"), async function* () {
    yield streamProps("red-label", { children: "Crimson" });
  });
  const { page, pageErrors } = await openApp(t, app);
  await waitForText(page, "#red-label", "Red");
  await page.click("#rename");
  await waitForText(page, "#red-label", "Crimson");
  t.same(pageErrors, []);
});

t.test("a missing namespace or type shows an error box in its place (named in debug mode); the rest of the page works", async (t) => {
  const layout = () =>
    html.Div([
      component("no_such_suite", "Widget")({ id: "w" }),
      component("dash_core_components", "NoSuchType")({ id: "x" }),
      dcc.Input({ id: "in", value: "a" }),
      html.Div({ id: "out" }),
    ]);
  for (const debug of [true, false]) {
    const app = new App({ layout: layout() });
    app.callback(Output("out", "children"), Input("in", "value"), (value: unknown) => `value ${String(value)}`);
    const { page, pageErrors } = await openApp(t, app, { debug });
    const boxes = await page.locator('[data-dash-events-error="missing-component"]').allTextContents();
    t.equal(boxes.length, 2, `debug ${debug}: two boxes`);
    if (debug) {
      t.match(boxes[0], /no_such_suite\.Widget/);
      t.match(boxes[1], /dash_core_components\.NoSuchType/);
    } else {
      t.notMatch(boxes.join(" "), /Widget|NoSuchType/, "names only in debug mode");
    }
    await page.fill("#in", "b");
    await waitForText(page, "#out", "value b");
    t.same(pageErrors, []);
  }
});

t.test("components without an id still take their own setProps, as in Dash (dmc.Tabs switches, dcc.Input shows what is typed)", async (t) => {
  const app = new App({
    layout: html.Div([
      dmc.MantineProvider(
        dmc.Tabs({
          value: "one",
          children: [
            dmc.TabsList([dmc.TabsTab("One", { value: "one" }), dmc.TabsTab("Two", { value: "two" })]),
            dmc.TabsPanel(html.Div("first panel", { id: "panel-one" }), { value: "one" }),
            dmc.TabsPanel(html.Div("second panel", { id: "panel-two" }), { value: "two" }),
          ],
        }),
      ),
      html.Div(dcc.Input({ value: "start", className: "anonymous-input" })),
    ]),
  });
  const { page, pageErrors } = await openApp(t, app);
  await page.getByRole("tab", { name: "Two" }).click();
  await page.waitForSelector("#panel-two", { state: "visible" });
  await page.fill(".anonymous-input input, input.anonymous-input", "typed");
  t.equal(await page.inputValue(".anonymous-input input, input.anonymous-input"), "typed");
  t.same(pageErrors, []);
});
