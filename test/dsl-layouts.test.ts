import t from "tap";
import { component } from "../lib/dsl/component.js";
import { html } from "../lib/dsl/html.js";

// Whole layouts, as real Dash 4.3 served them on GET /_dash-layout (copied verbatim from
// ../shared/dash-wire/<app>/layout.json), and the component tree its pattern app's callback returned.
const DASH_BASIC_LAYOUT: string = "{\"props\":{\"children\":[{\"props\":{\"children\":\"wire fixtures: basic\"},\"type\":\"H3\",\"namespace\":\"dash_html_components\"},{\"props\":{\"children\":\"plain\",\"id\":\"plain-btn\"},\"type\":\"Button\",\"namespace\":\"dash_html_components\"},{\"props\":{\"children\":\"plain-initial\",\"id\":\"plain-out\"},\"type\":\"Div\",\"namespace\":\"dash_html_components\"},{\"props\":{\"children\":\"pic\",\"id\":\"pic-btn\"},\"type\":\"Button\",\"namespace\":\"dash_html_components\"},{\"props\":{\"children\":\"pic-initial\",\"id\":\"pic-out\"},\"type\":\"Div\",\"namespace\":\"dash_html_components\"},{\"props\":{\"children\":\"multi\",\"id\":\"multi-btn\"},\"type\":\"Button\",\"namespace\":\"dash_html_components\"},{\"props\":{\"value\":\"s0\",\"type\":\"text\",\"id\":\"multi-state\"},\"type\":\"Input\",\"namespace\":\"dash_core_components\"},{\"props\":{\"children\":null,\"id\":\"multi-a\"},\"type\":\"Div\",\"namespace\":\"dash_html_components\"},{\"props\":{\"children\":null,\"id\":\"multi-b\"},\"type\":\"Div\",\"namespace\":\"dash_html_components\"},{\"props\":{\"children\":\"chain\",\"id\":\"chain-btn\"},\"type\":\"Button\",\"namespace\":\"dash_html_components\"},{\"props\":{\"children\":null,\"id\":\"chain-1\"},\"type\":\"Div\",\"namespace\":\"dash_html_components\"},{\"props\":{\"children\":null,\"id\":\"chain-2\"},\"type\":\"Div\",\"namespace\":\"dash_html_components\"},{\"props\":{\"value\":\"\",\"type\":\"text\",\"placeholder\":\"type here\",\"id\":\"text-input\"},\"type\":\"Input\",\"namespace\":\"dash_core_components\"},{\"props\":{\"children\":null,\"id\":\"text-out\"},\"type\":\"Div\",\"namespace\":\"dash_html_components\"},{\"props\":{\"options\":[{\"label\":\"Apple\",\"value\":\"apple\"},{\"label\":\"Banana\",\"value\":\"banana\"},{\"label\":\"Cherry\",\"value\":\"cherry\"}],\"value\":\"apple\",\"clearable\":false,\"id\":\"dropdown\"},\"type\":\"Dropdown\",\"namespace\":\"dash_core_components\"},{\"props\":{\"children\":null,\"id\":\"dropdown-out\"},\"type\":\"Div\",\"namespace\":\"dash_html_components\"},{\"props\":{\"children\":\"trig-a\",\"id\":\"trig-a\"},\"type\":\"Button\",\"namespace\":\"dash_html_components\"},{\"props\":{\"children\":\"trig-b\",\"id\":\"trig-b\"},\"type\":\"Button\",\"namespace\":\"dash_html_components\"},{\"props\":{\"children\":null,\"id\":\"trig-out\"},\"type\":\"Div\",\"namespace\":\"dash_html_components\"},{\"props\":{\"children\":\"cs\",\"id\":\"cs-btn\"},\"type\":\"Button\",\"namespace\":\"dash_html_components\"},{\"props\":{\"children\":\"cs-initial\",\"id\":\"cs-out\"},\"type\":\"Div\",\"namespace\":\"dash_html_components\"},{\"props\":{\"children\":null,\"id\":\"cs-server\"},\"type\":\"Div\",\"namespace\":\"dash_html_components\"},{\"props\":{\"children\":\"run\",\"id\":\"run-btn\"},\"type\":\"Button\",\"namespace\":\"dash_html_components\"},{\"props\":{\"children\":null,\"id\":\"run-out\"},\"type\":\"Div\",\"namespace\":\"dash_html_components\"}]},\"type\":\"Div\",\"namespace\":\"dash_html_components\"}";
const DASH_PATTERN_LAYOUT: string = "{\"props\":{\"children\":[{\"props\":{\"children\":\"wire fixtures: pattern\"},\"type\":\"H3\",\"namespace\":\"dash_html_components\"},{\"props\":{\"children\":\"dictid\",\"id\":\"dictid-btn\"},\"type\":\"Button\",\"namespace\":\"dash_html_components\"},{\"props\":{\"children\":\"dict-target-initial\",\"id\":{\"type\":\"dict-target\",\"name\":\"x\"}},\"type\":\"Div\",\"namespace\":\"dash_html_components\"},{\"props\":{\"children\":[{\"props\":{\"children\":[{\"props\":{\"children\":\"btn 0\",\"id\":{\"type\":\"btn\",\"index\":0}},\"type\":\"Button\",\"namespace\":\"dash_html_components\"},{\"props\":{\"children\":\"out 0 initial\",\"id\":{\"type\":\"out\",\"index\":0}},\"type\":\"Span\",\"namespace\":\"dash_html_components\"}]},\"type\":\"Div\",\"namespace\":\"dash_html_components\"},{\"props\":{\"children\":[{\"props\":{\"children\":\"btn 1\",\"id\":{\"type\":\"btn\",\"index\":1}},\"type\":\"Button\",\"namespace\":\"dash_html_components\"},{\"props\":{\"children\":\"out 1 initial\",\"id\":{\"type\":\"out\",\"index\":1}},\"type\":\"Span\",\"namespace\":\"dash_html_components\"}]},\"type\":\"Div\",\"namespace\":\"dash_html_components\"},{\"props\":{\"children\":[{\"props\":{\"children\":\"btn 2\",\"id\":{\"type\":\"btn\",\"index\":2}},\"type\":\"Button\",\"namespace\":\"dash_html_components\"},{\"props\":{\"children\":\"out 2 initial\",\"id\":{\"type\":\"out\",\"index\":2}},\"type\":\"Span\",\"namespace\":\"dash_html_components\"}]},\"type\":\"Div\",\"namespace\":\"dash_html_components\"}]},\"type\":\"Div\",\"namespace\":\"dash_html_components\"},{\"props\":{\"children\":[{\"props\":{\"value\":1,\"type\":\"number\",\"id\":{\"type\":\"num\",\"index\":0}},\"type\":\"Input\",\"namespace\":\"dash_core_components\"},{\"props\":{\"value\":2,\"type\":\"number\",\"id\":{\"type\":\"num\",\"index\":1}},\"type\":\"Input\",\"namespace\":\"dash_core_components\"},{\"props\":{\"value\":3,\"type\":\"number\",\"id\":{\"type\":\"num\",\"index\":2}},\"type\":\"Input\",\"namespace\":\"dash_core_components\"}],\"id\":\"num-container\"},\"type\":\"Div\",\"namespace\":\"dash_html_components\"},{\"props\":{\"children\":null,\"id\":\"all-sum\"},\"type\":\"Div\",\"namespace\":\"dash_html_components\"},{\"props\":{\"children\":\"tree\",\"id\":\"tree-btn\"},\"type\":\"Button\",\"namespace\":\"dash_html_components\"},{\"props\":{\"children\":\"tree-container-initial\",\"id\":\"tree-container\"},\"type\":\"Div\",\"namespace\":\"dash_html_components\"}]},\"type\":\"Div\",\"namespace\":\"dash_html_components\"}";
const DASH_UPDATES_LAYOUT: string = "{\"props\":{\"children\":[{\"props\":{\"children\":\"wire fixtures: updates\"},\"type\":\"H3\",\"namespace\":\"dash_html_components\"},{\"props\":{\"children\":\"noup\",\"id\":\"noup-btn\"},\"type\":\"Button\",\"namespace\":\"dash_html_components\"},{\"props\":{\"children\":\"noup-a-initial\",\"id\":\"noup-a\"},\"type\":\"Div\",\"namespace\":\"dash_html_components\"},{\"props\":{\"children\":\"noup-b-initial\",\"id\":\"noup-b\"},\"type\":\"Div\",\"namespace\":\"dash_html_components\"},{\"props\":{\"children\":\"noup1\",\"id\":\"noup1-btn\"},\"type\":\"Button\",\"namespace\":\"dash_html_components\"},{\"props\":{\"children\":\"noup1-out-initial\",\"id\":\"noup1-out\"},\"type\":\"Div\",\"namespace\":\"dash_html_components\"},{\"props\":{\"children\":\"prevent\",\"id\":\"prevent-btn\"},\"type\":\"Button\",\"namespace\":\"dash_html_components\"},{\"props\":{\"children\":\"prevent-initial\",\"id\":\"prevent-out\"},\"type\":\"Div\",\"namespace\":\"dash_html_components\"},{\"props\":{\"children\":\"setprops\",\"id\":\"setprops-btn\"},\"type\":\"Button\",\"namespace\":\"dash_html_components\"},{\"props\":{\"children\":\"setprops-out-initial\",\"id\":\"setprops-out\"},\"type\":\"Div\",\"namespace\":\"dash_html_components\"},{\"props\":{\"children\":\"setprops-side-initial\",\"id\":\"setprops-side\"},\"type\":\"Div\",\"namespace\":\"dash_html_components\"},{\"props\":{\"children\":\"setprops-dict-initial\",\"id\":{\"type\":\"side\",\"name\":\"dict\"}},\"type\":\"Div\",\"namespace\":\"dash_html_components\"},{\"props\":{\"children\":\"noout\",\"id\":\"noout-btn\"},\"type\":\"Button\",\"namespace\":\"dash_html_components\"},{\"props\":{\"children\":\"noout-target-initial\",\"id\":\"noout-target\"},\"type\":\"Div\",\"namespace\":\"dash_html_components\"},{\"props\":{\"children\":\"noout-nothing\",\"id\":\"noout-nothing-btn\"},\"type\":\"Button\",\"namespace\":\"dash_html_components\"},{\"props\":{\"children\":\"patch\",\"id\":\"patch-btn\"},\"type\":\"Button\",\"namespace\":\"dash_html_components\"},{\"props\":{\"children\":[{\"props\":{\"children\":\"item 0\",\"id\":\"li-0\"},\"type\":\"Li\",\"namespace\":\"dash_html_components\"}],\"id\":\"patch-list\"},\"type\":\"Ul\",\"namespace\":\"dash_html_components\"},{\"props\":{\"id\":\"patch-store\",\"data\":{\"nested\":{\"count\":0,\"keep\":\"k\"},\"items\":[1],\"drop\":\"x\",\"n\":10}},\"type\":\"Store\",\"namespace\":\"dash_core_components\"},{\"props\":{\"children\":null,\"id\":\"patch-store-view\"},\"type\":\"Pre\",\"namespace\":\"dash_html_components\"},{\"props\":{\"children\":\"error\",\"id\":\"error-btn\"},\"type\":\"Button\",\"namespace\":\"dash_html_components\"},{\"props\":{\"children\":\"error-out-initial\",\"id\":\"error-out\"},\"type\":\"Div\",\"namespace\":\"dash_html_components\"},{\"props\":{\"children\":\"onerror\",\"id\":\"onerror-btn\"},\"type\":\"Button\",\"namespace\":\"dash_html_components\"},{\"props\":{\"children\":\"onerror-out-initial\",\"id\":\"onerror-out\"},\"type\":\"Div\",\"namespace\":\"dash_html_components\"},{\"props\":{\"children\":\"onerror-msg-initial\",\"id\":\"onerror-msg\"},\"type\":\"Div\",\"namespace\":\"dash_html_components\"}]},\"type\":\"Div\",\"namespace\":\"dash_html_components\"}";
const DASH_PATTERN_TREE: string = "{\"props\":{\"children\":[{\"props\":{\"children\":\"tree n=1\",\"id\":\"tree-title\"},\"type\":\"H4\",\"namespace\":\"dash_html_components\"},{\"props\":{\"children\":[{\"props\":{\"children\":\"dyn\",\"id\":\"dyn-btn\"},\"type\":\"Button\",\"namespace\":\"dash_html_components\"},{\"props\":{\"children\":\"dyn-out-initial\",\"id\":\"dyn-out\"},\"type\":\"Div\",\"namespace\":\"dash_html_components\"}],\"id\":\"tree-inner\",\"className\":\"inner\",\"style\":{\"border\":\"1px solid gray\"}},\"type\":\"Div\",\"namespace\":\"dash_html_components\"},{\"props\":{\"value\":100,\"type\":\"number\",\"id\":{\"type\":\"num\",\"index\":3}},\"type\":\"Input\",\"namespace\":\"dash_core_components\"}],\"id\":\"tree-root\"},\"type\":\"Div\",\"namespace\":\"dash_html_components\"}";

