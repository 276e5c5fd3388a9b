// dash_iconify.DashIconify in a real page: icons drawn as SVG from @iconify/json's data, served
// by the app's own server (never the Iconify API), in dmc components, and when a callback adds one.
import t from "tap";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { Page } from "playwright-core";
import { App, component, dash_iconify, dmc, html, Input, Output } from "../lib/index.js";
import { ICONS_PATH } from "../lib/protocol/icons.js";
import { openApp, sharedBrowser } from "./helpers/browser.js";
import { startApp } from "./helpers/server.js";

/** The `d` of each path of an icon's body in @iconify/json, read here from the package's file. */
function packagedPaths(icon: string): string[] {
  const [prefix, name] = icon.split(":");
  const set = JSON.parse(readFileSync(join("node_modules/@iconify/json/json", `${prefix}.json`), "utf8")) as { icons: Record<string, { body: string }> };
  const body = set.icons[name]?.body;
  if (!body) throw new Error(`no ${icon} in @iconify/json`);
  return Array.from(body.matchAll(/ d="([^"]+)"/g), (m) => m[1]);
}

/** What the page shows for the svg with this id: its paths, size and colour. */
async function drawnIcon(page: Page, selector: string) {
  await page.waitForSelector(`${selector} path`, { timeout: 20_000 });
  return page.$eval(selector, (svg) => ({
    tag: svg.tagName.toLowerCase(),
    paths: Array.from(svg.querySelectorAll("path"), (p) => p.getAttribute("d")),
    width: svg.getAttribute("width"),
    height: svg.getAttribute("height"),
    color: getComputedStyle(svg).color,
    className: svg.getAttribute("class"),
    transform: svg.querySelector("g")?.getAttribute("transform") ?? null,
  }));
}

/** Record every URL the page requests, from before it loads. */
function recordRequests(page: Page, into: string[]): void {
  page.on("request", (request) => into.push(request.url()));
}

t.test("DashIconify draws the icon's SVG from @iconify/json with width and color; the page asks only our server", async (t) => {
  const app = new App({
    layout: html.Div([
      dash_iconify.DashIconify({ icon: "mdi:home", width: 24, color: "red", id: "home", className: "big" }),
      dash_iconify.DashIconify({ icon: "mdi:account", height: 40, flip: "horizontal", id: "account" }),
      html.P(["Text with ", dash_iconify.DashIconify({ icon: "tabler:star", inline: true, id: "star" })]),
    ]),
  });
  const requests: string[] = [];
  const { page, url, pageErrors } = await openApp(t, app, { beforeLoad: (p) => recordRequests(p, requests) });

  const home = await drawnIcon(page, "#home");
  t.equal(home.tag, "svg");
  t.strictSame(home.paths, packagedPaths("mdi:home"), "the path data of mdi:home");
  t.equal(home.width, "24");
  t.equal(home.height, "24", "height follows the icon's ratio");
  t.equal(home.color, "rgb(255, 0, 0)");
  t.match(home.className, /\bbig\b/);

  const account = await drawnIcon(page, "#account");
  t.strictSame(account.paths, packagedPaths("mdi:account"));
  t.equal(account.height, "40");
  t.match(account.transform, /scale\(-1 1\)/, "flipped horizontally");

  const star = await drawnIcon(page, "#star");
  t.strictSame(star.paths, packagedPaths("tabler:star"), "an icon of another set");
  t.equal(await page.$eval("#star", (svg) => (svg as SVGElement).style.verticalAlign), "-0.125em", "inline");

  const origin = new URL(url).origin;
  const elsewhere = requests.filter((u) => new URL(u).origin !== origin);
  t.strictSame(elsewhere, [], "no request to any other host (no api.iconify.design)");
  const iconRequests = requests.filter((u) => new URL(u).pathname.startsWith(`/${ICONS_PATH}/`));
  t.ok(iconRequests.some((u) => u.includes("/mdi.json?icons=")), `mdi icons came from our route: ${iconRequests.join(" ")}`);
  for (const u of iconRequests) {
    const names = new URL(u).searchParams.get("icons")?.split(",") ?? [];
    t.ok(names.every((n) => ["home", "account", "star"].includes(n)), `only the page's icons asked for: ${u}`);
  }
  t.same(pageErrors, []);
});

t.test("inside dmc components: a Button's leftSection and a Stepper step's icon", async (t) => {
  const app = new App({
    layout: dmc.MantineProvider([
      dmc.Button("Settings", { id: "btn", leftSection: dash_iconify.DashIconify({ icon: "tabler:settings", width: 20, id: "btn-icon" }) }),
      dmc.Stepper({
        id: "stepper",
        active: 0,
        children: [
          dmc.StepperStep({ label: "One", icon: dash_iconify.DashIconify({ icon: "mdi:account", id: "step-icon" }), children: html.Div("first") }),
          dmc.StepperStep({ label: "Two", children: html.Div("second") }),
        ],
      }),
    ]),
  });
  const requests: string[] = [];
  const { page, url, pageErrors } = await openApp(t, app, { beforeLoad: (p) => recordRequests(p, requests) });
  const button = await drawnIcon(page, "#btn #btn-icon");
  t.strictSame(button.paths, packagedPaths("tabler:settings"), "the icon is drawn inside the button");
  t.equal(button.width, "20");
  t.ok(await page.$("#btn .mantine-Button-section #btn-icon"), "in the button's left section");
  const step = await drawnIcon(page, "#step-icon");
  t.strictSame(step.paths, packagedPaths("mdi:account"));
  t.strictSame(requests.filter((u) => new URL(u).origin !== new URL(url).origin), [], "no other host");
  t.same(pageErrors, []);
});

