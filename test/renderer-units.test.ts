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

/** Fake schedulers for FrameScheduler: callbacks wait in a list until the test runs them. */
function fakeScheduler() {
  let waiting: Array<() => void> = [];
  const schedule = (run: () => void) => {
    waiting.push(run);
    return () => {
      waiting = waiting.filter((other) => other !== run);
    };
  };
  return {
    schedule,
    get pending() {
      return waiting.length;
    },
    /** Run what is waiting now (not what those schedule). */
    run() {
      const now = waiting;
      waiting = [];
      for (const run of now) run();
    },
  };
}

t.test("frame scheduler: the first updates after a quiet frame commit at the end of the task; later ones merge until the next frame", async (t) => {
  const commits: PropUpdates[] = [];
  const frame = fakeScheduler();
  const task = fakeScheduler();
  const end = fakeScheduler();
  const scheduler = new FrameScheduler((updates) => commits.push(updates), frame.schedule, task.schedule, end.schedule);
  scheduler.push([["a", { x: 1 }]]);
  scheduler.push([["b", { x: 1 }]]);
  t.same(commits, [], "nothing synchronously");
  t.ok(end.pending && !task.pending, "waiting for the end of the task");
  end.run();
  t.same(commits, [[["a", { x: 1 }], ["b", { x: 1 }]]], "the frames of one task commit together");

  scheduler.push([["c", { y: 1 }]]);
  scheduler.push([[{ type: "d", i: 0 }, { y: 1 }]]);
  t.equal(end.pending, 0, "a commit happened in this animation frame: the next updates wait for the frame");
  scheduler.push([["c", { y: 2 }]]);
  t.ok(task.pending, "c.y again: the complete group goes in the next task instead of the frame");
  scheduler.push([['{"i":0,"type":"d"}', { y: 2 }]]);
  task.run();
  t.same(commits[1], [["c", { y: 1 }], [{ type: "d", i: 0 }, { y: 1 }]], "the earlier frames commit first, together");
  t.equal(commits.length, 2, "the open group waits");
  frame.run();
  t.same(commits[2], [["c", { y: 2 }], ['{"i":0,"type":"d"}', { y: 2 }]], "the animation frame commits the rest together");

  frame.run(); // a frame without commits
  scheduler.push([["c", { y: 3 }]]);
  t.equal(end.pending, 0, "c.y was committed in the frame before: it waits for the next frame, the component may still be busy with it");
  frame.run();
  t.same(commits[3], [["c", { y: 3 }]]);
  frame.run();
  frame.run(); // two frames without commits: quiet again
  t.equal(frame.pending, 0, "nothing left to watch");
  scheduler.push([["a", { z: 1 }]]);
  t.ok(end.pending, "after quiet frames, the end of the task again");
  scheduler.push([["a", { z: 2 }]]);
  scheduler.push([["a", { z: 3 }]]);
  scheduler.flush();
  t.same(commits.slice(4), [[["a", { z: 1 }]], [["a", { z: 2 }]], [["a", { z: 3 }]]], "flush commits every group now, in order");
  end.run();
  task.run();
  scheduler.flush();
  t.equal(commits.length, 7, "nothing is committed twice; flush with nothing queued commits nothing");
});
