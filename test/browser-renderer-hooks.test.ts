// Renderer hooks, Dash's way: the app's renderer script builds `new DashRenderer({ request_pre,
// request_post, request_refresh_jwt, layout_pre, layout_post })`, and the page's callback
// requests go through them.
import t from "tap";
import { App, html, Input, Output, streamProps } from "../lib/index.js";
import { openApp, waitForText } from "./helpers/browser.js";
import { rawGet } from "./helpers/server.js";

interface HookWindow {
  __log: string[];
  __nextToken: string | null;
  __refreshes: Array<string | null>;
}

t.test("request_pre may change the body it sees, request_post gets the outputs; layout_pre/post run around the layout", async (t) => {
  const app = new App({
    layout: html.Div([html.Button("go", { id: "go" }), html.Div("initial", { id: "out" })]),
    renderer: `var renderer = new DashRenderer({
      layout_pre: function () { window.__log = ["layout_pre: " + (document.getElementById("out") ? "drawn" : "not drawn")]; },
      layout_post: function (layout) { window.__log.push("layout_post: " + document.getElementById("out").textContent + ", " + layout.type); },
      request_pre: function (payload) {
        window.__log.push("request_pre: " + payload.output);
        payload.inputs[0].value = (payload.inputs[0].value || 0) * 10;
      },
      request_post: function (payload, response) { window.__log.push("request_post: " + JSON.stringify(response)); },
    });`,
  });
  app.callback(Output("out", "children"), Input("go", "n_clicks"), (n: number | undefined) => `n=${n ?? "none"}`);
  const { page, server, pageErrors } = await openApp(t, app);
  await waitForText(page, "#out", "n=0");
  await page.click("#go");
  await waitForText(page, "#out", "n=10");
  t.same(await page.evaluate(() => (window as unknown as HookWindow).__log), [
    "layout_pre: not drawn",
    "layout_post: initial, Div",
    "request_pre: out.children",
    'request_post: {"out":{"children":"n=0"}}',
    "request_pre: out.children",
    'request_post: {"out":{"children":"n=10"}}',
  ]);
  t.same(pageErrors, []);
  t.match((await rawGet(server.url, "/")).body, /<script id="_dash-renderer" type="application\/javascript">var renderer = new DashRenderer\(\{/);
});

t.test("the default renderer script is Dash's, and a page renders with it", async (t) => {
  const app = new App({ layout: html.Div("hi", { id: "out" }) });
  const { page, server } = await openApp(t, app);
  t.equal(await page.textContent("#out"), "hi");
  t.match((await rawGet(server.url, "/")).body, '<script id="_dash-renderer" type="application/javascript">var renderer = new DashRenderer();</script>');
  t.equal(await page.evaluate(() => typeof (window as unknown as { DashRenderer: unknown }).DashRenderer), "function");
});

t.test("request_refresh_jwt: a 401 gets a new token and the request is sent once more with it, as are later ones", async (t) => {
  const app = new App({
    layout: html.Div([html.Button("go", { id: "go" }), html.Div({ id: "out" }), html.Button("stream", { id: "stream" }), html.Div({ id: "streamed" })]),
    renderer: `var renderer = new DashRenderer({
      request_refresh_jwt: function (oldToken) {
        window.__refreshes.push(oldToken);
        return Promise.resolve(window.__nextToken);
      },
    });`,
  });
  app.callback(Output("out", "children"), Input("go", "n_clicks"), (n: number | undefined) => `n=${n ?? 0}`, { preventInitialCall: true });
  app.eventCallback(Input("stream", "n_clicks"), async function* () {
    yield streamProps("streamed", { children: "streamed" });
  });
  let validToken = "t1";
  const sent: Array<[path: string, authorization: string | null]> = [];
  const { page } = await openApp(t, app, {
    beforeLoad: (page) => {
      // A gateway in front of the app: callback requests need `Authorization: Bearer <validToken>`.
      void page.route(/\/(_dash-update-component|dash_update_component_sse)$/, (route) => {
        const authorization = route.request().headers()["authorization"] ?? null;
        sent.push([new URL(route.request().url()).pathname, authorization]);
        if (authorization === `Bearer ${validToken}`) void route.continue();
        else void route.fulfill({ status: 401, contentType: "text/plain", body: "JWT Expired" });
      });
    },
  });
  await page.evaluate(() => Object.assign(window, { __refreshes: [], __nextToken: "t1" }));
  const refreshes = () => page.evaluate(() => (window as unknown as HookWindow).__refreshes);

  await page.click("#go");
  await waitForText(page, "#out", "n=1");
  t.same(await refreshes(), [null], "the first 401 asked for a token (there was none yet)");
  t.same(sent.splice(0), [["/_dash-update-component", null], ["/_dash-update-component", "Bearer t1"]], "and the request went again with it");

  await page.click("#go");
  await waitForText(page, "#out", "n=2");
  t.same(sent.splice(0), [["/_dash-update-component", "Bearer t1"]], "later requests carry the token");
  await page.click("#stream");
  await waitForText(page, "#streamed", "streamed");
  t.same(sent.splice(0), [["/dash_update_component_sse", "Bearer t1"]], "event callback requests too");

  validToken = "t2";
  await page.evaluate(() => Object.assign(window, { __nextToken: "t2" }));
  await page.click("#go");
  await waitForText(page, "#out", "n=3");
  t.same(await refreshes(), [null, "t1"], "an expired token is passed to the hook");
  t.same(sent.splice(0), [["/_dash-update-component", "Bearer t1"], ["/_dash-update-component", "Bearer t2"]]);

  validToken = "t3";
  await page.evaluate(() => Object.assign(window, { __nextToken: "still wrong" }));
  await page.click("#go");
  await page.waitForFunction(() => (window as unknown as HookWindow).__refreshes.length === 3);
  await page.waitForTimeout(300);
  t.same(sent.splice(0), [["/_dash-update-component", "Bearer t2"], ["/_dash-update-component", "Bearer still wrong"]], "retried once only");
  t.equal(await page.textContent("#out"), "n=3", "the failed callback changed nothing");
});

t.test("a renderer option that is not JavaScript source is refused when the App is made", async (t) => {
  t.throws(() => new App({ layout: html.Div(), renderer: {} as never }), { name: "TypeError", message: /renderer must be JavaScript source/ });
});
