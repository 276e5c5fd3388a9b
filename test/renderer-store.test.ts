// The layout index and the callbacks it starts follow the change, not the layout: appending one
// child to a list of 10,000 must not visit the 10,000. Every old child is wrapped in a Proxy that
// counts reads of its fields (type, namespace, props, ...): a walk over the list would read them.
import t, { type Test } from "tap";
import type { CallbackSpec, DependencyRef, LayoutNode, PatchOperation, PatchValue } from "../lib/protocol/types.js";
import { CallbackDispatcher } from "../renderer/callbacks/dispatcher.js";
import { CallbackGraph } from "../renderer/callbacks/graph.js";
import { ErrorReporter } from "../renderer/errors/error-reporter.js";
import { PropUpdater } from "../renderer/set-props.js";
import { LayoutStore } from "../renderer/store/layout-store.js";
import { StreamRuns } from "../renderer/stream/stream-runs.js";
import { openStream } from "../renderer/stream/stream-client.js";

const h = (type: string, props: LayoutNode["props"]): LayoutNode => ({ type, namespace: "dash_html_components", props });
const row = (index: number) => h("Div", { id: { type: "row", index }, children: `row ${index}` });
const patch = (...operations: PatchOperation[]): PatchValue => ({ __dash_patch_update: "__dash_patch_update", operations });
const ref = (id: string, property: string): DependencyRef => ({ id, property });

function spec(output: string, inputs: DependencyRef[], extra: Partial<CallbackSpec> = {}): CallbackSpec {
  return {
    output,
    inputs,
    state: [],
    clientside_function: null,
    prevent_initial_call: false,
    background: null,
    dynamic_creator: null,
    no_output: false,
    optional: false,
    hidden: false,
    websocket: false,
    persistent: false,
    ...extra,
  };
}

const ROW_MATCH = '{"index":["MATCH"],"type":"row"}';
const ROW_ALL = '{"index":["ALL"],"type":"row"}';

/** A store, updater and dispatcher over `layout`; the update requests the dispatcher sends are collected. */
function makeApp(t: Test, layout: LayoutNode, specs: CallbackSpec[]) {
  const store = new LayoutStore(layout, (notify) => notify());
  // As the page wires them: the updater hands every change to the dispatcher.
  const updater: PropUpdater = new PropUpdater(store, { onChange: (change) => dispatcher.onPropsChanged(change) });
  const errors = new ErrorReporter(false);
  const requests: Array<{ output: string; outputs: { id: unknown }; changedPropIds: string[]; inputs: unknown[] }> = [];
  const fetch = globalThis.fetch;
  globalThis.fetch = async (_url, init) => {
    requests.push(JSON.parse(init?.body as string) as (typeof requests)[number]);
    return new Response(null, { status: 204 });
  };
  t.teardown(() => void (globalThis.fetch = fetch));
  const dispatcher = new CallbackDispatcher(store, new CallbackGraph(specs), updater, new StreamRuns((body, signal, onFrame) => openStream("/sse", body, signal, onFrame), store, updater, errors), errors, "/update");
  return { store, updater, dispatcher, requests };
}

/** Let the dispatcher send what an update triggered (it decides in a microtask, posts, then settles). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

/** 10,000 rows whose reads are counted. */
function countedRows(n: number) {
  const reads = { count: 0 };
  const rows = Array.from({ length: n }, (_, i) =>
    new Proxy(row(i), {
      get(target, key, receiver) {
        reads.count++;
        return Reflect.get(target, key, receiver) as unknown;
      },
    }),
  );
  return { rows, reads };
}

