// Hardening in a real Chromium (issue 12): a cross-site page cannot run callbacks nor frame the
// app, and raw-HTML props (dangerouslySetInnerHTML) from a layout or a stream frame never reach
// the DOM.
import t, { type Test } from "tap";
import { createServer, type Server } from "node:http";
import { App, html, Input, Output, noUpdate, streamProps } from "../lib/index.js";
import type { LayoutNode } from "../lib/protocol/types.js";
import { openApp, sharedBrowser, waitForText } from "./helpers/browser.js";
import { eventually } from "./helpers/server.js";

/** A page of another origin (another port on 127.0.0.1), serving `body` as HTML. */
async function crossSitePage(t: Test, body: string): Promise<string> {
  const server: Server = createServer((_req, res) => {
    res.writeHead(200, { "content-type": "text/html" });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  t.teardown(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const address = server.address();
  if (typeof address !== "object" || address === null) throw new Error("no port");
  // "localhost" vs the app's "127.0.0.1": another site, not only another origin
  return `http://localhost:${address.port}/`;
}

const RAW = "<img src=x onerror=\"alert('xss')\" id=injected>";

t.test("a cross-site page cannot run callbacks (403 before any body is read) and cannot frame the app", async (t) => {
  let calls = 0;
  const app = new App({ layout: html.Div([html.Button("go", { id: "go" }), html.Div("idle", { id: "out" })]) });
  app.callback(Output("out", "children"), Input("go", "n_clicks"), (n) => {
    calls++;
    return `clicked ${String(n)}`;
  });
  const { page, url } = await openApp(t, app);
  await page.click("#go");
  await waitForText(page, "#out", "clicked 1");
  const callsBefore = calls;
  t.ok(callsBefore >= 1, "the app's own page runs callbacks");

  const body = JSON.stringify({ output: "out.children", outputs: { id: "out", property: "children" }, inputs: [{ id: "go", property: "n_clicks", value: 9 }], changedPropIds: ["go.n_clicks"] });
  const evil = await crossSitePage(
    t,
    `<!doctype html><body>
      <iframe id="frame" src="${url}/"></iframe>
      <form id="form" method="POST" action="${url}/_dash-update-component" enctype="text/plain" target="sink"><input name='${body.slice(0, -2)}' value='"}'></form>
      <iframe name="sink"></iframe>
      <script>
        window.attempts = Promise.all([
          fetch("${url}/_dash-update-component", { method: "POST", mode: "no-cors", headers: { "content-type": "text/plain" }, body: ${JSON.stringify(body)} }).then(() => "sent", (e) => String(e)),
          fetch("${url}/dash_update_component_sse", { method: "POST", mode: "no-cors", body: ${JSON.stringify(body)} }).then(() => "sent", (e) => String(e)),
          fetch("${url}/_dash-update-component", { method: "POST", headers: { "content-type": "application/json" }, body: ${JSON.stringify(body)} }).then((r) => r.status, (e) => "blocked"),
        ]);
        document.getElementById("form").submit();
      </script></body>`,
  );
  const attacker = await (await sharedBrowser(t)).newPage();
  t.teardown(() => attacker.close());
  const statuses: Array<[string, number]> = [];
  attacker.on("response", (response) => {
    if (response.request().method() === "POST") statuses.push([new URL(response.url()).pathname, response.status()]);
  });
  await attacker.goto(evil);
  await attacker.evaluate(() => (window as unknown as { attempts: Promise<unknown> }).attempts);
  // the two no-cors fetches and the form; the JSON fetch stops at its CORS preflight
  t.ok(await eventually(() => statuses.length >= 3, 5000), `the POSTs that reached the server: ${JSON.stringify(statuses)}`);
  t.ok(statuses.every(([, status]) => status === 403), "each was refused with 403");
  t.equal(calls, callsBefore, "no callback ran for the cross-site page");

  const frame = attacker.frames().find((f) => f !== attacker.mainFrame() && f.name() !== "sink");
  const framedReady = frame ? await frame.evaluate(() => document.documentElement.hasAttribute("data-dash-events-ready")).catch(() => false) : false;
  t.equal(framedReady, false, "the app does not render inside another site's frame (frame-ancestors 'self')");
});

t.test("dangerouslySetInnerHTML in a layout or a stream frame never reaches the DOM; dcc-free html stays text", async (t) => {
  const rawDiv: LayoutNode = { type: "Div", namespace: "dash_html_components", props: { id: "raw", children: "plain", dangerouslySetInnerHTML: { __html: RAW } } };
  const app = new App({
    layout: { type: "Div", namespace: "dash_html_components", props: { children: [html.Button("go", { id: "go" }).toJSON(), rawDiv, html.Div("target", { id: "target" }).toJSON(), html.Div("text", { id: "text" }).toJSON()] } },
  });
  app.eventCallback(Input("go", "n_clicks"), function* () {
    yield streamProps("target", { dangerouslySetInnerHTML: { __html: RAW }, children: "streamed", onClick: "alert('x')", ref: "r" } as never);
    yield streamProps("text", { children: RAW });
  });
  const { page, dialogs, pageErrors } = await openApp(t, app);
  t.equal(await page.textContent("#raw"), "plain", "the layout's raw HTML was dropped");
  await page.click("#go");
  await waitForText(page, "#text", RAW);
  t.equal(await page.textContent("#target"), "streamed", "the frame's raw HTML was dropped, its children applied");
  t.equal(await page.locator("#injected").count(), 0, "no injected element");
  await page.click("#target");
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => setTimeout(resolve, 0))));
  t.same(dialogs, [], "no script ran");
  t.same(pageErrors, []);
});

