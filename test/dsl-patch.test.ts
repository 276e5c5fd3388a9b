import t from "tap";
import { html } from "../lib/dsl/html.js";
import { isPatch, Patch } from "../lib/dsl/patch.js";

const MARKER = { __dash_patch_update: "__dash_patch_update" } as const;
const wire = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

t.test("the patch scenario of dash-wire/updates: same JSON as Dash's response", async (t) => {
  // The app did: children.append(html.Li(...)); children.prepend(html.Li(...));
  // data["nested"]["count"] = n; data["items"].extend([n, n*10]); data["n"] += 5;
  // del data["drop"]; data["nested"].update({"merged": True})  — with n = 1.
  const n = 1;
  const children = new Patch();
  children.append(html.Li(`appended ${n}`, { id: `li-app-${n}` }));
  children.prepend(html.Li(`prepended ${n}`));
  const data = new Patch();
  data.at("nested", "count").assign(n);
  data.at("items").extend([n, n * 10]);
  data.at("n").add(5);
  data.delete("drop");
  data.at("nested").merge({ merged: true });
  // Dash's answer, from dash-wire/updates/exchanges.json (seq 11)
  const dash = JSON.parse(
    '{"patch-list":{"children":{"__dash_patch_update":"__dash_patch_update","operations":[{"operation":"Append","location":[],"params":{"value":{"props":{"children":"appended 1","id":"li-app-1"},"type":"Li","namespace":"dash_html_components"}}},{"operation":"Prepend","location":[],"params":{"value":{"props":{"children":"prepended 1"},"type":"Li","namespace":"dash_html_components"}}}]}},"patch-store":{"data":{"__dash_patch_update":"__dash_patch_update","operations":[{"operation":"Assign","location":["nested","count"],"params":{"value":1}},{"operation":"Extend","location":["items"],"params":{"value":[1,10]}},{"operation":"Add","location":["n"],"params":{"value":5}},{"operation":"Delete","location":["drop"],"params":{}},{"operation":"Merge","location":["nested"],"params":{"value":{"merged":true}}}]}}}',
  ) as { "patch-list": { children: unknown } };
  t.strictSame(wire({ "patch-list": { children }, "patch-store": { data } }), dash);
  t.strictSame(children.toJSON(), dash["patch-list"].children, "toJSON() is already plain data");
});

t.test("every operation, with Dash's params", async (t) => {
  const cases: Array<[string, (p: Patch) => unknown, object]> = [
    ["assign", (p) => p.at("a").assign({ b: 1 }), { operation: "Assign", location: ["a"], params: { value: { b: 1 } } }],
    ["assign at root", (p) => p.assign([1]), { operation: "Assign", location: [], params: { value: [1] } }],
    ["delete key", (p) => p.at("a").delete("b"), { operation: "Delete", location: ["a", "b"], params: {} }],
    ["delete here", (p) => p.at("rows", 3).delete(), { operation: "Delete", location: ["rows", 3], params: {} }],
    ["append", (p) => p.append("x"), { operation: "Append", location: [], params: { value: "x" } }],
    ["prepend", (p) => p.at(0).prepend(null), { operation: "Prepend", location: [0], params: { value: null } }],
    ["insert", (p) => p.insert(2, "x"), { operation: "Insert", location: [], params: { value: "x", index: 2 } }],
    ["insert negative", (p) => p.insert(-1, "x"), { operation: "Insert", location: [], params: { value: "x", index: -1 } }],
    ["extend", (p) => p.extend([1, 2]), { operation: "Extend", location: [], params: { value: [1, 2] } }],
    ["remove", (p) => p.remove("x"), { operation: "Remove", location: [], params: { value: "x" } }],
    ["clear", (p) => p.clear(), { operation: "Clear", location: [], params: {} }],
    ["reverse", (p) => p.reverse(), { operation: "Reverse", location: [], params: {} }],
    ["merge", (p) => p.merge({ a: 1 }), { operation: "Merge", location: [], params: { value: { a: 1 } } }],
    ["add", (p) => p.at("n").add(2), { operation: "Add", location: ["n"], params: { value: 2 } }],
    ["sub", (p) => p.at("n").sub(2), { operation: "Sub", location: ["n"], params: { value: 2 } }],
    ["mul", (p) => p.at("n").mul(2.5), { operation: "Mul", location: ["n"], params: { value: 2.5 } }],
    ["div", (p) => p.at("n").div(4), { operation: "Div", location: ["n"], params: { value: 4 } }],
  ];
  for (const [name, apply, op] of cases) {
    const p = new Patch();
    apply(p);
    t.strictSame(wire(p), { ...MARKER, operations: [op] }, name);
  }
});

t.test("at() shares the operation list; methods chain; order is kept", async (t) => {
  const p = new Patch();
  const rows = p.at("rows");
  t.equal(rows.append(1).append(2), rows, "methods return the patch");
  p.at("meta").at("title").assign("t");
  rows.at(0).delete();
  t.strictSame(rows.location, ["rows"]);
  t.strictSame(p.location, []);
  const expected = {
    ...MARKER,
    operations: [
      { operation: "Append", location: ["rows"], params: { value: 1 } },
      { operation: "Append", location: ["rows"], params: { value: 2 } },
      { operation: "Assign", location: ["meta", "title"], params: { value: "t" } },
      { operation: "Delete", location: ["rows", 0], params: {} },
    ],
  };
  t.strictSame(p.toJSON(), expected);
  t.strictSame(rows.toJSON(), expected, "a sub-patch serializes the whole patch, as Dash's does");
  t.strictSame(new Patch().toJSON(), { ...MARKER, operations: [] });
});

t.test("isPatch", async (t) => {
  t.ok(isPatch(new Patch()));
  t.ok(isPatch(new Patch().at("a")));
  t.notOk(isPatch({ __dash_patch_update: "__dash_patch_update", operations: [] }));
  t.notOk(isPatch(null));
});

t.test("bad arguments throw TypeErrors", async (t) => {
  const p = new Patch();
  t.throws(() => p.at(1.5), { name: "TypeError", message: /key must be a string or an integer index, got number 1.5/ });
  t.throws(() => p.at({} as never), { name: "TypeError", message: /key must be a string or an integer index/ });
  t.throws(() => p.delete(), { name: "TypeError", message: /give the key to delete/ });
  t.throws(() => p.insert(0.5, 1), { name: "TypeError", message: /index must be an integer/ });
  t.throws(() => p.extend(3 as never), { name: "TypeError", message: /values must be an array or a string, got number 3/ });
  t.throws(() => p.merge([1] as never), { name: "TypeError", message: /value must be an object, got an array/ });
  t.throws(() => p.add(true as never), { name: "TypeError", message: /Patch.add\(n\): n must be a number/ });
  t.throws(() => p.sub("1" as never), { name: "TypeError", message: /Patch.sub\(n\): n must be a number/ });
  t.throws(() => p.div(NaN), { name: "TypeError", message: /Patch.div\(n\)/ });
  t.strictSame(p.toJSON().operations, [], "nothing was recorded");
});

t.test("add() on a string is Dash's `patch += text`: an Add operation carrying the text", async (t) => {
  t.same(new Patch().add(" token").toJSON().operations, [{ operation: "Add", location: [], params: { value: " token" } }]);
});

t.test("extend() takes a string too, for a string prop: an Extend operation carrying the text", async (t) => {
  t.same(new Patch().at("log").extend("abc").toJSON().operations, [{ operation: "Extend", location: ["log"], params: { value: "abc" } }]);
});