t.test("appending one child to 10,000 with a Patch visits none of the 10,000", async (t) => {
  const { rows, reads } = countedRows(10_000);
  const { store, updater, dispatcher, requests } = makeApp(t, h("Div", { id: "list", children: rows }), [
    // Each row's initial call: a MATCH callback on the rows' own props.
    spec(`${ROW_MATCH}.title`, [{ id: ROW_MATCH, property: "n_clicks" }], { prevent_initial_call: false }),
    spec("status.children", [ref("list", "n_clicks")], { prevent_initial_call: true }),
  ]);
  dispatcher.start();
  await settle();
  t.equal(requests.length, 10_000, "page load: one initial call per row");
  requests.length = 0;
  reads.count = 0;

  const change = updater.apply([["list", { children: patch({ operation: "Append", location: [], params: { value: row(10_000) } }) }]]);
  await settle();
  t.equal(reads.count, 0, "no old row was read: not by the index, the persistence check, nor the dispatcher");
  t.same([...change.addedIds], ['{"index":10000,"type":"row"}']);
  t.same([...change.removedIds], []);
  t.equal(store.get('{"index":10000,"type":"row"}')?.props.children, "row 10000");
  t.equal((store.get("list")?.props.children as unknown[]).length, 10_001);
  t.same(
    requests.map((r) => r.outputs.id),
    [{ index: 10_000, type: "row" }],
    "only the new row's initial call",
  );

  // The counter counts: replacing the list as a whole (what a dash-renderer user must do) reads every row.
  reads.count = 0;
  updater.apply([["list", { children: [...rows, row(10_000), row(10_001)] }]]);
  t.ok(reads.count >= 10_000, `a whole new list re-indexes every row (${reads.count} reads)`);
});

t.test("a Patch that deletes or replaces children: removed ids leave, a replaced id gets its new node", async (t) => {
  const { store, updater, dispatcher, requests } = makeApp(
    t,
    h("Div", { children: [h("Div", { id: "list", children: [0, 1, 2, 3].map(row) }), h("Div", { id: "count" })] }),
    [spec("count.children", [{ id: ROW_ALL, property: "n_clicks" }], { prevent_initial_call: true })],
  );
  dispatcher.start();
  await settle();
  t.same(requests, [], "prevent_initial_call: nothing at load");

  const deleted = updater.apply([["list", { children: patch({ operation: "Delete", location: [1], params: {} }) }]]);
  await settle();
  t.same([...deleted.removedIds], ['{"index":1,"type":"row"}']);
  t.notOk(store.has('{"index":1,"type":"row"}'));
  t.same(
    requests.map((r) => [r.output, r.changedPropIds]),
    [["count.children", []]],
    "the ALL callback runs without the removed row, as Dash's removal call (not subject to prevent_initial_call)",
  );
  t.same(
    (requests[0].inputs[0] as Array<{ id: unknown }>).map((arg) => arg.id),
    [0, 2, 3].map((index) => ({ index, type: "row" })),
  );

  requests.length = 0;
  const replaced = updater.apply([
    ["list", { children: patch({ operation: "Assign", location: [-1], params: { value: h("Span", { id: { type: "row", index: 3 }, title: "new" }) } }) }],
  ]);
  await settle();
  t.same([...replaced.removedIds], ['{"index":3,"type":"row"}']);
  t.same([...replaced.addedIds], ['{"index":3,"type":"row"}']);
  t.equal(store.get('{"index":3,"type":"row"}')?.type, "Span", "the index holds the new node");
  t.same(
    requests.map((r) => [r.output, r.changedPropIds]),
    [["count.children", ['{"index":3,"type":"row"}.n_clicks']]],
    "the new row is an ALL input that appeared: its trigger and the removal call merge into one request",
  );

  const appendedThenDeleted = updater.apply([
    ["list", { children: patch({ operation: "Append", location: [], params: { value: row(9) } }, { operation: "Delete", location: [-1], params: {} }) }],
  ]);
  t.notOk(store.has('{"index":9,"type":"row"}'), "operations are followed in order: appended, then deleted");
  t.same([...appendedThenDeleted.removedIds], ['{"index":9,"type":"row"}']);
});

t.test("a Patch inside a child's props re-indexes that child from its new node", async (t) => {
  const { store, updater } = makeApp(t, h("Div", { id: "list", children: [row(0), h("Div", { children: h("B", { id: "deep" }) })] }), []);
  updater.apply([["list", { children: patch({ operation: "Assign", location: [1, "props", "children"], params: { value: h("I", { id: "deeper" }) } }) }]]);
  t.notOk(store.has("deep"));
  t.equal(store.get("deeper")?.type, "I");
  t.ok(store.has('{"index":0,"type":"row"}'), "its sibling stays");
});