t.test("defect 5: a cancel clicked in the same task as its trigger cancels the run (it is never opened)", async (t) => {
  let openRuns = 0;
  let runsStarted = 0;
  const app = new App({
    layout: html.Div([
      html.Button("start", { id: "start" }),
      html.Button("cancel", { id: "cancel" }),
      html.Button("probe", { id: "probe" }),
      html.Div("idle", { id: "out" }),
      html.Div({ id: "probe-out" }),
      html.Div("ready", { id: "status" }),
    ]),
  });
  app.eventCallback(
    Input("start", "n_clicks"),
    async function* (_n, ctx) {
      runsStarted++;
      openRuns++;
      try {
        for (let i = 0; !ctx.signal.aborted; i++) {
          yield streamProps([["out", { children: `tick ${i}` }], ["status", { children: "running" }]]);
          await new Promise((resolve) => setTimeout(resolve, 20));
        }
      } finally {
        openRuns--;
      }
    },
    { cancel: Input("cancel", "n_clicks"), resetProps: { status: { children: "reset" } } },
  );
  app.callback(Output("probe-out", "children"), Input("probe", "n_clicks"), (n) => `probe ${String(n)}`);
  const { page, pageErrors } = await openApp(t, app);
  await page.evaluate(() => {
    (document.getElementById("start") as HTMLButtonElement).click();
    (document.getElementById("cancel") as HTMLButtonElement).click();
  });
  await waitForText(page, "#status", "reset");
  // a round trip after the clicks: a stream request sent with them would have reached the server by now
  await page.click("#probe");
  await waitForText(page, "#probe-out", "probe 1");
  t.equal(await page.textContent("#out"), "idle", "no frame of the cancelled run was applied");
  t.equal(openRuns, 0, "no run is left open on the server");
  t.equal(runsStarted, 0, "the run was never opened");

  await page.click("#start");
  await waitForText(page, "#status", "running");
  await page.click("#cancel");
  await waitForText(page, "#status", "reset");
  t.ok(await eventually(() => openRuns === 0, 5000), "a cancel in a later task still ends a running stream");
  t.same(pageErrors, []);
});

t.test("defect 5, later tasks: a cancel while the trigger still waits on a slow upstream callback keeps the run from starting", async (t) => {
  let runsStarted = 0;
  let release: () => void = () => {};
  const app = new App({
    layout: html.Div([
      html.Button("start", { id: "start" }),
      html.Button("cancel", { id: "cancel" }),
      html.Div({ id: "armed" }),
      html.Div({ id: "released" }),
      html.Div("ready", { id: "status" }),
      html.Button("probe", { id: "probe" }),
      html.Div({ id: "probe-out" }),
    ]),
  });
  app.callback(Output("probe-out", "children"), Input("probe", "n_clicks"), (n: number | undefined) => `probe ${n ?? 0}`);
  // The stream also reads `armed`, which a slow callback of the same click may change: the stream
  // waits for it. The callback ends up not changing it, so nothing triggers the stream again.
  app.callback([Output("armed", "children"), Output("released", "children")], Input("start", "n_clicks"), async (n: number | undefined) => {
    if (!n) return [noUpdate, "never"];
    await new Promise<void>((resolve) => (release = resolve));
    return [noUpdate, `released ${n}`];
  });
  app.eventCallback(
    Input("start", "n_clicks"),
    Input("armed", "children"),
    async function* () {
      runsStarted++;
      yield streamProps("status", { children: "running" });
    },
    { cancel: Input("cancel", "n_clicks"), resetProps: { status: { children: "reset" } } },
  );
  const { page } = await openApp(t, app);
  await waitForText(page, "#released", "never");
  await page.click("#start");
  await page.click("#cancel");
  await waitForText(page, "#status", "reset");
  release();
  await waitForText(page, "#released", "released 1");
  // a round trip later: a run started after the release would have sent its frame by now
  await page.click("#probe");
  await waitForText(page, "#probe-out", "probe 1");
  t.equal(await page.textContent("#status"), "reset");
  t.equal(runsStarted, 0, "the cancelled trigger never started a run");
});
