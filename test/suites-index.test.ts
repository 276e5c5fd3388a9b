// The index page includes the suites an app uses, after the renderer bundle and in dependency
// order, with fingerprinted URLs the server then serves; Plotly only when a dcc.Graph is in the
// layout (otherwise dcc is told where to fetch it, should a Graph appear later).
import t from "tap";
import { App, component, dash_table, dbc, dcc, dmc, html } from "../lib/index.js";
import { suiteAssets } from "../lib/suites/suite-assets.js";
import { getPath, startApp } from "./helpers/server.js";

/** The `src` of every external script of a page, in order. */
function scriptSources(page: string): string[] {
  return [...page.matchAll(/<script src="([^"]+)"><\/script>/g)].map((match) => match[1]);
}

const RENDERER = "/_dash-events/dash-events-renderer.js";
const DCC_MAIN = /^\/_dash-component-suites\/dash-core-components\/dash_core_components\/dash_core_components\.v4_5_0m\d+\.js$/;
const DCC_SHARED = /^\/_dash-component-suites\/dash-core-components\/dash_core_components\/dash_core_components-shared\.v4_5_0m\d+\.js$/;
const PLOTLY = /^\/_dash-component-suites\/plotly\.js-dist-min\/plotly\.v3_[\d_]+m\d+\.min\.js$/;
const DMC = /^\/_dash-component-suites\/dash_mantine_components\/dash_mantine_components\/dash_mantine_components\.v2_2_0m\d+\.js$/;
const DBC = /^\/_dash-component-suites\/dash-bootstrap-components\/dist\/dash_bootstrap_components\.v1_6_0m\d+\.min\.js$/;
const TABLE = /^\/_dash-component-suites\/dash-table\/dash_table\/bundle\.v7_4_1m\d+\.js$/;

t.test("the page lists the used suites after the renderer, Plotly before dcc when a Graph is used", async (t) => {
  const app = new App({
    layout: html.Div([
      dmc.MantineProvider([dmc.Button("Go", { id: "go", leftSection: dbc.Badge("new") })]),
      dcc.Tabs([dcc.Tab([dcc.Graph({ id: "g" })], { label: "Chart" })]),
      dash_table.DataTable({ id: "t" }),
    ]),
  });
  const server = await startApp(app);
  t.teardown(() => server.close());
  const page = await getPath(server.url, "/");
  t.equal(page.status, 200);
  const scripts = scriptSources(page.text);
  t.equal(scripts[0], RENDERER, "the renderer bundle first");
  const expected = [DMC, DBC, PLOTLY, DCC_MAIN, DCC_SHARED, TABLE];
  t.equal(scripts.length, 1 + expected.length, scripts.join("\n"));
  expected.forEach((pattern, index) => t.match(scripts[index + 1], pattern));
  for (const src of scripts.slice(1)) {
    const res = await fetch(server.url + src);
    t.equal(res.status, 200, src);
    t.equal(res.headers.get("cache-control"), "public, max-age=31536000, immutable", src);
    await res.arrayBuffer();
  }
});

t.test("no Graph, no Plotly script; dcc still learns where Plotly is", async (t) => {
  const app = new App({ layout: html.Div([dcc.Input({ id: "in" }), dcc.Slider({ id: "s", min: 0, max: 3 })]) });
  const server = await startApp(app);
  t.teardown(() => server.close());
  const page = await getPath(server.url, "/");
  const scripts = scriptSources(page.text);
  t.equal(scripts.length, 3);
  t.match(scripts[1], DCC_MAIN);
  t.match(scripts[2], DCC_SHARED);
  t.notOk(scripts.some((src) => src.includes("plotly")));
  const url = /window\._dashPlotlyJSURL = "([^"]+)";/.exec(page.text)?.[1];
  t.match(url, PLOTLY, "the lazy Plotly URL is in the page");
  t.equal((await fetch(server.url + url!)).status, 200, "and served");
});

t.test("a page of html only loads no suite; declared suites and AgGrid are included", async (t) => {
  t.same(suiteAssets(html.Div("x")).scripts, []);
  const app = new App({ layout: html.Div([component("dash_ag_grid", "AgGrid")({ id: "grid" })]), suites: ["dbc"] });
  const server = await startApp(app);
  t.teardown(() => server.close());
  const page = await getPath(server.url, "/");
  const scripts = scriptSources(page.text);
  t.match(scripts[1], DBC, "declared first");
  t.match(scripts[2], /^\/_dash-component-suites\/dash-ag-grid\/dash_ag_grid\.v[\w-]+m\d+\.js$/);
  const css = [...page.text.matchAll(/<link rel="stylesheet" href="([^"]+)">/g)].map((match) => match[1]);
  for (const href of css.filter((href) => href.startsWith("/_dash-component-suites/"))) {
    const res = await fetch(server.url + href);
    t.equal(res.headers.get("content-type"), "text/css; charset=utf-8", href);
    await res.arrayBuffer();
  }
});

t.test("suite order: each suite after those it requires", async (t) => {
  const assets = suiteAssets(dcc.Graph({ id: "g" }), ["dash_table", "dcc"]);
  t.match(assets.scripts, [TABLE, PLOTLY, DCC_MAIN, DCC_SHARED]);
  t.same(assets.packages, ["dash-table", "plotly.js-dist-min", "dash-core-components"]);
  t.same(assets.inline, [], "Plotly is loaded eagerly, no lazy URL needed");
  t.same(suiteAssets(null, ["/assets/x.js", "/static/y.css"]), { scripts: ["/assets/x.js"], css: ["/static/y.css"], inline: [], packages: [] }, "URLs pass through");
});
