// The component-suites route over a real port: suite files with their content types and cache
// headers, async chunks where the suites' webpack runtime asks for them, and 404 for traversal
// (plain and percent-encoded), absolute paths, symlinks out of a package and undeclared packages.
import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import t from "tap";
import { App, component, html } from "../lib/index.js";
import { suiteAssets } from "../lib/suites/suite-assets.js";
import { rawGet, startApp } from "./helpers/server.js";

const Graph = component("dash_core_components", "Graph");
const Dropdown = component("dash_core_components", "Dropdown");

const layout = html.Div([Dropdown({ id: "dd", options: ["a"] }), Graph({ id: "g" })]);
const app = new App({ layout });
const started = await startApp(app);
t.teardown(() => started.close());
const { scripts } = suiteAssets(layout);

t.test("a fingerprinted suite bundle is served as JavaScript, cacheable for a year", async (t) => {
  const main = scripts.find((src) => src.includes("/dash_core_components/dash_core_components.v"));
  t.ok(main, "the dcc bundle has a fingerprinted URL");
  const res = await rawGet(started.url, main!);
  t.equal(res.status, 200);
  t.equal(res.headers["content-type"], "application/javascript; charset=utf-8");
  t.equal(res.headers["cache-control"], "public, max-age=31536000, immutable");
  t.match(res.body, /dash_core_components/);
});

t.test("a plain file name is revalidated: ETag and Last-Modified, 304 when unchanged", async (t) => {
  const path = "/_dash-component-suites/dash-core-components/dash_core_components/dash_core_components-shared.js";
  const res = await rawGet(started.url, path);
  t.equal(res.status, 200);
  t.equal(res.headers["cache-control"], "no-cache");
  t.ok(res.headers.etag);
  t.ok(res.headers["last-modified"]);
  const again = await rawGet(started.url, path, { "if-none-match": String(res.headers.etag) });
  t.equal(again.status, 304);
  t.equal(again.body, "");
  const since = await rawGet(started.url, path, { "if-modified-since": String(res.headers["last-modified"]) });
  t.equal(since.status, 304);
});

t.test("async chunks load from the bundle's folder, with or without the chunk fingerprint dcc inserts", async (t) => {
  for (const file of ["async-graph.js", "async-dropdown.v4_5_0m1790032440.js"]) {
    const res = await rawGet(started.url, `/_dash-component-suites/dash-core-components/dash_core_components/${file}`);
    t.equal(res.status, 200, file);
    t.equal(res.headers["content-type"], "application/javascript; charset=utf-8", file);
  }
  const map = await rawGet(started.url, "/_dash-component-suites/dash-core-components/dash_core_components/async-graph.js.map");
  t.equal(map.status, 200);
  t.equal(map.headers["content-type"], "application/json; charset=utf-8");
});

t.test("Plotly is served from its npm package when the layout has a Graph", async (t) => {
  const plotly = scripts.find((src) => src.includes("/plotly.js-dist-min/"));
  t.ok(plotly);
  const res = await rawGet(started.url, plotly!);
  t.equal(res.status, 200);
  t.equal(res.headers["content-type"], "application/javascript; charset=utf-8");
});

t.test("traversal, encoded traversal, absolute paths and odd names are 404", async (t) => {
  const base = "/_dash-component-suites/dash-core-components";
  const attempts = [
    `${base}/../dash-table/dash_table/bundle.js`,
    `${base}/dash_core_components/../../dash-table/dash_table/bundle.js`,
    `${base}/../../../package.json`,
    `${base}/%2e%2e/%2e%2e/%2e%2e/package.json`,
    `${base}/%2E%2E%2F%2E%2E%2Fpackage.json`,
    `${base}/dash_core_components%2f..%2f..%2fdash-table%2fpackage.json`,
    `${base}/..%5c..%5cpackage.json`,
    `${base}//etc/passwd`,
    `${base}/%2fetc%2fpasswd`,
    `${base}/dash_core_components/%00.js`,
    `${base}/.bin/x.js`,
    `${base}/package.json.exe`,
    `${base}/dash_core_components/missing.js`,
    `${base}/dash_core_components`,
    `/_dash-component-suites/dash-core-components`,
  ];
  for (const path of attempts) {
    const res = await rawGet(started.url, path);
    t.equal(res.status, 404, path);
  }
  // Fastify's router refuses malformed percent-encoding before any route runs
  t.equal((await rawGet(started.url, `${base}/%zz.js`)).status, 400, "malformed encoding");
});

