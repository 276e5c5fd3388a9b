import t from "tap";
import { Component, component } from "../lib/dsl/component.js";
import { html } from "../lib/dsl/html.js";
import { Patch } from "../lib/dsl/patch.js";

const wire = (node: unknown): unknown => JSON.parse(JSON.stringify(node));
const div = (props: object) => ({ type: "Div", namespace: "dash_html_components", props });

t.test("html call forms mirror Python's: f(), f(children), f(props), f(children, props)", async (t) => {
  t.strictSame(wire(html.Div()), div({ children: null }), "Dash's html components always carry children");
  t.strictSame(wire(html.Div("x")), div({ children: "x" }));
  t.strictSame(wire(html.Div(7)), div({ children: 7 }));
  t.strictSame(wire(html.Div(0)), div({ children: 0 }), "0 is a child, not 'no children'");
  t.strictSame(wire(html.Div("")), div({ children: "" }));
  t.strictSame(wire(html.Div(null)), div({ children: null }));
  t.strictSame(wire(html.Div(html.B("b"))), div({ children: { type: "B", namespace: "dash_html_components", props: { children: "b" } } }));
  t.strictSame(wire(html.Div(["a", 1, html.Br()])), div({
    children: ["a", 1, { type: "Br", namespace: "dash_html_components", props: { children: null } }],
  }));
  t.strictSame(wire(html.Div({ id: "a" })), div({ children: null, id: "a" }));
  t.strictSame(wire(html.Div({ id: "a", children: "x" })), div({ children: "x", id: "a" }));
  t.strictSame(wire(html.Div("x", { id: "a" })), div({ children: "x", id: "a" }));
  t.strictSame(wire(html.Div(undefined, { id: "a" })), div({ children: null, id: "a" }));
});

t.test("children come first, the other props in the order given", async (t) => {
  const node = html.Div({ title: "t", id: "a", className: "c", children: "x" });
  t.strictSame(Object.keys(node.props), ["children", "title", "id", "className"]);
  t.equal(JSON.stringify(html.Div("x", { id: "a" })), '{"type":"Div","namespace":"dash_html_components","props":{"children":"x","id":"a"}}');
});

t.test("undefined props are omitted, null props kept", async (t) => {
  const node = html.Div("x", { id: "a", title: undefined, className: undefined });
  t.strictSame(wire(node), div({ children: "x", id: "a" }));
  t.notOk("title" in node.props);
  const store = component("dash_core_components", "Store")({ id: "s", data: null, storage_type: undefined });
  t.strictSame(wire(store), { type: "Store", namespace: "dash_core_components", props: { id: "s", data: null } });
});

t.test("component(namespace, type): nodes of any library; no children unless given", async (t) => {
  const Store = component("dash_core_components", "Store");
  t.strictSame(wire(Store({ id: "cache", data: { n: 1 } })), {
    type: "Store",
    namespace: "dash_core_components",
    props: { id: "cache", data: { n: 1 } },
  });
  t.strictSame(wire(Store()), { type: "Store", namespace: "dash_core_components", props: {} });
  const Card = component("dash_mantine_components", "Card");
  t.strictSame(wire(Card([html.P("in")], { withBorder: true })), {
    type: "Card",
    namespace: "dash_mantine_components",
    props: { children: [{ type: "P", namespace: "dash_html_components", props: { children: "in" } }], withBorder: true },
  });
  const node = new Component("dash_core_components", "Graph", { id: "g", figure: { data: [] }, config: undefined });
  t.equal(node.namespace, "dash_core_components");
  t.equal(node.type, "Graph");
  t.strictSame(node.props, { id: "g", figure: { data: [] } });
});

t.test("components nested in any prop, and toJSON values, serialize too", async (t) => {
  const Tabs = component("dash_core_components", "Tabs");
  const node = Tabs({ id: "tabs", extra: { header: html.B("h"), list: [html.I("i")] }, when: new Date(0) });
  const expected = {
    type: "Tabs",
    namespace: "dash_core_components",
    props: {
      id: "tabs",
      extra: {
        header: { type: "B", namespace: "dash_html_components", props: { children: "h" } },
        list: [{ type: "I", namespace: "dash_html_components", props: { children: "i" } }],
      },
      when: "1970-01-01T00:00:00.000Z",
    },
  };
  t.strictSame(node.toJSON(), expected, "toJSON() is plain data all the way down");
  t.strictSame(wire(node), expected);
  const withPatch = component("x", "Y")({ data: new Patch().append(1) });
  t.strictSame(wire(withPatch), {
    type: "Y",
    namespace: "x",
    props: { data: { __dash_patch_update: "__dash_patch_update", operations: [{ operation: "Append", location: [], params: { value: 1 } }] } },
  });
});

t.test(".id gives the id (string or object), or undefined", async (t) => {
  t.equal(html.Div({ id: "a" }).id, "a");
  t.strictSame(html.Div({ id: { type: "btn", index: 1 } }).id, { type: "btn", index: 1 });
  t.equal(html.Div("x").id, undefined);
  t.equal(component("a", "B")({ id: 5 }).id, undefined, "a number is not a Dash id");
});

t.test("wrong call shapes throw TypeErrors that say what was expected", async (t) => {
  const call = html.Div as unknown as (...args: unknown[]) => unknown;
  t.throws(() => call(true), { name: "TypeError", message: /Div\(\): expected children .* or a props object, got boolean true/ });
  t.throws(() => call("x", "y"), { name: "TypeError", message: /props must be a plain object, got "y"/ });
  t.throws(() => call({ a: 1 }, { id: "x" }), { name: "TypeError", message: /children must be a component, string, number or array/ });
  t.throws(() => call("x", { children: "y" }), { name: "TypeError", message: /children given twice/ });
  t.throws(() => call(html.B("b"), html.I("i")), { name: "TypeError", message: /props must be a plain object, got a I component/ });
  t.throws(() => new Component("", "Div"), { name: "TypeError", message: /namespace must be a non-empty string/ });
  t.throws(() => new Component("ns", ""), { name: "TypeError", message: /type must be a non-empty string/ });
  t.throws(() => new Component("ns", "T", [] as never), { name: "TypeError", message: /T: props must be a plain object, got an array/ });
});