t.test("Extend, Prepend and Insert index only what they bring; Clear and Merge take out what they replace", async (t) => {
  const { store, updater } = makeApp(t, h("Div", { id: "list", children: [row(0)], extra: { a: row(50) } }), []);
  const idsOf = (change: { addedIds: Set<string>; removedIds: Set<string> }) => [[...change.addedIds], [...change.removedIds]];
  const rowId = (index: number) => `{"index":${index},"type":"row"}`;
  t.same(
    idsOf(updater.apply([["list", { children: patch({ operation: "Extend", location: [], params: { value: [row(1), row(2)] } }, { operation: "Prepend", location: [], params: { value: row(3) } }, { operation: "Insert", location: [], params: { index: 1, value: row(4) } }) }]])),
    [[rowId(1), rowId(2), rowId(3), rowId(4)], []],
  );
  t.same(
    idsOf(updater.apply([["list", { extra: patch({ operation: "Merge", location: [], params: { value: { a: row(51), b: "text" } } }) }]])),
    [[rowId(51)], [rowId(50)]],
  );
  t.same(idsOf(updater.apply([["list", { children: patch({ operation: "Clear", location: [], params: {} }) }]])), [[], [3, 4, 0, 1, 2].map(rowId)]);
  t.same(store.ids(), ["list", rowId(51)]);
});

t.test("one batch setting the same component twice: Patches stack, plain values merge, text replacing components takes them out of the index", async (t) => {
  const layout = h("Div", {
    children: [h("Div", { id: "box", children: [row(0)], title: "old" }), h("Ul", { id: "list", children: [] }), h("Div", { id: "other", children: "x" }), h("Div", { id: "status" }), h("Div", { id: "status2" })],
  });
  const { store, updater, dispatcher, requests } = makeApp(t, layout, [
    spec("status.children", [ref("box", "title")], { prevent_initial_call: true }),
    spec("status2.children", [{ id: ROW_ALL, property: "children" }], { prevent_initial_call: true }),
  ]);
  dispatcher.start();
  await settle();
  requests.length = 0;
  const append = (text: string) => patch({ operation: "Append", location: [], params: { value: h("Li", { children: text }) } });
  const change = updater.apply([
    ["box", { title: "first" }],
    ["list", { children: append("a") }],
    ["box", { children: "text now", hidden: false }],
    ["list", { children: append("b") }],
    ["other", { children: 7 }],
    ["box", { title: "second" }],
  ]);
  await settle();
  t.same(
    (store.get("list")?.props.children as LayoutNode[]).map((li) => li.props.children),
    ["a", "b"],
    "the second Patch saw the first's result",
  );
  t.same(store.get("box")?.props, { id: "box", children: "text now", title: "second", hidden: false }, "each update merged over the ones before");
  t.equal(store.get("other")?.props.children, 7);
  t.notOk(store.has('{"index":0,"type":"row"}'), "the row the text replaced left the index");
  t.same([...change.removedIds], ['{"index":0,"type":"row"}']);
  t.same(
    change.changed.map(({ idStr, props }) => [idStr, props]),
    [
      ["box", ["title"]],
      ["list", ["children"]],
      ["box", ["children", "hidden"]],
      ["list", ["children"]],
      ["other", ["children"]],
      ["box", ["title"]],
    ],
  );
  t.same(
    requests.map((r) => r.output).sort(),
    ["status.children", "status2.children"],
    "box.title's listener ran (once for both changes), and the ALL callback that held the removed row",
  );
});

t.test("listeners of one id: one, two, taken away in any order; subscribe's function and listen/unlisten agree", (t) => {
  const store = new LayoutStore(h("Div", { children: [h("Div", { id: "a", children: "x" })] }), (notify) => notify());
  const calls: string[] = [];
  const first = () => calls.push("first");
  const second = () => calls.push("second");
  store.listen("a", first);
  store.listen("a", first); // the same listener twice is one listener
  store.update([["a", { children: "1" }]]);
  t.same(calls, ["first"], "one listener, called once");
  const unsubscribe = store.subscribe("a", second);
  store.update([["a", { children: "2" }]]);
  t.same(calls.splice(0), ["first", "first", "second"], "both called, in the order they came");
  store.unlisten("a", first);
  store.update([["a", { children: "3" }]]);
  t.same(calls.splice(0), ["second"], "the one left is still called");
  unsubscribe();
  store.update([["a", { children: "4" }]]);
  t.same(calls, [], "none left");
  store.listen("a", second);
  store.unlisten("a", first); // not listening: changes nothing
  store.update([["a", { children: "5" }]]);
  t.same(calls, ["second"], "listening again works");
  t.end();
});
