import t from "tap";
import { ALL, ALLSMALLER, Dependency, Input, MATCH, Output, State } from "../lib/dsl/dependencies.js";
import { html } from "../lib/dsl/html.js";

t.test("wildcards serialize as Dash's, and are frozen", async (t) => {
  t.equal(JSON.stringify(MATCH), '["MATCH"]');
  t.equal(JSON.stringify(ALL), '["ALL"]');
  t.equal(JSON.stringify(ALLSMALLER), '["ALLSMALLER"]');
  t.ok(Object.isFrozen(MATCH) && Object.isFrozen(ALL) && Object.isFrozen(ALLSMALLER));
  t.throws(() => (MATCH as unknown as string[]).push("x"), TypeError);
});

t.test("refs equal the entries of Dash's /_dash-dependencies (dash-wire/pattern)", async (t) => {
  // From dash-wire/pattern/dependencies.json, as Dash 4.3 served them.
  t.strictSame(Input({ type: "btn", index: MATCH }, "n_clicks").toRef(), { id: '{"index":["MATCH"],"type":"btn"}', property: "n_clicks" });
  t.strictSame(State({ type: "btn", index: MATCH }, "id").toRef(), { id: '{"index":["MATCH"],"type":"btn"}', property: "id" });
  t.strictSame(Input({ type: "num", index: ALL }, "value").toRef(), { id: '{"index":["ALL"],"type":"num"}', property: "value" });
  t.strictSame(Input("dictid-btn", "n_clicks").toRef(), { id: "dictid-btn", property: "n_clicks" });
  // Output ids make the callback's "output" string
  t.equal(Output({ type: "dict-target", name: "x" }, "children").propId, '{"name":"x","type":"dict-target"}.children');
  t.equal(Output({ type: "out", index: MATCH }, "children").propId, '{"index":["MATCH"],"type":"out"}.children');
  t.equal(Output("all-sum", "children").propId, "all-sum.children");
  t.equal(String(Input("go", "n_clicks")), "go.n_clicks");
});

t.test("kind, id (insertion order kept), property", async (t) => {
  const input = Input({ type: "btn", index: 2 }, "n_clicks");
  t.ok(input instanceof Dependency);
  t.equal(input.kind, "input");
  t.equal(State("s", "value").kind, "state");
  t.equal(Output("o", "children").kind, "output");
  t.strictSame(Object.keys(input.id), ["type", "index"]);
  t.equal(input.property, "n_clicks");
  t.ok(Object.isFrozen(input), "a dependency cannot be changed after registration");
});

t.test("wildcard and hasWildcard", async (t) => {
  t.equal(Input("a", "value").wildcard, null);
  t.equal(Input("a", "value").hasWildcard, false);
  t.equal(Input({ type: "a", index: 1 }, "value").wildcard, null);
  t.equal(Input({ type: "a", index: MATCH }, "value").wildcard, "MATCH");
  t.equal(Input({ type: "a", index: ALL }, "value").wildcard, "ALL");
  t.equal(State({ type: "a", index: ALLSMALLER }, "value").wildcard, "ALLSMALLER");
  t.equal(Input({ type: "a", index: MATCH, col: ALL }, "value").wildcard, "ALL", "ALL decides the value's shape");
  t.equal(Input({ type: "a", index: MATCH }, "value").hasWildcard, true);
  // wildcards written as plain arrays (e.g. from JSON) are recognised too
  t.equal(Input({ type: "a", index: ["MATCH"] }, "value").toRef().id, '{"index":["MATCH"],"type":"a"}');
});

t.test("a component with an id may stand for its id", async (t) => {
  const button = html.Button("Go", { id: "go" });
  t.strictSame(Input(button, "n_clicks").toRef(), { id: "go", property: "n_clicks" });
  const cell = html.Div({ id: { type: "cell", index: 1 } });
  t.equal(Output(cell, "children").propId, '{"index":1,"type":"cell"}.children');
});

t.test("bad ids and props throw TypeErrors naming the problem", async (t) => {
  t.throws(() => Input(html.Button("Go"), "n_clicks"), { name: "TypeError", message: /Input\(\): the Button component has no id/ });
  t.throws(() => Output(html.Span(), "children"), { name: "TypeError", message: /Output\(\): the Span component has no id/ });
  t.throws(() => Input("", "value"), { name: "TypeError", message: /must not be empty/ });
  t.throws(() => Input("a.b", "value"), { name: "TypeError", message: /may not contain "\."/ });
  t.throws(() => Input({}, "value"), { name: "TypeError", message: /at least one key/ });
  t.throws(() => Input({ type: "a", index: ["ANY"] } as never, "value"), { name: "TypeError", message: /id key "index" must be .* MATCH, ALL or ALLSMALLER/ });
  t.throws(() => Input({ type: null } as never, "value"), { name: "TypeError", message: /id key "type"/ });
  t.throws(() => Input(5 as never, "value"), { name: "TypeError", message: /must be a string, an object id or a component with an id, got number 5/ });
  t.throws(() => Input("a", "" ), { name: "TypeError", message: /property must be a non-empty string/ });
  t.throws(() => State("a", undefined as never), { name: "TypeError", message: /State\("a", property\)/ });
});
