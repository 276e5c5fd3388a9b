// Only components whose props changed re-render (issue 3): a probe component counts its own
// renders per id, and updates to one or two of fifty probes must leave the other counts alone.
import t from "tap";
import { App, component, html, Input, Output, streamProps } from "../lib/index.js";
import { openApp, waitForText } from "./helpers/browser.js";

const Probe = component("render_probe", "Probe");
const ids = Array.from({ length: 50 }, (_, i) => `p${i}`);

// Installed before the page's own scripts: a tiny "suite" whose component counts its renders.
const PROBE_SUITE = `
  window.__renders = {};
  window.render_probe = {
    Probe: function Probe(props) {
      window.__renders[props.id] = (window.__renders[props.id] || 0) + 1;
      return window.React.createElement("span", { id: props.id }, props.label);
    },
  };
`;

function renders(page: import("playwright-core").Page): Promise<Record<string, number>> {
  return page.evaluate(() => (window as unknown as { __renders: Record<string, number> }).__renders);
}

t.test("set_props, a callback response and a streamed [BATCH] re-render only the components they change", async (t) => {
  const app = new App({
    layout: html.Div([
      html.Button("go", { id: "go" }),
      html.Button("stream", { id: "stream" }),
      html.Div(ids.map((id) => Probe({ id, label: `${id} initial` })), { id: "probes" }),
    ]),
  });
  app.callback(Output("p10", "label"), Input("go", "n_clicks"), (n: unknown) => `p10 clicked ${String(n)}`, { preventInitialCall: true });
  app.eventCallback(Input("stream", "n_clicks"), function* () {
    yield streamProps([["p20", { label: "p20 streamed" }], ["p21", { label: "p21 streamed" }]]);
  });
  const { page, pageErrors } = await openApp(t, app, { beforeLoad: (p) => p.addInitScript(PROBE_SUITE) });
  await waitForText(page, "#p49", "p49 initial");
  const atLoad = await renders(page);
  t.same(Object.keys(atLoad).sort(), [...ids].sort(), "every probe rendered at load");

  await page.evaluate(() => window.dash_clientside?.set_props?.("p7", { label: "p7 changed" }));
  await waitForText(page, "#p7", "p7 changed");
  await page.click("#go");
  await waitForText(page, "#p10", "p10 clicked 1");
  await page.click("#stream");
  await waitForText(page, "#p21", "p21 streamed");

  const after = await renders(page);
  const rerendered = ids.filter((id) => after[id] !== atLoad[id]);
  t.same(rerendered, ["p7", "p10", "p20", "p21"], "only the four updated probes rendered again");
  t.same(pageErrors, []);
});
