// Dev tools in debug mode, in Chromium: a server callback error appears in the error list with
// its stack; the callback graph lists inputs → callbacks → outputs with event callbacks marked;
// the live-streams panel lists a running stream and its Cancel button ends it (its finally runs).
// Without debug the page has no dev tools and the server no dev-tools endpoint.
import t from "tap";
import { App, html, Input, Output, streamProps, sleep, type EventCallbackContext } from "../lib/index.js";
import { openApp } from "./helpers/browser.js";
import { eventually, startApp } from "./helpers/server.js";

let finallyRan = false;
const app = new App({
  layout: html.Div([html.Button("Go", { id: "go" }), html.Button("Fail", { id: "fail" }), html.Div({ id: "out" }), html.Div({ id: "out2" })]),
});
app.eventCallback(Input("go", "n_clicks"), async function* (_n: unknown, ctx: EventCallbackContext) {
  try {
    for (let i = 0; ; i++) {
      yield streamProps("out", { children: `tick ${i}` });
      await sleep(30, ctx.signal);
    }
  } finally {
    finallyRan = true;
  }
});
app.callback(Output("out2", "children"), Input("fail", "n_clicks"), (n: number | undefined) => {
  if (n) throw new Error("server boom on purpose");
  return "ok";
});

t.test("error list, callback graph and live streams with cancel", async (t) => {
  const { page } = await openApp(t, app, { debug: true });
  const toggle = "#_dash-events-devtools .toggle";
  await page.waitForSelector(toggle);
  t.equal(await page.textContent(toggle), "Dev tools");

  await page.click("#fail");
  await page.waitForFunction((sel) => /\d+ errors?$/.test(document.querySelector(sel)?.textContent ?? ""), toggle);
  await page.click(toggle);
  await page.waitForSelector("#_dash-events-devtools .error");
  // the server's answer, with its stack (the renderer's console.error of it is listed too)
  await page.waitForFunction(() =>
    Array.from(document.querySelectorAll("#_dash-events-devtools .error")).some((e) => /^callback out2\.children: .*server boom on purpose/.test(e.textContent ?? "")),
  );
  const details = await page.$$eval("#_dash-events-devtools .error", (list) => list.map((e) => `${e.textContent}\n${e.nextElementSibling?.textContent}`));
  t.ok(details.some((d) => /^callback out2\.children: [\s\S]*\n[\s\S]*at /.test(d)), "the server callback's error, with its stack");

  await page.click('#_dash-events-devtools [data-tab="callbacks"]');
  await page.waitForSelector("#_dash-events-devtools tr.callback");
  const rows = await page.$$eval("#_dash-events-devtools tr.callback", (trs) => trs.map((tr) => tr.textContent));
  t.ok(rows.some((r) => /^go\.n_clicks⇢ stream\(set_props\)/.test(r ?? "")), `event callback marked: ${rows.join(" | ")}`);
  t.ok(rows.some((r) => /^fail\.n_clicks→out2\.children\d+ ms/.test(r ?? "")), "regular callback with its last run's time");

  await page.click("#go");
  await page.waitForFunction(() => /tick [1-9]/.test(document.querySelector("#out")?.textContent ?? ""));
  await page.click('#_dash-events-devtools [data-tab="streams"]');
  await page.waitForSelector("#_dash-events-devtools tr.stream");
  t.equal(await page.$$eval("#_dash-events-devtools tr.stream", (trs) => trs.length), 1, "the running stream is listed");
  await page.click("#_dash-events-devtools tr.stream button.cancel");
  t.ok(await eventually(() => finallyRan, 5000), "Cancel ended the run: its finally ran");
  await page.waitForFunction(() => document.querySelector('#_dash-events-devtools [data-content="streams"]')?.textContent === "No running streams.");
});

t.test("no dev tools without debug", async (t) => {
  const server = await startApp(app);
  t.teardown(() => server.close());
  t.equal((await fetch(`${server.url}/_dash-events/dev/streams`)).status, 404);
  t.notMatch(await (await fetch(`${server.url}/`)).text(), /_dash-events\/dev\/tools\.js/);
});
