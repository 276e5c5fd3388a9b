// Renderer modules that need no browser: the layout store with set_props semantics, and the
// frame scheduler's merge rule. The browser tests cover the same paths end to end.
import t from "tap";
import type { LayoutNode } from "../lib/protocol/types.js";
import { PropUpdater, type PropUpdates } from "../renderer/set-props.js";
import { LayoutStore } from "../renderer/store/layout-store.js";
import { FrameScheduler } from "../renderer/stream/frame-scheduler.js";

const h = (type: string, props: LayoutNode["props"]): LayoutNode => ({ type, namespace: "dash_html_components", props });

function makeStore(layout: LayoutNode) {
  const batches: number[] = [];
  const store = new LayoutStore(layout, (notify) => {
    batches.push(1);
    notify();
  });
  return { store, batches, updater: new PropUpdater(store) };
}

t.test("the store indexes ids (object ids stringified, keys sorted) in document order", async (t) => {
  const { store } = makeStore(
    h("Div", { id: "root", children: [h("Span", { id: { type: "x", index: 1 } }), h("P", { children: h("B", { id: "deep" }) })] }),
  );
  t.same(store.ids(), ["root", '{"index":1,"type":"x"}', "deep"]);
  t.equal(store.get('{"index":1,"type":"x"}')?.type, "Span");
});

t.test("set_props: shallow merge, only the updated component notified, one batch per call", async (t) => {
  const { store, batches, updater } = makeStore(h("Div", { children: [h("Div", { id: "a", title: "t", style: { color: "red" } }), h("Div", { id: "b" })] }));
  const seen: string[] = [];
  store.subscribe("a", () => seen.push("a"));
  store.subscribe("b", () => seen.push("b"));
  const change = updater.apply([["a", { style: { margin: 1 } }]]);
  t.same(store.get("a")?.props, { id: "a", title: "t", style: { margin: 1 } }, "props merge shallowly: style replaced whole");
  t.same(seen, ["a"]);
  t.same(batches, [1]);
  t.same(change.changed, [{ idStr: "a", id: "a", props: ["style"] }]);
});

t.test("set_props: Patches apply to the previous value, stacking within one call", async (t) => {
  const { store, updater } = makeStore(h("Div", { id: "a", data: [1] }));
  const append = (value: number) => ({ __dash_patch_update: "__dash_patch_update", operations: [{ operation: "Append", location: [], params: { value } }] });
  updater.apply([
    ["a", { data: append(2) }],
    ["a", { data: append(3) }],
  ]);
  t.same(store.get("a")?.props.data, [1, 2, 3]);
});

t.test("set_props: an unknown id is skipped with a warning; the rest applies", async (t) => {
  const { store, updater } = makeStore(h("Div", { id: "a" }));
  const warnings: unknown[] = [];
  const warn = console.warn;
  console.warn = (...args: unknown[]) => void warnings.push(args.join(" "));
  t.teardown(() => void (console.warn = warn));
  const change = updater.apply([
    ["nope", { children: "x" }],
    ["a", { children: "y" }],
  ]);
  t.equal(store.get("a")?.props.children, "y");
  t.equal(change.changed.length, 1);
  t.match(String(warnings[0]), /nope/);
});

t.test("new children are indexed, replaced ones leave the index", async (t) => {
  const { store, updater } = makeStore(h("Div", { id: "box", children: h("Span", { id: "old", children: h("I", { id: "old-inner" }) }) }));
  // A descendant updated after load: its current children are what leaves with it.
  updater.apply([["old", { children: h("I", { id: "newer-inner" }) }]]);
  const change = updater.apply([["box", { children: [h("Span", { id: "new" }), h("Span", { id: { k: 1 } })] }]]);
  t.same([...change.addedIds], ["new", '{"k":1}']);
  for (const gone of ["old", "old-inner", "newer-inner"]) t.notOk(store.has(gone), `${gone} removed`);
  t.same(store.ids(), ["box", "new", '{"k":1}']);
});

t.test("frame scheduler: merges within a frame; a repeated (id, prop) closes a group, committed first in a task of its own", async (t) => {
  const commits: PropUpdates[] = [];
  let frame: (() => void) | null = null;
  let task: (() => void) | null = null;
  const scheduler = new FrameScheduler(
    (updates) => commits.push(updates),
    (run) => {
      frame = run;
      return () => (frame = null);
    },
    (run) => {
      task = run;
      return () => (task = null);
    },
  );
  const runTask = () => (task as unknown as () => void)();
  scheduler.push([["a", { x: 1 }]]);
  scheduler.push([["b", { x: 1 }]]);
  scheduler.push([[{ type: "c", i: 0 }, { y: 1 }]]);
  t.same(commits, [], "nothing before the frame");
  t.ok(frame && !task, "waiting for the animation frame");
  scheduler.push([["a", { x: 2 }]]);
  t.same(commits, [], "a.x again: nothing committed synchronously");
  t.ok(task && !frame, "the complete group goes in the next task instead of the frame");
  scheduler.push([[{ type: "c", i: 0 }, { y: 2 }]]);
  scheduler.push([['{"i":0,"type":"c"}', { y: 3 }]]);
  runTask();
  t.same(commits, [[["a", { x: 1 }], ["b", { x: 1 }], [{ type: "c", i: 0 }, { y: 1 }]]], "the earlier frames commit first, together");
  runTask();
  t.same(commits[1], [["a", { x: 2 }], [{ type: "c", i: 0 }, { y: 2 }]], "the same object id, stringified, is the same component");
  t.ok(frame, "the open group waits for the frame again");
  scheduler.push([["a", { z: 1 }]]);
  (frame as unknown as () => void)();
  t.same(commits[2], [['{"i":0,"type":"c"}', { y: 3 }], ["a", { z: 1 }]], "the animation frame commits the rest together");
  scheduler.push([["a", { z: 2 }]]);
  scheduler.push([["a", { z: 3 }]]);
  scheduler.flush();
  t.same(commits.slice(3), [[["a", { z: 2 }]], [["a", { z: 3 }]]], "flush commits every group now, in order");
  scheduler.flush();
  t.equal(commits.length, 5, "flush with nothing queued commits nothing");
});
