// Components deep inside props, where `_dash-config.children_props` says a suite expects them
// rendered (Dash's component metadata): a dmc Slider's `marks[].label`, a dbc RadioItems'
// `options[].label`. Without it the suites get layout JSON and React refuses to render it.
import t from "tap";
import { App, dbc, dmc, html, Input, Output } from "../lib/index.js";
import { openApp, waitForText } from "./helpers/browser.js";
import { getPath } from "./helpers/server.js";

const layout = () =>
  dmc.MantineProvider([
    dmc.Slider({
      id: "slider",
      value: 40,
      marks: [
        { value: 20, label: html.B("twenty", { id: "mark-20" }) },
        { value: 80, label: "eighty" },
      ],
      style: { width: 300, margin: 40 },
    }),
    dbc.RadioItems({ id: "radio", options: [{ label: html.I("italic option", { id: "radio-label" }), value: "a" }, { label: "plain", value: "b" }], value: "a" }),
    html.Button("relabel", { id: "relabel" }),
  ]);

t.test("children_props: the page config lists nested component props of the suites it loads", async (t) => {
  const { url } = (await openApp(t, new App({ layout: layout() }))).server;
  const page = (await getPath(url, "/")).text;
  const config = JSON.parse(/<script id="_dash-config" type="application\/json">(.*?)<\/script>/.exec(page)![1]) as { children_props: Record<string, Record<string, string[]>> };
  t.ok(config.children_props.dash_mantine_components.Slider.includes("marks[].label"), "dmc Slider: marks[].label");
  t.same(config.children_props.dash_bootstrap_components.RadioItems, ["options[].label"]);
});

t.test("components in a Slider's marks[].label and a RadioItems' options[].label render, and follow set_props", async (t) => {
  const app = new App({ layout: layout() });
  app.callback(Output("mark-20", "children"), Input("relabel", "n_clicks"), (n: unknown) => `twenty (${String(n)})`, { preventInitialCall: true });
  app.callback(
    Output("slider", "marks"),
    Input("relabel", "n_clicks"),
    (n: unknown) => [{ value: 20, label: html.B(`twenty (${String(n)})`, { id: "mark-20" }) }, { value: 60, label: html.U("sixty", { id: "mark-60" }) }],
    { preventInitialCall: true },
  );
  const { page, pageErrors } = await openApp(t, app);
  await waitForText(page, "#mark-20", "twenty");
  t.equal(await page.textContent("#radio-label"), "italic option");
  t.equal(await page.getAttribute("#radio-label", "id"), "radio-label", "the option's label is our html.I, with its id");

  await page.click("#relabel");
  await waitForText(page, "#mark-60", "sixty");
  await waitForText(page, "#mark-20", "twenty (1)");
  t.same(pageErrors, []);
});
