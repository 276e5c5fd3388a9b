// Ported from Dash's docs, "Duplicate Callback Outputs" (dash.plotly.com/duplicate-callback-outputs):
// two callbacks update one graph's figure; the one that draws allows the duplicate and does not run on load.
import { App, callback, clientsideCallback, dcc, html, Input, Output } from "dash-events";

const layout = html.Div([
  html.Button("Draw Graph", { id: "draw-2" }),
  html.Button("Reset Graph", { id: "reset-2" }),
  html.Button("Clear title", { id: "clear-2" }),
  dcc.Graph({ id: "duplicate-output-graph" }),
]);

callback(
  Output("duplicate-output-graph", "figure", { allowDuplicate: true }),
  Input("draw-2", "n_clicks"),
  () => ({ data: [{ type: "scatter", x: [1, 2, 3, 4], y: [4, 1, 3, 5] }], layout: { title: { text: "Drawn" } } }),
  { preventInitialCall: true },
);

callback(Output("duplicate-output-graph", "figure"), Input("reset-2", "n_clicks"), () => ({ data: [], layout: { title: { text: "Empty" } } }));

// A clientside callback may write the same prop too.
clientsideCallback(
  "function (n) { return { data: [], layout: { title: { text: 'Cleared ' + n } } }; }",
  Output("duplicate-output-graph", "figure", { allowDuplicate: true }),
  Input("clear-2", "n_clicks"),
  [],
  { preventInitialCall: true },
);

export default new App({ title: "Duplicate callback outputs", layout });