t.test("packages the app neither declares nor uses are 404", async (t) => {
  for (const path of [
    "/_dash-component-suites/dash-table/dash_table/bundle.js",
    "/_dash-component-suites/dash_mantine_components/dash_mantine_components/dash_mantine_components.js",
    "/_dash-component-suites/fastify/package.json",
    "/_dash-component-suites/dash-html-components/dash_html_components/dash_html_components.min.js",
  ]) {
    const res = await rawGet(started.url, path);
    t.equal(res.status, 404, path);
  }
});

t.test("declared suites are served; so are suites a layout function used on a page", async (t) => {
  let useTable = false;
  const dynamic = new App({
    layout: () => html.Div(useTable ? [component("dash_table", "DataTable")({ id: "t" })] : []),
    suites: ["dmc"],
  });
  const server = await startApp(dynamic);
  t.teardown(() => server.close());
  const dmc = await rawGet(server.url, "/_dash-component-suites/dash_mantine_components/dash_mantine_components/dash_mantine_components.js");
  t.equal(dmc.status, 200);
  const table = "/_dash-component-suites/dash-table/dash_table/bundle.js";
  t.equal((await rawGet(server.url, table)).status, 404, "not used yet");
  useTable = true;
  const page = (await rawGet(server.url, "/")).body;
  t.match(page, /<script src="\/_dash-component-suites\/dash-table\/dash_table\/bundle\.v7_4_1m\d+\.js">/, "the page now loads dash-table");
  t.equal((await rawGet(server.url, table)).status, 200, "used by a page served");
});

t.test("a user's own suite: served from its package, symlinks out of it are 404", async (t) => {
  const root = mkdtempSync(join(tmpdir(), "dash-events-suite-"));
  const pkg = join(root, "node_modules", "my-suite");
  mkdirSync(join(pkg, "dist"), { recursive: true });
  writeFileSync(join(pkg, "package.json"), JSON.stringify({ name: "my-suite", version: "1.2.3", main: "dist/my_suite.js" }));
  writeFileSync(join(pkg, "dist", "my_suite.js"), "window.my_suite = {};");
  writeFileSync(join(root, "secret.js"), "secret");
  symlinkSync(join(root, "secret.js"), join(pkg, "dist", "escape.js"));
  symlinkSync(join(pkg, "dist", "my_suite.js"), join(pkg, "dist", "alias.js"));
  const cwd = process.cwd();
  process.chdir(root);
  t.teardown(() => process.chdir(cwd));
  const user = new App({ layout: html.Div(), suites: ["my-suite"] });
  const server = await startApp(user);
  t.teardown(() => server.close());
  const assets = suiteAssets(null, ["my-suite"]);
  t.match(assets.scripts, [/^\/_dash-component-suites\/my-suite\/dist\/my_suite\.v1_2_3m\d+\.js$/]);
  const res = await rawGet(server.url, assets.scripts[0]);
  t.equal(res.status, 200);
  t.equal(res.body, "window.my_suite = {};");
  t.equal((await rawGet(server.url, "/_dash-component-suites/my-suite/dist/alias.js")).status, 200, "a symlink inside the package");
  t.equal((await rawGet(server.url, "/_dash-component-suites/my-suite/dist/escape.js")).status, 404, "a symlink out of it");
});

t.test("a declared suite that is not installed fails at start-up", async (t) => {
  const broken = new App({ layout: html.Div(), suites: ["no-such-suite-xyz"] });
  await t.rejects(startApp(broken), /Unknown component suite "no-such-suite-xyz"/);
});
