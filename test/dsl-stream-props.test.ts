import t from "tap";
import type { Component } from "../lib/dsl/component.js";
import { html } from "../lib/dsl/html.js";
import { Patch } from "../lib/dsl/patch.js";
import { streamProps, StreamUpdate } from "../lib/dsl/stream-props.js";

/** The `data:` JSON of a frame, as the server sends it. */
const data = (update: StreamUpdate): string => JSON.stringify(update.toFrame());

t.test("streamProps(id, props) is a [SINGLE] frame, as the seed sends", async (t) => {
  const update = streamProps("start-btn", { disabled: true, children: "Streaming..." });
  t.ok(update instanceof StreamUpdate);
  t.equal(update.isBatch, false);
  t.strictSame(update.toFrame(), ["[SINGLE]", "start-btn", { disabled: true, children: "Streaming..." }]);
  // frames of dash-wire/seed-stream/stream.response.txt, parsed
  t.strictSame(
    JSON.parse(data(streamProps({ type: "cell", index: 1 }, { children: "cell updated" }))),
    JSON.parse('["[SINGLE]", {"type": "cell", "index": 1}, {"children": "cell updated"}]'),
  );
  t.strictSame(
    JSON.parse(data(streamProps("items", { children: [html.Li("update 1 (click 1)")] }))),
    JSON.parse('["[SINGLE]", "items", {"children": [{"props": {"children": "update 1 (click 1)"}, "type": "Li", "namespace": "dash_html_components"}]}]'),
  );
});

t.test("streamProps([[id, props], ...]) and streamProps({ batch }) are [BATCH] frames", async (t) => {
  const seedBatch = JSON.parse(
    '["[BATCH]", null, [["start-btn", {"disabled": false, "children": "Start stream"}], ["final", {"children": "DONE: 3 updates streamed"}]]]',
  ) as unknown;
  const pairs = [
    ["start-btn", { disabled: false, children: "Start stream" }],
    ["final", { children: "DONE: 3 updates streamed" }],
  ] as const;
  const list = streamProps([...pairs]);
  t.equal(list.isBatch, true);
  t.strictSame(JSON.parse(data(list)), seedBatch);
  t.strictSame(JSON.parse(data(streamProps({ batch: [...pairs] }))), seedBatch);
  t.strictSame(streamProps([]).toFrame(), ["[BATCH]", null, []], "an empty batch is allowed");
});

t.test("ids may be components with ids; props are left as given", async (t) => {
  // `rows` is no Div prop: a node typed as plain Component takes any prop, as an id does
  const grid: Component = html.Div({ id: { type: "grid", index: 0 } });
  const patch = new Patch().append({ a: 1 });
  const update = streamProps(grid, { rows: patch });
  const frame = update.toFrame();
  t.strictSame(frame[1], { type: "grid", index: 0 });
  t.equal((frame[2] as unknown as { rows: Patch }).rows, patch, "the Patch itself, serialized when the frame is");
  t.strictSame(JSON.parse(data(update)), [
    "[SINGLE]",
    { type: "grid", index: 0 },
    { rows: { __dash_patch_update: "__dash_patch_update", operations: [{ operation: "Append", location: [], params: { value: { a: 1 } } }] } },
  ]);
  const button = html.Button("Go", { id: "go" });
  t.strictSame(streamProps([[button, { disabled: true }]]).toFrame(), ["[BATCH]", null, [["go", { disabled: true }]]]);
});

