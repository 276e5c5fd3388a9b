// Dash's fingerprinted file names, both ways, and where a layout's suites are found.
import t from "tap";
import { component, dcc, dmc, html } from "../lib/index.js";
import { fingerprintPath, stripFingerprint } from "../lib/suites/fingerprint.js";
import { layoutUsage } from "../lib/suites/layout-usage.js";
import { findSuite } from "../lib/suites/suite-registry.js";

t.test("fingerprints go after the first dot-separated part, as Dash writes them", async (t) => {
  t.equal(fingerprintPath("dash_table/bundle.js", "7.4.1", 1718000000.9), "dash_table/bundle.v7_4_1m1718000000.js");
  t.equal(fingerprintPath("plotly.min.js", "3.7.0-rc.1", 5), "plotly.v3_7_0-rc_1m5.min.js");
  t.same(stripFingerprint("dash_table/bundle.v7_4_1m1718000000.js"), { path: "dash_table/bundle.js", fingerprinted: true });
  t.same(stripFingerprint("plotly.v3_7_0m5.min.js"), { path: "plotly.min.js", fingerprinted: true });
  t.same(stripFingerprint("dcc/async-graph.v4_5_0m1790032440.js"), { path: "dcc/async-graph.js", fingerprinted: true });
  t.same(stripFingerprint("dcc/async-graph.js"), { path: "dcc/async-graph.js", fingerprinted: false });
  t.same(stripFingerprint("a.vx.js"), { path: "a.vx.js", fingerprinted: false }, "not a fingerprint");
  t.same(stripFingerprint("v1m2.js"), { path: "v1m2.js", fingerprinted: false }, "the first part is the name");
});

t.test("a layout's namespaces and types, from children and any other prop, components or JSON", async (t) => {
  const shared = dcc.Store({ id: "s" });
  const layout = html.Div([
    dmc.Button("Go", { leftSection: component("dash_iconify", "DashIconify")({ icon: "x" }) }),
    { type: "Graph", namespace: "dash_core_components", props: { id: "g" } } as never,
    shared,
    html.Span(shared),
  ]);
  const usage = layoutUsage(layout);
  t.same([...usage.keys()].sort(), ["dash_core_components", "dash_html_components", "dash_iconify", "dash_mantine_components"]);
  t.same([...usage.get("dash_core_components")!].sort(), ["Graph", "Store"]);
  t.same(layoutUsage(null).size, 0);
});

t.test("suites are found by name, alias or namespace", async (t) => {
  for (const name of ["dcc", "dash_core_components", "dash-core-components"]) t.equal(findSuite(name)?.name, "dash-core-components", name);
  t.equal(findSuite("dmc")?.name, "dash_mantine_components");
  t.equal(findSuite("dag")?.namespace, "dash_ag_grid");
  t.equal(findSuite("nope"), undefined);
});