const dcc = {
  Input: component("dash_core_components", "Input"),
  Dropdown: component("dash_core_components", "Dropdown"),
  Store: component("dash_core_components", "Store"),
};

/** What goes over the wire: our node through JSON.stringify, parsed back. */
function wire(node: unknown): unknown {
  return JSON.parse(JSON.stringify(node));
}

t.test("the basic app's layout serializes exactly as Dash's", async (t) => {
  // dash-wire/basic/app.py, written with our DSL
  const layout = html.Div([
    html.H3("wire fixtures: basic"),
    html.Button("plain", { id: "plain-btn" }),
    html.Div("plain-initial", { id: "plain-out" }),
    html.Button("pic", { id: "pic-btn" }),
    html.Div("pic-initial", { id: "pic-out" }),
    html.Button("multi", { id: "multi-btn" }),
    dcc.Input({ id: "multi-state", value: "s0", type: "text" }),
    html.Div({ id: "multi-a" }),
    html.Div({ id: "multi-b" }),
    html.Button("chain", { id: "chain-btn" }),
    html.Div({ id: "chain-1" }),
    html.Div({ id: "chain-2" }),
    dcc.Input({ id: "text-input", value: "", type: "text", placeholder: "type here" }),
    html.Div({ id: "text-out" }),
    dcc.Dropdown({
      id: "dropdown",
      options: [
        { label: "Apple", value: "apple" },
        { label: "Banana", value: "banana" },
        { label: "Cherry", value: "cherry" },
      ],
      value: "apple",
      clearable: false,
    }),
    html.Div({ id: "dropdown-out" }),
    html.Button("trig-a", { id: "trig-a" }),
    html.Button("trig-b", { id: "trig-b" }),
    html.Div({ id: "trig-out" }),
    html.Button("cs", { id: "cs-btn" }),
    html.Div("cs-initial", { id: "cs-out" }),
    html.Div({ id: "cs-server" }),
    html.Button("run", { id: "run-btn" }),
    html.Div({ id: "run-out" }),
  ]);
  t.strictSame(wire(layout), JSON.parse(DASH_BASIC_LAYOUT));
});

