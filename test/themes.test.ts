// Bootstrap themes served locally (dbcThemes, AppOptions.stylesheets/scripts) over a real port:
// the index page links them in Dash's order, the theme route serves them as CSS with the suites'
// caching, blanks remote @imports, and answers 404 to anything outside the known theme folders.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import t from "tap";
import { App, dbc, dbcIcons, dbcThemes, html } from "../lib/index.js";
import { rawGet, startApp } from "./helpers/server.js";

const require = createRequire(import.meta.url);
const packageFolder = (name: string) => dirname(require.resolve(`${name}/package.json`));
const bootstrapCss = join(packageFolder("bootstrap"), "dist", "css", "bootstrap.min.css");
const darklyCss = join(packageFolder("bootswatch"), "dist", "darkly", "bootstrap.min.css");

const assetsFolder = mkdtempSync(join(tmpdir(), "themes-assets-"));
writeFileSync(join(assetsFolder, "site.css"), "body { margin: 0 }");
t.teardown(() => rmSync(assetsFolder, { recursive: true, force: true }));

const app = new App({
  assetsFolder,
  layout: html.Div([dbc.Button("Go", { id: "go", color: "primary" })]),
  stylesheets: [
    dbcThemes.BOOTSTRAP,
    "darkly",
    "https://cdn.example.com/extra.css",
    { href: "https://cdn.example.com/pinned.css", integrity: "sha384-abc", crossorigin: "anonymous" },
  ],
  scripts: ["https://cdn.example.com/lib.js", { src: "/assets-elsewhere/x.js", defer: "" }],
});
const started = await startApp(app);
t.teardown(() => started.close());
const page = (await rawGet(started.url, "/")).body;
// the stylesheets (the page also links its favicon, as Dash's does)
const links = [...page.matchAll(/<link ([^>]*)>/g)].map((m) => m[1]).filter((attributes) => !attributes.startsWith('rel="icon"'));
const scripts = [...page.matchAll(/<script ([^>]*)><\/script>/g)].map((m) => m[1]);
const hrefOf = (attributes: string) => /href="([^"]*)"/.exec(attributes)?.[1] ?? "";

t.test("dbcThemes mirrors Python's dbc.themes with URLs of this server", async (t) => {
  t.equal(dbcThemes.BOOTSTRAP, "/_dash-events/themes/bootstrap/bootstrap.min.css");
  t.equal(dbcThemes.GRID, "/_dash-events/themes/bootstrap/bootstrap-grid.min.css");
  t.equal(dbcThemes.DARKLY, "/_dash-events/themes/darkly/bootstrap.min.css");
  for (const name of ["CERULEAN", "COSMO", "CYBORG", "FLATLY", "JOURNAL", "LITERA", "LUMEN", "LUX", "MATERIA", "MINTY", "MORPH", "PULSE", "QUARTZ", "SANDSTONE", "SIMPLEX", "SKETCHY", "SLATE", "SOLAR", "SPACELAB", "SUPERHERO", "UNITED", "VAPOR", "YETI", "ZEPHYR"]) {
    t.equal((dbcThemes as Record<string, string>)[name], `/_dash-events/themes/${name.toLowerCase()}/bootstrap.min.css`, name);
  }
});

t.test("the index page links the stylesheets first, in order, our themes fingerprinted, URLs as given", async (t) => {
  t.match(hrefOf(links[0]), /^\/_dash-events\/themes\/bootstrap\/bootstrap\.v5_\d+_\d+m\d+\.min\.css$/);
  t.match(hrefOf(links[1]), /^\/_dash-events\/themes\/darkly\/bootstrap\.v5_\d+_\d+m\d+\.min\.css$/, "a theme name is the theme's URL");
  t.equal(links[2], 'rel="stylesheet" href="https://cdn.example.com/extra.css"');
  t.equal(links[3], 'rel="stylesheet" integrity="sha384-abc" crossorigin="anonymous" href="https://cdn.example.com/pinned.css"');
  t.match(hrefOf(links[4]), /^\/assets\/site\.css/, "the assets' CSS follows, so it can override a theme");
  t.equal(page.match(/cdn\.example\.com/g)?.length, 3, "nothing of ours points at a CDN");
});

t.test("scripts load after the renderer (React) and before the component suites", async (t) => {
  const renderer = scripts.findIndex((s) => s.includes("/_dash-events/"));
  const external = scripts.indexOf('src="https://cdn.example.com/lib.js"');
  const withAttributes = scripts.indexOf('src="/assets-elsewhere/x.js" defer=""');
  const firstSuite = scripts.findIndex((s) => s.includes("/_dash-component-suites/"));
  t.ok(renderer >= 0 && external > renderer, "after the renderer");
  t.equal(withAttributes, external + 1, "in order, with their attributes");
  t.ok(firstSuite > withAttributes, "before the suites");
});

t.test("a fingerprinted theme is served as CSS, cacheable for a year, byte for byte", async (t) => {
  const res = await rawGet(started.url, hrefOf(links[0]));
  t.equal(res.status, 200);
  t.equal(res.headers["content-type"], "text/css; charset=utf-8");
  t.equal(res.headers["cache-control"], "public, max-age=31536000, immutable");
  t.equal(res.body, readFileSync(bootstrapCss, "utf8"));
});

t.test("the plain theme URL is revalidated: ETag, 304 when unchanged", async (t) => {
  const res = await rawGet(started.url, dbcThemes.BOOTSTRAP);
  t.equal(res.status, 200);
  t.equal(res.headers["cache-control"], "no-cache");
  t.equal(res.headers["content-length"], String(statSync(bootstrapCss).size));
  const again = await rawGet(started.url, dbcThemes.BOOTSTRAP, { "if-none-match": String(res.headers.etag) });
  t.equal(again.status, 304);
  t.equal(again.body, "");
});

