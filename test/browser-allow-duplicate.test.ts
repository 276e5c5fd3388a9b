// Dash's allow_duplicate: several callbacks write one prop; the callback id names such an output
// `id.prop@<sha256 of the Inputs' "id.prop" joined by ".">` (dash/_utils.py create_callback_id).
import { createHash } from "node:crypto";
import t from "tap";
import { App, html, Input, Output, State } from "../lib/index.js";
import type { CallbackSpec } from "../lib/protocol/types.js";
import { openApp, waitForText } from "./helpers/browser.js";
import { openExample } from "./examples-helpers.js";
import { getPath, startApp } from "./helpers/server.js";

const sha256 = (text: string): string => createHash("sha256").update(text).digest("hex");

function app(): App {
  const app = new App({
    layout: html.Div([html.Button("A", { id: "a" }), html.Button("B", { id: "b" }), html.Button("C", { id: "c" }), html.Div({ id: "s", title: "x" }), html.Div("start", { id: "log" })]),
  });
  app.callback(Output("log", "children"), Input("a", "n_clicks"), (n: unknown) => `a ${String(n)}`, { preventInitialCall: true });
  app.callback([Output("log", "children", { allowDuplicate: true }), Output("b", "title")], Input("b", "n_clicks"), State("s", "title"), (n: unknown, s: unknown) => [`b ${String(n)} ${String(s)}`, "pressed"], { preventInitialCall: true });
  app.clientsideCallback("function (n) { return 'c ' + n; }", Output("log", "children", { allowDuplicate: true }), Input("c", "n_clicks"), [], { preventInitialCall: true });
  return app;
}

t.test("/_dash-dependencies: Dash's wire form of allow_duplicate outputs", async (t) => {
  const started = await startApp(app());
  t.teardown(started.close);
  const specs = (await getPath(started.url, "/_dash-dependencies")).json as CallbackSpec[];
  t.same(specs.map((s) => s.output), ["log.children", `..log.children@${sha256("b.n_clicks")}...b.title..`, `log.children@${sha256("c.n_clicks")}`]);
});

t.test("three callbacks (two server-side, one clientside) write one prop; each request's outputs name the plain prop", async (t) => {
  const { page, pageErrors } = await openApp(t, app());
  const bodies: Array<{ output: string; outputs: unknown }> = [];
  page.on("request", (request) => {
    if (request.url().endsWith("/_dash-update-component")) bodies.push(JSON.parse(request.postData() ?? "{}") as { output: string; outputs: unknown });
  });
  await page.click("#b");
  await waitForText(page, "#log", "b 1 x");
  t.equal(await page.getAttribute("#b", "title"), "pressed");
  await page.click("#a");
  await waitForText(page, "#log", "a 1");
  await page.click("#c");
  await waitForText(page, "#log", "c 1");
  await page.click("#b");
  await waitForText(page, "#log", "b 2 x");
  t.same(bodies[0].outputs, [{ id: "log", property: "children" }, { id: "b", property: "title" }], "outputs carry the prop without @hash, as dash-renderer sends them");
  t.match(bodies[0].output, /^\.\.log\.children@[0-9a-f]{64}\.\.\.b\.title\.\.$/);
  t.same(pageErrors, []);
});

t.test("Dash's rule: an allowDuplicate output needs preventInitialCall (or \"initial_duplicate\")", async (t) => {
  const bad = new App({ layout: html.Div() });
  t.throws(() => bad.callback(Output("x", "children", { allowDuplicate: true }), Input("y", "n_clicks"), () => 1), /requires preventInitialCall: true/);
  const initial = new App({ layout: html.Div([html.Div("load", { id: "x" }), html.Button({ id: "y" })]) });
  initial.callback(Output("x", "children", { allowDuplicate: true }), Input("y", "n_clicks"), () => "ran on load", { preventInitialCall: "initial_duplicate" });
  const { page } = await openApp(t, initial);
  await waitForText(page, "#x", "ran on load");
  const appWide = new App({ layout: html.Div(), preventInitialCallbacks: true });
  t.doesNotThrow(() => appWide.callback(Output("x", "children", { allowDuplicate: true }), Input("y", "n_clicks"), () => 1), "the App's preventInitialCallbacks: true is enough");
});

t.test("examples/duplicate-outputs.ts (Dash docs): Draw, Reset and a clientside Clear update one figure", async (t) => {
  const { page, pageErrors } = await openExample(t, "duplicate-outputs");
  const title = () => page.textContent("#duplicate-output-graph .gtitle");
  await page.waitForFunction(() => document.querySelector("#duplicate-output-graph .gtitle")?.textContent === "Empty");
  await page.click("#draw-2");
  await page.waitForFunction(() => document.querySelector("#duplicate-output-graph .gtitle")?.textContent === "Drawn");
  t.ok(await page.$("#duplicate-output-graph .scatterlayer .trace"), "the trace is drawn");
  await page.click("#reset-2");
  await page.waitForFunction(() => document.querySelector("#duplicate-output-graph .gtitle")?.textContent === "Empty");
  await page.click("#clear-2");
  await page.waitForFunction(() => document.querySelector("#duplicate-output-graph .gtitle")?.textContent === "Cleared 1");
  t.equal(await title(), "Cleared 1");
  t.same(pageErrors, []);
});
