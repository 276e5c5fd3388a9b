import t from "tap";
import type { LayoutNode } from "../lib/protocol/types.js";
import { applyPersistence, persistenceOfUpdate, recordEdit } from "../renderer/persistence/persistence.js";
import { PropUpdater } from "../renderer/set-props.js";
import { LayoutStore } from "../renderer/store/layout-store.js";

// A suite on the global object, as its script would put it on `window`, declaring persistence defaults.
(globalThis as Record<string, unknown>).test_suite = {
  Field: { dashPersistence: { persisted_props: ["value"], persistence_type: "memory" } },
};

const field = (props: LayoutNode["props"]): LayoutNode => ({ type: "Field", namespace: "test_suite", props });
let nextId = 0;
const freshId = () => `field-${nextId++}`;

t.test("a recorded edit comes back when the layout still holds the original value", async (t) => {
  const id = freshId();
  const sent = field({ id, value: "start", persistence: true });
  recordEdit(sent, { value: "typed" });
  t.same(applyPersistence(sent).props.value, "typed");
  const page = { type: "Div", namespace: "dash_html_components", props: { children: [sent, "text"] } } as LayoutNode;
  const restored = applyPersistence(page);
  t.same(((restored.props.children as unknown[])[0] as LayoutNode).props.value, "typed", "inside children too");
  t.equal(page.props.children && (page.props.children as LayoutNode[])[0].props.value, "start", "the input is not mutated");
});

t.test("a changed original value in the layout drops the record", async (t) => {
  const id = freshId();
  recordEdit(field({ id, value: "start", persistence: true }), { value: "typed" });
  t.equal(applyPersistence(field({ id, value: "new default", persistence: true })).props.value, "new default");
  t.equal(applyPersistence(field({ id, value: "start", persistence: true })).props.value, "start", "the record is gone for good");
});

t.test("repeated edits keep the first original; the persistence value is part of the key", async (t) => {
  const id = freshId();
  const sent = field({ id, value: "a", persistence: "v1" });
  recordEdit(sent, { value: "b" });
  recordEdit({ ...sent, props: { ...sent.props, value: "b" } }, { value: "c" });
  t.equal(applyPersistence(sent).props.value, "c");
  t.equal(applyPersistence(field({ id, value: "a", persistence: "v2" })).props.value, "a", "another persistence value starts afresh");
});

t.test("no id, no persistence, or persistence off: nothing is recorded", async (t) => {
  const id = freshId();
  recordEdit(field({ id, value: "a" }), { value: "b" });
  recordEdit(field({ id, value: "a", persistence: false }), { value: "b" });
  recordEdit(field({ value: "a", persistence: true }), { value: "b" });
  t.equal(applyPersistence(field({ id, value: "a", persistence: true })).props.value, "a");
});

t.test("an update that changes persistence takes the old edit back and applies the new one", async (t) => {
  const id = freshId();
  const v1 = field({ id, value: "a", persistence: "v1" });
  recordEdit(v1, { value: "edited under v1" });
  const shown = applyPersistence(v1);
  t.equal(shown.props.value, "edited under v1");
  t.same(persistenceOfUpdate(shown, { persistence: "v2" }), { persistence: "v2", value: "a" }, "v2 has no record: back to the original");
  t.same(persistenceOfUpdate(shown, { title: "x" }), { title: "x" }, "other updates pass unchanged");
});

t.test("new children in an update get their recorded edits, whole or appended by a Patch", async (t) => {
  const [whole, appended] = [freshId(), freshId()];
  for (const id of [whole, appended]) recordEdit(field({ id, value: "a", persistence: true }), { value: "kept" });
  const store = new LayoutStore(field({ id: "box", children: [] }), (notify) => notify());
  const updater = new PropUpdater(store);
  updater.apply([["box", { children: [field({ id: whole, value: "a", persistence: true })] }]]);
  const append = { __dash_patch_update: "__dash_patch_update", operations: [{ operation: "Append", location: [], params: { value: field({ id: appended, value: "a", persistence: true }) } }] };
  updater.apply([["box", { children: append }]]);
  t.equal(store.get(whole)?.props.value, "kept");
  t.equal(store.get(appended)?.props.value, "kept");
});