t.test("a Bootswatch theme's Google Fonts @import is blanked: the page fetches nothing from another host", async (t) => {
  const original = readFileSync(darklyCss, "utf8");
  t.match(original, /@import url\(https:\/\/fonts\.googleapis\.com/, "the package's file imports a web font");
  const res = await rawGet(started.url, dbcThemes.DARKLY);
  t.equal(res.status, 200);
  t.equal(res.headers["content-type"], "text/css; charset=utf-8");
  t.notMatch(res.body, /googleapis|@import/);
  t.equal(res.body.length, original.length, "same length, so the source map still fits");
  t.equal(res.headers["content-length"], String(Buffer.byteLength(res.body)));
  t.match(res.body, /--bs-primary:#375a7f/, "the theme itself is intact");
  const map = await rawGet(started.url, "/_dash-events/themes/darkly/bootstrap.min.css.map");
  t.equal(map.status, 200, "its source map, where the stylesheet's relative sourceMappingURL points");
  t.equal(map.headers["content-type"], "application/json; charset=utf-8");
});

t.test("anything but a known theme's files is a 404", async (t) => {
  for (const path of [
    "/_dash-events/themes/nosuchtheme/bootstrap.min.css",
    "/_dash-events/themes/bootstrap/nosuchfile.css",
    "/_dash-events/themes/darkly/_variables.scss",
    "/_dash-events/themes/bootstrap/../../package.json",
    "/_dash-events/themes/bootstrap/%2e%2e/%2e%2e/package.json",
    "/_dash-events/themes/bootstrap%2f..%2f..%2fpackage.json",
    "/_dash-events/themes/darkly/..%2f..%2f..%2fbootstrap%2fdist%2fcss%2fbootstrap.min.css",
    "/_dash-events/themes/%2fetc%2fpasswd",
    "/_dash-events/themes/bootstrap//etc/passwd",
    "/_dash-events/themes/bootstrap/.hidden.css",
    "/_dash-events/themes/bootstrap",
    "/_dash-events/themes/",
  ]) {
    t.equal((await rawGet(started.url, path)).status, 404, path);
  }
});

t.test("dbcIcons: Bootstrap Icons and Font Awesome stylesheets, fingerprinted, with the fonts their CSS points at", async (t) => {
  t.equal(dbcIcons.BOOTSTRAP, "/_dash-events/themes/bootstrap-icons/bootstrap-icons.min.css");
  t.equal(dbcIcons.FONT_AWESOME, "/_dash-events/themes/fontawesome/css/all.min.css");
  const icons = await startApp(new App({ layout: html.I({ className: "bi bi-alarm" }), stylesheets: [dbcIcons.BOOTSTRAP, dbcIcons.FONT_AWESOME] }));
  t.teardown(() => icons.close());
  const hrefs = [...(await rawGet(icons.url, "/")).body.matchAll(/<link rel="stylesheet" href="([^"]*)">/g)].map((m) => m[1]);
  t.match(hrefs[0], /^\/_dash-events\/themes\/bootstrap-icons\/bootstrap-icons\.v1_\d+_\d+m\d+\.min\.css$/);
  t.match(hrefs[1], /^\/_dash-events\/themes\/fontawesome\/css\/all\.v6_\d+_\d+m\d+\.min\.css$/);
  for (const [href, fontPattern] of [
    [hrefs[0], /url\("?(fonts\/bootstrap-icons\.woff2)/],
    [hrefs[1], /url\("?(\.\.\/webfonts\/fa-solid-900\.woff2)/],
  ] as const) {
    const css = await rawGet(icons.url, href);
    t.equal(css.status, 200, href);
    t.equal(css.headers["cache-control"], "public, max-age=31536000, immutable");
    const font = fontPattern.exec(css.body)?.[1];
    t.ok(font, `${href} names its font`);
    // the browser resolves the font against the stylesheet's own URL
    const fontUrl = new URL(font!, new URL(href, icons.url)).pathname;
    const served = await rawGet(icons.url, fontUrl);
    t.equal(served.status, 200, fontUrl);
    t.equal(served.headers["content-type"], "font/woff2");
  }
  for (const path of [
    "/_dash-events/themes/fontawesome/js/all.min.js",
    "/_dash-events/themes/fontawesome/svgs/solid/house.svg",
    "/_dash-events/themes/fontawesome/package.json",
    "/_dash-events/themes/fontawesome/css/../package.json",
    "/_dash-events/themes/bootstrap-icons/../package.json",
    "/_dash-events/themes/bootstrap-icons/fonts/deeper/x.woff2",
    "/_dash-events/themes/bootstrap/a/bootstrap.min.css",
  ]) {
    t.equal((await rawGet(icons.url, path)).status, 404, `${path}: outside the served folders`);
  }
});

t.test("a bad stylesheets or scripts entry fails when the App is made", async (t) => {
  t.throws(() => new App({ layout: html.Div(), stylesheets: ["bootstrapp"] }), /Unknown stylesheet "bootstrapp".*BOOTSTRAP/);
  t.throws(() => new App({ layout: html.Div(), stylesheets: [{ rel: "stylesheet" }] }), /"href"/);
  t.throws(() => new App({ layout: html.Div(), scripts: [{ href: "x.js" }] }), /"src"/);
  t.doesNotThrow(() => new App({ layout: html.Div(), stylesheets: ["FLATLY", "grid", "./local.css"] }));
});
