import t from "tap";
import { stringifyId, propId, parseId, splitPropId } from "../lib/protocol/ids.js";

t.test("string ids are kept as they are", async (t) => {
  t.equal(stringifyId("plain-btn"), "plain-btn");
  t.equal(propId("plain-btn", "n_clicks"), "plain-btn.n_clicks");
});

t.test("object ids: sorted keys, compact JSON, as Dash keys responses", async (t) => {
  // From dash-wire/updates: set_props({'type':'side','name':'dict'}) is keyed this way in sideUpdate.
  t.equal(stringifyId({ type: "side", name: "dict" }), '{"name":"dict","type":"side"}');
  t.equal(propId({ type: "btn", index: 0 }, "n_clicks"), '{"index":0,"type":"btn"}.n_clicks');
});

t.test("wildcards serialize as Dash's dependency strings", async (t) => {
  t.equal(stringifyId({ type: "btn", index: ["MATCH"] }), '{"index":["MATCH"],"type":"btn"}');
});

t.test("parseId and splitPropId invert the stringified forms", async (t) => {
  t.same(parseId('{"index":2,"type":"out"}'), { index: 2, type: "out" });
  t.equal(parseId("plain"), "plain");
  t.same(splitPropId('{"index":0,"type":"a.b"}.n_clicks'), { id: '{"index":0,"type":"a.b"}', property: "n_clicks" });
  t.same(splitPropId("chain-1.children"), { id: "chain-1", property: "children" });
});

t.test("outputProperty: the prop of an allow_duplicate output, without Dash's @<hash>", async (t) => {
  const { outputProperty } = await import("../lib/protocol/ids.js");
  t.equal(outputProperty("children@4f2a"), "children");
  t.equal(outputProperty("children"), "children");
});
