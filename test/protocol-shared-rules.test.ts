// The wire rules both sides share, pinned once: the server's request check (lib/callbacks) and
// the page's callback graph (renderer/callbacks) must agree on every one of them.
import t from "tap";
import { argValues, RequestMismatchError } from "../lib/callbacks/resolve-args.js";
import { Input, ALL } from "../lib/dsl/dependencies.js";
import { errorBodyOf } from "../lib/protocol/error-body.js";
import { batchFrame, decodeFrameData, encodeFrame, errorFrame, singleFrame } from "../lib/protocol/frames.js";
import { idMatches, idMatchesResolved, isMultiOutputId, matchValues, multiOutputId, outputPropIdsOf } from "../lib/protocol/ids.js";
import { jsonEqual } from "../lib/protocol/json-equal.js";
import type { CallbackSpec, DependencyId } from "../lib/protocol/types.js";
import { CallbackGraph } from "../renderer/callbacks/graph.js";

/** A callback as /_dash-dependencies lists it. */
function spec(output: string, input: string): CallbackSpec {
  return {
    output, inputs: [{ id: input, property: "n_clicks" }], state: [], clientside_function: null, prevent_initial_call: false,
    background: null, dynamic_creator: false, no_output: false, optional: false, hidden: false, websocket: false, persistent: false,
  };
}
/** `{ toString: ALL }` as a pattern: a key every object inherits. */
const toStringPattern = JSON.parse('{"toString":["ALL"]}') as DependencyId;
const constructorPattern = JSON.parse('{"constructor":["ALL"]}') as DependencyId;

t.test("pattern ids: only own keys match, on both sides", async (t) => {
  t.ok(idMatches({ type: "btn", index: ["ALL"] }, { type: "btn", index: 3 }));
  t.notOk(idMatches({ type: "btn", index: ["ALL"] }, { type: "btn" }), "a missing key");
  t.notOk(idMatches({ type: "btn" }, { type: "btn", index: 1 }), "an extra key");
  t.notOk(idMatches({ type: "btn" }, { type: "other" }), "a different value");
  t.notOk(idMatches(toStringPattern, { index: 1 }), "an inherited key (toString) is not a key of the id");
  t.notOk(idMatches(constructorPattern, { index: 1 }));
  t.notOk(idMatches("a", { a: 1 }));

  // The server refuses a request whose id only "has" the key through the prototype…
  const dep = Input({ toString: ALL }, "n_clicks");
  t.throws(() => argValues("cb", [dep], [[{ id: { index: 1 }, property: "n_clicks", value: 1 }]], "inputs"), RequestMismatchError);
  // …and the page does not list such a component as an input of that callback.
  const graph = new CallbackGraph([spec("out.children", '{"toString":["ALL"]}')]);
  t.same(graph.listenersOf({ index: 1 }, "n_clicks"), []);
  t.equal(graph.listenersOf({ toString: "x" }, "n_clicks").length, 1);
});

t.test("MATCH values and ALLSMALLER under them", async (t) => {
  t.same(matchValues({ type: "out", index: ["MATCH"] }, { type: "out", index: 2 }), { index: 2 });
  t.same(matchValues({ type: "out", index: ["ALL"] }, { type: "out", index: 2 }), {});
  t.ok(idMatchesResolved({ item: ["ALLSMALLER"] }, { item: 1 }, { item: 2 }));
  t.notOk(idMatchesResolved({ item: ["ALLSMALLER"] }, { item: 2 }, { item: 2 }));
  t.notOk(idMatchesResolved({ item: ["MATCH"] }, { item: 1 }, { item: 2 }));
  t.ok(idMatchesResolved({ item: ["MATCH"] }, { item: 2 }, { item: 2 }));
  // Without a MATCH value of its key ALLSMALLER bounds nothing; an inherited value is no value.
  t.ok(idMatchesResolved({ item: ["ALLSMALLER"] }, { item: 7 }, Object.create({ item: 5 }) as Record<string, number>));
});

t.test("the multi-output callback id is built and split by one rule", async (t) => {
  const id = multiOutputId(["a.children", '{"index":1,"type":"x.y"}.style']);
  t.equal(id, '..a.children...{"index":1,"type":"x.y"}.style..');
  t.ok(isMultiOutputId(id));
  t.same(outputPropIdsOf(id), ["a.children", '{"index":1,"type":"x.y"}.style']);
  t.notOk(isMultiOutputId("out.children"));
  t.same(outputPropIdsOf("out.children"), ["out.children"]);
  const graph = new CallbackGraph([spec(id, "in")]);
  t.same(
    graph.callbacks[0].outputs.map((d) => [d.id, d.property]),
    [["a", "children"], [{ index: 1, type: "x.y" }, "style"]],
  );
  t.ok(graph.callbacks[0].multiOutput);
});

t.test("JSON equality: key order aside, own keys only", async (t) => {
  t.ok(jsonEqual({ a: 1, b: [1, { c: null }] }, { b: [1, { c: null }], a: 1 }));
  t.notOk(jsonEqual({ a: 1 }, { a: 1, b: undefined }));
  t.notOk(jsonEqual([1, 2], { 0: 1, 1: 2 }));
  t.notOk(jsonEqual({ toString: 1 }, {}), "an inherited key is not a key");
  t.notOk(jsonEqual(null, {}));
  t.ok(jsonEqual("x", "x"));
});

t.test("error bodies are read one way", async (t) => {
  t.same(errorBodyOf('{"error":"Unknown callback","statusCode":404}'), { error: "Unknown callback", detail: undefined });
  t.same(errorBodyOf('{"error":"boom","statusCode":500,"detail":"stack"}'), { error: "boom", detail: "stack" });
  t.equal(errorBodyOf("<html>Bad gateway</html>"), undefined);
  t.equal(errorBodyOf('{"message":"not ours"}'), undefined);
  t.equal(errorBodyOf("null"), undefined);
});

t.test("frames are built by one set of constructors and read back by the decoder", async (t) => {
  const frames = [
    singleFrame("out", { children: "hi" }),
    batchFrame([["a", { x: 1 }], [{ index: 1, type: "b" }, { y: [2] }]]),
    errorFrame("boom", true, [["go", { disabled: false }]]),
  ];
  t.same(frames[0], ["[SINGLE]", "out", { children: "hi" }]);
  t.same(frames[2], ["[ERROR]", null, { error: "boom", handle_error: true, reset_props: [["go", { disabled: false }]] }]);
  for (const frame of frames) {
    const data = encodeFrame(frame).replace(/^data: /, "").replace(/\n\n$/, "");
    t.same(decodeFrameData(data), frame);
  }
});