t.test("wrong shapes throw TypeErrors that say what was expected", async (t) => {
  const call = streamProps as unknown as (...args: unknown[]) => StreamUpdate;
  t.throws(() => call("out"), { name: "TypeError", message: /expected \(id, props\), an array of \[id, props\] pairs, or \{ batch: \[\[id, props\], \.\.\.\] \}; got "out" without props/ });
  t.throws(() => call("out", "x"), { name: "TypeError", message: /streamProps\(id, props\): props must be an object of prop name to value, got "x"/ });
  t.throws(() => call("out", null), { name: "TypeError", message: /props must be an object .* got null/ });
  t.throws(() => call("out", ["x"]), { name: "TypeError", message: /props must be an object .* got an array of length 1/ });
  t.throws(() => call("out", undefined), { name: "TypeError", message: /props must be an object/ });
  t.throws(() => call(5, {}), { name: "TypeError", message: /the id must be a string, an object id or a component with an id, got number 5/ });
  t.throws(() => call("", {}), { name: "TypeError", message: /the id must not be empty/ });
  t.throws(() => call({}, {}), { name: "TypeError", message: /an object id needs at least one key/ });
  t.throws(() => call({ type: "a", index: ["MATCH"] }, {}), { name: "TypeError", message: /no wildcards in stream updates/ });
  t.throws(() => call(html.Div("x"), {}), { name: "TypeError", message: /the Div component has no id/ });
  t.throws(() => call([["a", {}], ["b"]]), { name: "TypeError", message: /streamProps\(\[\[id, props\], \.\.\.\]\): item 1 must be an \[id, props\] pair, got an array of length 1/ });
  t.throws(() => call([["a", {}, {}]]), { name: "TypeError", message: /item 0 must be an \[id, props\] pair, got an array of length 3/ });
  t.throws(() => call(["a", { x: 1 }]), { name: "TypeError", message: /item 0 must be an \[id, props\] pair, got "a"/ });
  t.throws(() => call([["a", 1]]), { name: "TypeError", message: /item 0: props must be an object/ });
  t.throws(() => call({ batch: "a" }), { name: "TypeError", message: /streamProps\(\{ batch \}\): batch must be an array of \[id, props\] pairs, got "a"/ });
  t.throws(() => call({ batch: [["a", {}]], extra: 1 }), { name: "TypeError", message: /unexpected key\(s\) "extra"/ });
  t.throws(() => call({ batch: [[1, {}]] }), { name: "TypeError", message: /streamProps\(\{ batch \}\), item 0: the id must be/ });
  t.throws(() => call({ children: "x" }), { name: "TypeError", message: /expected \(id, props\).*got an object/ });
  t.throws(() => call(), { name: "TypeError", message: /got undefined/ });
});

t.test("toFrameJson() is the text JSON.stringify(toFrame()) gives, for every form (the server sends it)", async (t) => {
  const patch = new Patch().append({ a: 1 });
  const updates = [
    streamProps("out", { children: 1 }),
    // the same id twice, then another: a reused id JSON must follow the id
    streamProps("out", { children: "two" }),
    streamProps("other", { children: 'quote " and \u2028 line separator, é, 😀' }),
    streamProps('we"ird\nid', { x: null, nested: { list: [1, "a", true] } }),
    streamProps({ type: "cell", index: 1 }, { children: "cell updated" }),
    streamProps(html.Div({ id: { type: "grid", index: 0 } }) as Component, { rows: patch }),
    streamProps("items", { children: [html.Li("update 1 (click 1)")] }),
    streamProps([["a", { x: 1 }], [{ type: "t", index: 2 }, { y: 2 }]]),
    streamProps({ batch: [["b", { z: html.Span("in a frame", { id: "span" }) }]] }),
    streamProps("out", { children: 3 }),
  ];
  updates.forEach((update, index) => t.equal(update.toFrameJson(), data(update), `update ${index}`));
  // props whose own toJSON() gives undefined: the frame's JSON has null there, as JSON.stringify of the frame does
  const odd = streamProps("out", Object.assign(Object.create(null) as Record<string, never>, { toJSON: () => undefined }) as never);
  t.equal(odd.toFrameJson(), data(odd));
  t.throws(() => streamProps("out", { children: 10n as never }).toFrameJson(), TypeError, "a BigInt throws, as JSON.stringify does");
});
