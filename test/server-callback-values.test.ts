// What a regular callback's return value may be, over a real port: noUpdate by value (a copy,
// or its JSON form, as Dash's NoUpdate.is_no_update accepts), and values JSON cannot carry
// (Set, Map, function, cycle, BigInt), which are the callback's error, never a silent {}.
import t from "tap";
import { App, html, Input, Output, noUpdate, setProps, Patch } from "../lib/index.js";
import { postJson, startApp, updateRequest } from "./helpers/server.js";

const UPDATE = "/_dash-update-component";
const NO_UPDATE_JSON = { _dash_no_update: "_dash_no_update" };

const app = new App({ layout: html.Div({ id: "root" }) });
app.callback([Output("nu-a", "children"), Output("nu-b", "children")], Input("nu-go", "n_clicks"), (n) =>
  n === 1 ? [{ ...NO_UPDATE_JSON }, "b"] : n === 2 ? JSON.parse(JSON.stringify([noUpdate, "b2"])) : { ...noUpdate },
);
app.callback(Output("nu-one", "children"), Input("nu-one-go", "n_clicks"), () => JSON.parse(JSON.stringify(noUpdate)) as unknown);
app.callback(Output("nu-lookalike", "children"), Input("nu-lookalike-go", "n_clicks"), () => ({ _dash_no_update: "_dash_no_update", more: 1 }));

const bad: Record<string, () => unknown> = {
  set: () => new Set([1, 2]),
  map: () => ({ rows: [1, new Map([["a", 1]])] }),
  fn: () => ({ onClick: () => 1 }),
  bigint: () => [1, 2n],
  cycle: () => {
    const node: Record<string, unknown> = { name: "loop" };
    node.self = node;
    return node;
  },
  component: () => {
    const style: Record<string, unknown> = {};
    style.again = style;
    return html.Div("x", { style: style as never });
  },
};
for (const [name, make] of Object.entries(bad)) {
  app.callback(Output(`bad-${name}`, "children"), Input(`bad-${name}-go`, "n_clicks"), make);
}
app.callback(Output("bad-side", "children"), Input("bad-side-go", "n_clicks"), () => {
  setProps("elsewhere", { data: new Set([1]) as never });
  return "main";
});
app.callback(Output("ok-json", "figure"), Input("ok-json-go", "n_clicks"), () => ({
  when: new Date(0),
  patch: new Patch().append(1),
  tree: html.Div("x"),
  gone: undefined,
}));

// debug: the errors' messages are part of what these tests check (outside debug the client gets an error id)
const started = await startApp(app, { debug: true });
t.teardown(started.close);
const post = (output: string, input: string, outputs: unknown) =>
  postJson(started.url, UPDATE, { ...updateRequest(output, [[input, "n_clicks", 1]]), outputs });

t.test("a copy of noUpdate, or its JSON form, leaves that output as it is", async (t) => {
  const outputs = [
    { id: "nu-a", property: "children" },
    { id: "nu-b", property: "children" },
  ];
  const body = (n: number) => ({ ...updateRequest("..nu-a.children...nu-b.children..", [["nu-go", "n_clicks", n]]), outputs });
  const first = await postJson(started.url, UPDATE, body(1));
  t.equal(first.text, '{"multi":true,"response":{"nu-b":{"children":"b"}}}');
  const second = await postJson(started.url, UPDATE, body(2));
  t.equal(second.text, '{"multi":true,"response":{"nu-b":{"children":"b2"}}}');
  const whole = await postJson(started.url, UPDATE, body(3));
  t.equal(whole.status, 200);
  t.equal(whole.text, '{"multi":true,"response":{}}', "a spread copy of noUpdate for all outputs");
  const one = await post("nu-one.children", "nu-one-go", { id: "nu-one", property: "children" });
  t.equal(one.text, '{"multi":true,"response":{}}');
});

t.test("an object that only looks like it (more keys) is a value", async (t) => {
  const answer = await post("nu-lookalike.children", "nu-lookalike-go", { id: "nu-lookalike", property: "children" });
  t.same(answer.json, { multi: true, response: { "nu-lookalike": { children: { _dash_no_update: "_dash_no_update", more: 1 } } } });
});

t.test("a value JSON cannot carry is a 500 naming the callback, the output and where it is", async (t) => {
  const expected: Record<string, RegExp> = {
    set: /returned a value having type `Set` which is not JSON serializable\. The value in question is the value returned for it, and has string representation `Set\(2\) \{ 1, 2 \}`/,
    map: /having type `Map` which is not JSON serializable\. The value in question is located at \.rows\[1\]/,
    fn: /having type `function` which is not JSON serializable\. The value in question is located at \.onClick/,
    bigint: /having type `bigint` which is not JSON serializable\. The value in question is located at \[1\], and has string representation `2n`/,
    cycle: /having type `Object` which refers back to a value that contains it \(a cycle\)\. The value in question is located at \.self/,
    component: /having type `Component` which is not JSON serializable.*toJSON\(\) raised: Maximum call stack size exceeded/,
  };
  for (const [name, pattern] of Object.entries(expected)) {
    const answer = await post(`bad-${name}.children`, `bad-${name}-go`, { id: `bad-${name}`, property: "children" });
    t.equal(answer.status, 500, name);
    const { error } = answer.json as { error: string };
    t.ok(error.startsWith(`Callback bad-${name}.children returned a value that is not JSON serializable: The callback for \`<Output \`bad-${name}.children\`>\``), error);
    t.match(error, pattern, name);
    t.match(error, /In general, Dash properties can only be dash components, strings, dictionaries, numbers, None, or lists of those\.$/);
  }
});

t.test("a setProps value JSON cannot carry is the callback's error too", async (t) => {
  const answer = await post("bad-side.children", "bad-side-go", { id: "bad-side", property: "children" });
  t.equal(answer.status, 500);
  t.match((answer.json as { error: string }).error, /^Callback bad-side\.children set a prop to a value that is not JSON serializable: The callback for `setProps\("elsewhere"\)` returned a tree with one value having type `Set`.* located at \.data/);
});

t.test("values with their own JSON form (Date, Patch, components) and undefined keys still pass", async (t) => {
  const answer = await post("ok-json.figure", "ok-json-go", { id: "ok-json", property: "figure" });
  t.equal(answer.status, 200);
  t.same(answer.json, {
    multi: true,
    response: {
      "ok-json": {
        figure: {
          when: "1970-01-01T00:00:00.000Z",
          patch: { __dash_patch_update: "__dash_patch_update", operations: [{ operation: "Append", location: [], params: { value: 1 } }] },
          tree: { type: "Div", namespace: "dash_html_components", props: { children: "x" } },
        },
      },
    },
  });
});