t.test("the pattern app's layout (object ids, nested lists) serializes exactly as Dash's", async (t) => {
  const layout = html.Div([
    html.H3("wire fixtures: pattern"),
    html.Button("dictid", { id: "dictid-btn" }),
    html.Div("dict-target-initial", { id: { type: "dict-target", name: "x" } }),
    html.Div(
      [0, 1, 2].map((i) =>
        html.Div([
          html.Button(`btn ${i}`, { id: { type: "btn", index: i } }),
          html.Span(`out ${i} initial`, { id: { type: "out", index: i } }),
        ]),
      ),
    ),
    html.Div(
      [0, 1, 2].map((i) => dcc.Input({ id: { type: "num", index: i }, value: i + 1, type: "number" })),
      { id: "num-container" },
    ),
    html.Div({ id: "all-sum" }),
    html.Button("tree", { id: "tree-btn" }),
    html.Div("tree-container-initial", { id: "tree-container" }),
  ]);
  t.strictSame(wire(layout), JSON.parse(DASH_PATTERN_LAYOUT));
});

t.test("the updates app's layout serializes exactly as Dash's", async (t) => {
  const layout = html.Div([
    html.H3("wire fixtures: updates"),
    html.Button("noup", { id: "noup-btn" }),
    html.Div("noup-a-initial", { id: "noup-a" }),
    html.Div("noup-b-initial", { id: "noup-b" }),
    html.Button("noup1", { id: "noup1-btn" }),
    html.Div("noup1-out-initial", { id: "noup1-out" }),
    html.Button("prevent", { id: "prevent-btn" }),
    html.Div("prevent-initial", { id: "prevent-out" }),
    html.Button("setprops", { id: "setprops-btn" }),
    html.Div("setprops-out-initial", { id: "setprops-out" }),
    html.Div("setprops-side-initial", { id: "setprops-side" }),
    html.Div("setprops-dict-initial", { id: { type: "side", name: "dict" } }),
    html.Button("noout", { id: "noout-btn" }),
    html.Div("noout-target-initial", { id: "noout-target" }),
    html.Button("noout-nothing", { id: "noout-nothing-btn" }),
    html.Button("patch", { id: "patch-btn" }),
    html.Ul([html.Li("item 0", { id: "li-0" })], { id: "patch-list" }),
    dcc.Store({ id: "patch-store", data: { nested: { count: 0, keep: "k" }, items: [1], drop: "x", n: 10 } }),
    html.Pre({ id: "patch-store-view" }),
    html.Button("error", { id: "error-btn" }),
    html.Div("error-out-initial", { id: "error-out" }),
    html.Button("onerror", { id: "onerror-btn" }),
    html.Div("onerror-out-initial", { id: "onerror-out" }),
    html.Div("onerror-msg-initial", { id: "onerror-msg" }),
  ]);
  t.strictSame(wire(layout), JSON.parse(DASH_UPDATES_LAYOUT));
});

t.test("a component tree returned by a callback, with className and style", async (t) => {
  const tree = html.Div(
    [
      html.H4("tree n=1", { id: "tree-title" }),
      html.Div([html.Button("dyn", { id: "dyn-btn" }), html.Div("dyn-out-initial", { id: "dyn-out" })], {
        id: "tree-inner",
        className: "inner",
        style: { border: "1px solid gray" },
      }),
      dcc.Input({ id: { type: "num", index: 3 }, value: 100, type: "number" }),
    ],
    { id: "tree-root" },
  );
  t.strictSame(wire(tree), JSON.parse(DASH_PATTERN_TREE));
  // toJSON() gives the same plain data without a JSON round trip
  t.strictSame(tree.toJSON(), JSON.parse(DASH_PATTERN_TREE));
});
