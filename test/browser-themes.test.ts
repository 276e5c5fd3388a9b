// dbc components styled by a locally served Bootstrap theme (AppOptions.stylesheets + dbcThemes),
// in Chromium: the computed style is Bootstrap's, and the page requests nothing from another host.
import t, { type Test } from "tap";
import { App, dbc, dbcIcons, dbcThemes, html, type ExternalResource } from "../lib/index.js";
import { openApp } from "./helpers/browser.js";

function themedApp(stylesheets?: ExternalResource[]): App {
  return new App({
    stylesheets,
    layout: html.Div([dbc.Button("Go", { id: "go", color: "primary" }), dbc.Alert("Careful", { id: "alert", color: "danger" })]),
  });
}

/** Open the app, recording the host of every request the page makes. */
async function openRecordingHosts(t: Test, app: App) {
  const hosts = new Set<string>();
  const opened = await openApp(t, app, { beforeLoad: (page) => page.on("request", (r) => void hosts.add(new URL(r.url()).host)) });
  return { ...opened, hosts };
}

/** Open the app and read the computed style of the primary button, recording every request's host. */
async function styleOf(t: Test, app: App) {
  const opened = await openRecordingHosts(t, app);
  await opened.page.waitForSelector("#go.btn.btn-primary");
  const button = await opened.page.$eval("#go", (el) => {
    const style = getComputedStyle(el);
    return { background: style.backgroundColor, color: style.color, radius: style.borderRadius };
  });
  const alert = await opened.page.$eval("#alert", (el) => getComputedStyle(el).backgroundColor);
  return { ...opened, button, alert };
}

t.test("dbc.Button gets Bootstrap's styling from dbcThemes.BOOTSTRAP, served by our server", async (t) => {
  const { button, alert, hosts, page, pageErrors } = await styleOf(t, themedApp([dbcThemes.BOOTSTRAP]));
  t.equal(button.background, "rgb(13, 110, 253)", "Bootstrap 5's $primary, #0d6efd");
  t.equal(button.color, "rgb(255, 255, 255)");
  t.equal(button.radius, "6px", "Bootstrap's --bs-border-radius");
  t.equal(alert, "rgb(248, 215, 218)", "the danger alert's subtle background, #f8d7da");
  const linked = await page.$$eval("link[rel=stylesheet]", (els) => els.map((el) => (el as HTMLLinkElement).href));
  t.match(linked[0], /\/_dash-events\/themes\/bootstrap\/bootstrap\.v[\w-]+\.min\.css$/);
  t.same([...hosts], [new URL(page.url()).host], "every request went to the app's own server");
  t.same(pageErrors, []);
});

t.test("without a theme the button has the browser's default look", async (t) => {
  const { button } = await styleOf(t, themedApp());
  t.not(button.background, "rgb(13, 110, 253)");
});

t.test("a Bootswatch theme by name: DARKLY's primary colour, and no Google Fonts request", async (t) => {
  const { button, hosts, page } = await styleOf(t, themedApp(["darkly"]));
  t.equal(button.background, "rgb(55, 90, 127)", "Darkly's $primary, #375a7f");
  const body = await page.$eval("body", (el) => getComputedStyle(el).backgroundColor);
  t.equal(body, "rgb(34, 34, 34)", "Darkly's dark body, #222");
  t.same([...hosts], [new URL(page.url()).host], "the theme's web-font @import was not fetched");
});

t.test("dbcIcons: Bootstrap Icons and Font Awesome glyphs render with their fonts, loaded from our server", async (t) => {
  const app = new App({
    stylesheets: [dbcIcons.BOOTSTRAP, dbcIcons.FONT_AWESOME],
    layout: html.Div([html.I({ id: "bi", className: "bi bi-alarm" }), html.I({ id: "fa", className: "fa-solid fa-house" })]),
  });
  const { page, pageErrors, hosts } = await openRecordingHosts(t, app);
  await page.waitForSelector("#fa");
  const glyphs = await page.evaluate(async () => {
    await document.fonts.ready;
    const before = (id: string) => getComputedStyle(document.getElementById(id)!, "::before");
    const loaded: string[] = [];
    document.fonts.forEach((face) => {
      if (face.status === "loaded") loaded.push(face.family.replace(/"/g, ""));
    });
    return {
      bi: { family: before("bi").fontFamily, content: before("bi").content },
      fa: { family: before("fa").fontFamily, content: before("fa").content },
      loaded,
    };
  });
  t.match(glyphs.bi.family, /bootstrap-icons/);
  t.not(glyphs.bi.content, "none", "the alarm glyph");
  t.match(glyphs.fa.family, /Font Awesome 6 Free/);
  t.not(glyphs.fa.content, "none", "the house glyph");
  t.ok(glyphs.loaded.includes("bootstrap-icons"), "the Bootstrap Icons font loaded");
  t.ok(glyphs.loaded.includes("Font Awesome 6 Free"), "the Font Awesome font loaded");
  t.same([...hosts], [new URL(page.url()).host], "every request went to the app's own server");
  t.same(pageErrors, []);
});