t.test("a dmc notification's icon, sent by a callback to a page that had no icon yet", async (t) => {
  const app = new App({ layout: dmc.MantineProvider([dmc.NotificationContainer({ id: "notify" }), html.Button("Notify", { id: "go" })]) });
  app.callback(
    Output("notify", "sendNotifications"),
    Input("go", "n_clicks"),
    () => [{ id: "n1", action: "show", title: "Saved", message: "3 rows", icon: dash_iconify.DashIconify({ icon: "mdi:check", id: "note-icon" }) }],
    { preventInitialCall: true },
  );
  const requests: string[] = [];
  const { page, url, pageErrors } = await openApp(t, app, { beforeLoad: (p) => recordRequests(p, requests) });
  t.equal(await page.evaluate(() => "dash_iconify" in window), false, "no dash_iconify on the page at first");
  await page.click("#go");
  const icon = await drawnIcon(page, ".mantine-Notification-root #note-icon");
  t.strictSame(icon.paths, packagedPaths("mdi:check"), "the icon is drawn in the notification");
  t.strictSame(requests.filter((u) => new URL(u).origin !== new URL(url).origin), [], "no other host");
  t.same(pageErrors, []);
});

t.test("an icon a callback returns into an empty Div: the suite loads on demand and the icon draws", async (t) => {
  const app = new App({ layout: html.Div([html.Button("Show", { id: "show" }), html.Div({ id: "holder" })]) });
  app.callback(Output("holder", "children"), Input("show", "n_clicks"), () => dash_iconify.DashIconify({ icon: "mdi:bell", width: 32, color: "blue", rotate: 1, id: "bell" }), {
    preventInitialCall: true,
  });
  const requests: string[] = [];
  const { page, url, pageErrors } = await openApp(t, app, { beforeLoad: (p) => recordRequests(p, requests) });
  t.equal(await page.evaluate(() => "dash_iconify" in window), false, "no dash_iconify on the page at first");
  await page.click("#show");
  const bell = await drawnIcon(page, "#holder #bell");
  t.strictSame(bell.paths, packagedPaths("mdi:bell"));
  t.equal(bell.width, "32");
  t.equal(bell.color, "rgb(0, 0, 255)");
  t.match(bell.transform, /rotate\(90/, "rotated a quarter turn");
  t.strictSame(requests.filter((u) => new URL(u).origin !== new URL(url).origin), [], "no other host");
  t.same(pageErrors, []);
});

t.test("an unknown icon, or one given as markup, draws nothing and asks no other host; the known one next to it still draws", async (t) => {
  const app = new App({
    layout: html.Div([
      dash_iconify.DashIconify({ icon: "mdi:no-such-icon-at-all", id: "missing" }),
      dash_iconify.DashIconify({ icon: "no-such-set:home", id: "missing-set" }),
      dash_iconify.DashIconify({ icon: "mdi:home", id: "present" }),
      // not a name: @iconify/react would draw an object's body as markup; dash-iconify takes names only
      component("dash_iconify", "DashIconify")({ icon: { body: '<image href="x:" onerror="alert(1)"/>', width: 10, height: 10 }, id: "object" }),
    ]),
  });
  const requests: string[] = [];
  const { page, url, dialogs } = await openApp(t, app, { beforeLoad: (p) => recordRequests(p, requests) });
  await drawnIcon(page, "#present");
  t.equal(await page.$("svg#object"), null, "an icon given as an object is not drawn");
  t.strictSame(dialogs, [], "and its markup never ran");
  await page.waitForFunction(() => performance.getEntriesByType("resource").some((e) => e.name.includes("no-such-set.json")), undefined, { timeout: 20_000 });
  t.equal(await page.$("svg#missing"), null, "no svg for an unknown icon");
  t.equal(await page.$("svg#missing-set"), null, "no svg for an unknown set");
  t.strictSame(requests.filter((u) => new URL(u).origin !== new URL(url).origin), [], "no fallback to another host");
});

t.test("under a requests prefix the page asks the icon route under that prefix", async (t) => {
  const app = new App({ layout: html.Div([dash_iconify.DashIconify({ icon: "mdi:home", id: "home" })]), urlBasePathname: "/dash/" });
  const server = await startApp(app);
  t.teardown(() => server.close());
  const page = await (await sharedBrowser(t)).newPage();
  t.teardown(() => page.close());
  const requests: string[] = [];
  recordRequests(page, requests);
  await page.goto(`${server.url}/dash/`);
  const home = await drawnIcon(page, "#home");
  t.strictSame(home.paths, packagedPaths("mdi:home"));
  t.ok(requests.some((u) => new URL(u).pathname === `/dash/${ICONS_PATH}/mdi.json`), "icons from /dash/_dash-events/icons/");
  t.strictSame(requests.filter((u) => new URL(u).origin !== server.url), [], "no other host");
});
