// Extra components (Dash's `app._extra_components`): components every page has besides the
// layout, sent as Dash sends them (`html.Div([layout, ...extras])`) and callback targets like
// any other component; their suites load with the page.
import t from "tap";
import { App, dcc, html, Input, Output } from "../lib/index.js";
import { openApp, waitForText } from "./helpers/browser.js";
import { getPath } from "./helpers/server.js";

t.test("extra components render next to the layout and are callback targets, their suites loaded", async (t) => {
  const app = new App({
    layout: html.Div([html.Button("go", { id: "go" }), html.Div("page", { id: "page" })], { id: "layout-root" }),
    extraComponents: [dcc.Store({ id: "session", data: 0 }), html.Div("no toast", { id: "toast" })],
  });
  app.callback(Output("session", "data"), Input("go", "n_clicks"), (n: number | undefined) => (n ?? 0) * 2, { preventInitialCall: true });
  app.callback(Output("toast", "children"), Input("session", "data"), (data: unknown) => `session holds ${String(data)}`);
  const { page, server, pageErrors } = await openApp(t, app);
  await waitForText(page, "#toast", "session holds 0");
  await page.click("#go");
  await waitForText(page, "#toast", "session holds 2");
  t.equal(await page.textContent("#layout-root #page"), "page", "the layout is there as it was");
  t.equal(await page.locator("#layout-root #toast").count(), 0, "the extra component is outside the layout");
  t.same(pageErrors, []);
  t.match((await getPath(server.url, "/")).text, /_dash-component-suites\/dash-core-components\//, "the page loads dcc for the Store");
  const layout = (await getPath(server.url, "/_dash-layout")).json as { type: string; props: { children: Array<{ type: string; props: { id: string } }> } };
  t.equal(layout.type, "Div", "Dash's wrapper");
  t.same(
    layout.props.children.map((child) => [child.type, child.props.id]),
    [["Div", "layout-root"], ["Store", "session"], ["Div", "toast"]],
    "the layout first, then the extra components",
  );
});

t.test("with a layout function, each page gets the extra components after that call's layout", async (t) => {
  let calls = 0;
  const app = new App({
    layout: () => html.Div(`page ${++calls}`, { id: "page" }),
    extraComponents: [html.Div("always here", { id: "extra" })],
  });
  const { page } = await openApp(t, app);
  t.equal(await page.textContent("#page"), "page 1");
  t.equal(await page.textContent("#extra"), "always here");
  await page.reload();
  await page.waitForSelector("html[data-dash-events-ready]");
  t.equal(await page.textContent("#page"), "page 2");
  t.equal(await page.textContent("#extra"), "always here");
});

t.test("extraComponents must be an array", async (t) => {
  t.throws(() => new App({ layout: html.Div(), extraComponents: html.Div() as never }), { name: "TypeError", message: /extraComponents must be an array/ });
});
