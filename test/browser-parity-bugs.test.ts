import t from "tap";
import { App, html, dmc, Input, Output, Patch } from "../lib/index.js";
import { childrenPropsOf } from "../lib/suites/children-props.js";
import { openApp, waitForText } from "./helpers/browser.js";

t.test("dmc.RichTextEditor: typing updates html; the live editor object a component passes to setProps is not walked", async (t) => {
  const app = new App({
    layout: dmc.MantineProvider([dmc.RichTextEditor({ id: "rte", html: "<p>hello</p>" }), html.Div({ id: "out" })]),
  });
  app.callback(Output("out", "children"), Input("rte", "html"), (value: unknown) => `html: ${String(value)}`);
  const { page, pageErrors, consoleMessages } = await openApp(t, app);
  await waitForText(page, "#out", "html: <p>hello</p>");
  await page.click("#rte .ProseMirror");
  await page.keyboard.press("End");
  await page.keyboard.type(" world");
  await waitForText(page, "#out", "html: <p>hello world</p>");
  t.same(pageErrors, []);
  t.notOk(consoleMessages.some((m) => /Maximum call stack/.test(m)), "no stack overflow");
});

t.test("children_props of dash-ag-grid: read without a warning (our built-in suite has no package.json)", async (t) => {
  const warnings: string[] = [];
  const onWarning = (warning: Error): void => void warnings.push(warning.message);
  process.on("warning", onWarning);
  t.teardown(() => void process.off("warning", onWarning));
  childrenPropsOf(["dash-ag-grid"]);
  await new Promise((resolve) => setImmediate(resolve));
  t.same(warnings.filter((w) => /children_props/.test(w)), []);
});

t.test("debug error display: a clientside callback's error and a failing Patch operation show in the page, not only in the console", async (t) => {
  const app = new App({
    layout: html.Div([html.Button("Throw", { id: "throw" }), html.Button("Patch", { id: "patch" }), html.Div({ id: "a" }), html.Div({ id: "b", style: { color: "red" } })]),
  });
  app.clientsideCallback("function (n) { throw new Error('boom from the browser'); }", Output("a", "children"), Input("throw", "n_clicks"), [], { preventInitialCall: true });
  // Append to an object, not a list: the Patch fails
  app.callback(Output("b", "style"), Input("patch", "n_clicks"), () => new Patch().append("x"), { preventInitialCall: true });
  const { page } = await openApp(t, app, { debug: true });
  await page.click("#throw");
  await page.waitForSelector(".dash-events-error");
  t.match(await page.textContent(".dash-events-errors"), /boom from the browser/);
  await page.click("#patch");
  await page.waitForFunction(() => /could not apply a Patch to b\.style/.test(document.querySelector(".dash-events-errors")?.textContent ?? ""));
  t.pass("the Patch error is shown");
});
