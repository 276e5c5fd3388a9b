// Real Chromium over HTTPS with HTTP/2 (issue 11, item 7): the page loads over h2, and a page with
// 12 event callbacks running at once still answers a regular callback. Over HTTP/1.1 the browser's
// six connections per host would all be held by streams: the 7th would never start.
import t from "tap";
import { App, html, Input, Output, streamProps, sleep, type EventCallbackContext } from "../lib/index.js";
import { recordTextHistory, sharedBrowser, textHistory, waitForText } from "./helpers/browser.js";
import { eventually, startApp } from "./helpers/server.js";
import { selfSignedCertificate } from "./helpers/tls.js";

const tls = selfSignedCertificate();
const STREAMS = 12;
const VALUES = 10;

t.test("12 event callbacks at once over HTTP/2 and a regular callback meanwhile: all complete, in order", async (t) => {
  let running = 0;
  let release: () => void = () => undefined;
  const released = new Promise<void>((resolve) => (release = resolve));
  const ids = Array.from({ length: STREAMS }, (_, i) => i);
  const app = new App({
    layout: html.Div([
      ...ids.map((i) => html.Div([html.Button(`start ${i}`, { id: `start-${i}` }), html.Div("idle", { id: `out-${i}` })])),
      html.Button("ping", { id: "ping" }),
      html.Div("no pong", { id: "pong" }),
    ]),
  });
  for (const i of ids) {
    app.eventCallback(Input(`start-${i}`, "n_clicks"), async function* (_n: unknown, ctx: EventCallbackContext) {
      running++;
      try {
        yield streamProps(`out-${i}`, { children: `${i}:0` });
        // every stream stays open until the test has seen the regular callback answer
        await released;
        for (let k = 1; k < VALUES; k++) {
          yield streamProps(`out-${i}`, { children: `${i}:${k}` });
          await sleep(2, ctx.signal);
        }
      } finally {
        running--;
      }
    });
  }
  app.callback(Output("pong", "children"), Input("ping", "n_clicks"), (n: unknown) => `pong ${String(n)}`);

  const server = await startApp(app, { https: { cert: tls.certFile, key: tls.keyFile } });
  t.teardown(server.close);
  t.match(server.url, /^https:\/\//);
  const context = await (await sharedBrowser(t)).newContext({ ignoreHTTPSErrors: true });
  t.teardown(() => context.close());
  const page = await context.newPage();
  const pageErrors: string[] = [];
  page.on("pageerror", (error) => pageErrors.push(error.message));
  await page.goto(server.url);
  await page.waitForSelector("html[data-dash-events-ready]");
  t.equal(
    await page.evaluate(() => (performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming).nextHopProtocol),
    "h2",
    "the page came over HTTP/2",
  );
  for (const i of ids) await recordTextHistory(page, `#out-${i}`);

  for (const i of ids) await page.click(`#start-${i}`);
  for (const i of ids) await waitForText(page, `#out-${i}`, `${i}:0`);
  t.equal(running, STREAMS, "all 12 runs are open at once");
  await page.click("#ping");
  await waitForText(page, "#pong", "pong 1");
  t.equal(running, STREAMS, "the regular callback answered while the 12 streams were open");

  release();
  for (const i of ids) await waitForText(page, `#out-${i}`, `${i}:${VALUES - 1}`);
  for (const i of ids) {
    t.same(await textHistory(page, `#out-${i}`), ["idle", ...Array.from({ length: VALUES }, (_, k) => `${i}:${k}`)], `stream ${i}: every value, in order`);
  }
  t.ok(await eventually(() => running === 0, 5000), "every run ended");
  const protocols = await page.evaluate(() =>
    (performance.getEntriesByType("resource") as PerformanceResourceTiming[]).filter((entry) => entry.name.includes("dash_update_component_sse")).map((entry) => entry.nextHopProtocol),
  );
  t.same([...new Set(protocols)], ["h2"], "the streams went over HTTP/2");
  t.same(pageErrors, []);
});
