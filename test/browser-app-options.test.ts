// Dash's app options: prevent_initial_callbacks, suppress_callback_exceptions, meta_tags,
// update_title, assets_ignore, the favicon, and index_string.
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import t from "tap";
import { App, html, Input, Output } from "../lib/index.js";
import { openApp, waitForText } from "./helpers/browser.js";
import { getPath, startApp } from "./helpers/server.js";

const assetsFolder = join(dirname(fileURLToPath(import.meta.url)), "fixtures", "options-assets");

t.test("preventInitialCallbacks: callbacks without their own setting do not run on load", async (t) => {
  const app = new App({ preventInitialCallbacks: true, layout: html.Div([html.Button("Go", { id: "go" }), html.Div("initial", { id: "a" }), html.Div("initial", { id: "b" })]) });
  app.callback(Output("a", "children"), Input("go", "n_clicks"), (n: unknown) => `a ${String(n)}`);
  app.callback(Output("b", "children"), Input("go", "n_clicks"), (n: unknown) => `b ${String(n)}`, { preventInitialCall: false });
  const { page } = await openApp(t, app);
  await waitForText(page, "#b", "b undefined");
  t.equal(await page.textContent("#a"), "initial");
  await page.click("#go");
  await waitForText(page, "#a", "a 1");
});

t.test("updateTitle while a callback runs, then the title comes back; suppressCallbackExceptions in _dash-config", async (t) => {
  let release: () => void = () => {};
  // the server is inside the callback (so `release` is its own) once this settles
  let started: () => void = () => {};
  const running = new Promise<void>((resolve) => (started = resolve));
  const app = new App({ title: "My app", updateTitle: "Working…", suppressCallbackExceptions: true, layout: html.Div([html.Button("Go", { id: "go" }), html.Div({ id: "out" })]) });
  app.callback(Output("out", "children"), Input("go", "n_clicks"), async () => {
    const done = new Promise<void>((resolve) => (release = resolve));
    started();
    await done;
    return "done";
  }, { preventInitialCall: true });
  const { page } = await openApp(t, app);
  const config = JSON.parse((await page.textContent("#_dash-config"))!) as Record<string, unknown>;
  t.equal(config.suppress_callback_exceptions, true);
  t.equal(await page.title(), "My app");
  await page.click("#go");
  await page.waitForFunction(() => document.title === "Working…");
  await running;
  release();
  await waitForText(page, "#out", "done");
  await page.waitForFunction(() => document.title === "My app");
  t.pass("the title came back");
});

t.test("metaTags, assetsIgnore and the favicon from the assets folder", async (t) => {
  const app = new App({
    assetsFolder,
    assetsIgnore: "ignored-.*",
    metaTags: [{ name: "description", content: "Sales dashboard" }, { name: "viewport", content: "width=1024" }],
    layout: html.Div("x"),
  });
  const { page } = await openApp(t, app);
  t.equal(await page.getAttribute('meta[name="description"]', "content"), "Sales dashboard");
  t.equal(await page.locator('meta[name="viewport"]').count(), 1, "the app's viewport replaces the default");
  t.equal(await page.getAttribute('meta[name="viewport"]', "content"), "width=1024");
  t.equal(await page.locator("meta[charset]").count(), 1);
  t.match(await page.getAttribute('link[rel="icon"]', "href"), /^\/assets\/favicon\.ico\?m=/);
  t.same(await page.evaluate(() => [(window as unknown as { keptRan?: boolean }).keptRan, (window as unknown as { ignoredRan?: boolean }).ignoredRan]), [true, undefined], "the ignored script is not in the page");
  t.equal((await getPath(new URL(page.url()).origin, "/assets/ignored-widget.js")).status, 200, "but still served");
});

t.test("Dash's default favicon at /_favicon.ico; indexString templates the page; a template without the required parts is refused", async (t) => {
  const app = new App({
    title: "Templated",
    indexString: `<!DOCTYPE html><html><head>{%metas%}<title>{%title%}</title>{%favicon%}{%css%}</head><body><nav id="custom-header">My custom header</nav>{%app_entry%}<footer>{%config%}{%scripts%}{%renderer%}</footer><div id="custom-footer">My custom footer</div></body></html>`,
    layout: html.Div("app body", { id: "body" }),
  });
  const { page } = await openApp(t, app);
  t.equal(await page.textContent("#custom-header"), "My custom header");
  t.equal(await page.textContent("#body"), "app body");
  t.equal(await page.title(), "Templated");
  const href = (await page.getAttribute('link[rel="icon"]', "href"))!;
  t.match(href, /^\/_favicon\.ico\?v=/);
  const icon = await fetch(new URL(href, page.url()));
  t.equal(icon.status, 200);
  t.equal(icon.headers.get("content-type"), "image/x-icon");
  t.throws(() => new App({ layout: html.Div(), indexString: "<html>{%app_entry%}</html>" }), /missing \{%config%\}, \{%scripts%\}, \{%renderer%\}/);
  const started = await startApp(new App({ layout: html.Div() }));
  t.teardown(started.close);
  t.match((await getPath(started.url, "/")).text, /<meta http-equiv="X-UA-Compatible" content="IE=edge">\s*<meta charset="UTF-8">/);
});
