// Ported from Dash's docs, "Multi-Page Apps and URL Support" (dash.plotly.com/urls): Dash Pages
// with a home page, an analytics page, an archive page, a path template with a variable, a
// redirect and a 404 page.
import { App, dcc, html, Input, Output, callback, pageContainer, pageRegistry, registerPage } from "dash-events";

registerPage("/", { name: "Home", title: "Home page", layout: html.Div([html.H1("This is our Home page", { id: "page-title" }), html.Div("This is our Home page content.")]) });

registerPage("/analytics", {
  name: "Analytics",
  title: "Analytics",
  layout: html.Div([
    html.H1("This is our Analytics page", { id: "page-title" }),
    html.Div(["Select a city: ", dcc.RadioItems({ id: "analytics-input", options: ["New York City", "Montreal", "San Francisco"], value: "Montreal" })]),
    html.Br(),
    html.Div({ id: "analytics-output" }),
  ]),
});

registerPage("/archive", { name: "Archive", redirectFrom: ["/old-archive"], layout: html.Div([html.H1("This is our Archive page", { id: "page-title" })]) });

registerPage("/report", {
  pathTemplate: "/report/<report_id>",
  name: "Report",
  title: ({ report_id }) => `Report ${report_id ?? ""}`,
  layout: ({ report_id, view }) => html.Div([html.H1(`Report ${report_id ?? "none"}`, { id: "page-title" }), html.Div(`view: ${view ?? "default"}`, { id: "report-view" })]),
});

registerPage("/404", { module: "pages.not_found_404", title: "Not found", layout: html.H1("This page does not exist", { id: "page-title" }) });

callback(Output("analytics-output", "children"), Input("analytics-input", "value"), (value: unknown) => `You selected: ${String(value)}`);

export default new App({
  title: "Pages",
  suppressCallbackExceptions: true,
  layout: html.Div([
    html.H1("Multi-page app with Dash Pages"),
    html.Div(
      [...pageRegistry.values()].filter((page) => page.module !== "pages.not_found_404").map((page) => html.Div(dcc.Link(`${page.name} - ${page.path}`, { href: page.relative_path }))),
      { id: "nav" },
    ),
    pageContainer,
  ]),
});
