import t from "tap";
import { applyPatch, isPatchValue } from "../lib/protocol/patch-apply.js";
import type { JsonValue, PatchOperation, PatchValue } from "../lib/protocol/types.js";

const patch = (...operations: PatchOperation[]): PatchValue => ({ __dash_patch_update: "__dash_patch_update", operations });
const op = (operation: PatchOperation["operation"], location: Array<string | number>, params: Record<string, JsonValue> = {}): PatchOperation => ({
  operation,
  location,
  params,
});

t.test("list operations", async (t) => {
  t.same(applyPatch([1, 2], patch(op("Append", [], { value: 3 }))), [1, 2, 3]);
  t.same(applyPatch([1, 2], patch(op("Prepend", [], { value: 0 }))), [0, 1, 2]);
  t.same(applyPatch([1, 2], patch(op("Extend", [], { value: [3, 4] }))), [1, 2, 3, 4]);
  t.same(applyPatch([1, 3], patch(op("Insert", [], { index: 1, value: 2 }))), [1, 2, 3]);
  t.same(applyPatch([1, 2, 4], patch(op("Insert", [], { index: -1, value: 3 }))), [1, 2, 3, 4], "negative index counts from the end");
  t.same(applyPatch([1, { a: 1 }, 1, 2], patch(op("Remove", [], { value: 1 }))), [{ a: 1 }, 2], "every equal item");
  t.same(applyPatch([1, { a: 1 }], patch(op("Remove", [], { value: { a: 1 } }))), [1], "deep equality");
  t.same(applyPatch([1, 2, 3], patch(op("Reverse", []))), [3, 2, 1]);
  t.same(applyPatch([1, 2, 3], patch(op("Clear", []))), []);
  t.same(applyPatch([1, 2, 3], patch(op("Delete", [1]))), [1, 3], "Delete of a list item removes it");
  t.same(applyPatch([1, 2, 3], patch(op("Delete", [-1]))), [1, 2]);
  t.same(applyPatch([1, 2, 3], patch(op("Assign", [-1], { value: 9 }))), [1, 2, 9]);
});

t.test("object and number operations at nested locations", async (t) => {
  const before = { nested: { count: 0, keep: "k" }, items: [1], drop: "x", n: 10 };
  const after = applyPatch(
    before,
    patch(
      op("Append", ["items"], { value: 1 }),
      op("Assign", ["nested", "count"], { value: 1 }),
      op("Extend", ["items"], { value: [10] }),
      op("Add", ["n"], { value: 5 }),
      op("Delete", ["drop"]),
      op("Merge", ["nested"], { value: { merged: true } }),
    ),
  );
  // The operations of Dash's capture (updates/ patch scenario) give Dash's result.
  t.same(after, { nested: { count: 1, keep: "k", merged: true }, items: [1, 1, 10], n: 15 });
  t.same(before, { nested: { count: 0, keep: "k" }, items: [1], drop: "x", n: 10 }, "the previous value is not mutated");
  t.same(applyPatch({ n: 10 }, patch(op("Sub", ["n"], { value: 4 }), op("Mul", ["n"], { value: 3 }), op("Div", ["n"], { value: 2 }))), { n: 9 });
  t.same(applyPatch({ s: "ab" }, patch(op("Add", ["s"], { value: "c" }))), { s: "abc" }, "Add concatenates strings");
  t.same(applyPatch({ s: "abc" }, patch(op("Clear", ["s"]))), { s: "" });
  t.same(applyPatch({ o: { a: 1 } }, patch(op("Clear", ["o"]))), { o: {} });
  t.same(applyPatch({}, patch(op("Assign", ["a", "b"], { value: 1 }))), { a: { b: 1 } }, "missing containers are created");
  t.same(applyPatch({ a: 1 }, patch(op("Assign", [], { value: [1] }))), [1], "an empty location replaces the whole value");
});

t.test("on a string, the sequence operations concatenate", async (t) => {
  t.same(applyPatch("ab", patch(op("Append", [], { value: "c" }))), "abc");
  t.same(applyPatch("bc", patch(op("Prepend", [], { value: "a" }))), "abc");
  t.same(applyPatch("ab", patch(op("Extend", [], { value: "cd" }))), "abcd", "a string (dash-renderer's ramda concat)");
  t.same(applyPatch("ab", patch(op("Extend", [], { value: ["c", "d"] }))), "abcd", "or a list of strings");
  t.same(applyPatch("ac", patch(op("Insert", [], { index: 1, value: "b" }))), "abc");
  t.same(applyPatch("abd", patch(op("Insert", [], { index: -1, value: "c" }))), "abcd", "a negative index counts from the end");
  t.same(applyPatch("abc", patch(op("Reverse", []))), "cba");
  t.same(
    applyPatch({ log: ["x", "line 1"] }, patch(op("Append", ["log", -1], { value: "\nline 2" }))),
    { log: ["x", "line 1\nline 2"] },
    "at a nested location",
  );
  t.throws(() => applyPatch("ab", patch(op("Append", [], { value: 1 }))), /Append at \[\] on a string needs a string/);
  t.throws(() => applyPatch("ab", patch(op("Extend", [], { value: ["c", 1] }))), /Extend at \[\] on a string needs a string/);
});

t.test("errors", async (t) => {
  t.throws(() => applyPatch(undefined, patch(op("Append", [], { value: 1 }))), /Cannot patch undefined/);
  t.throws(() => applyPatch({ a: 1 }, patch(op("Append", ["a"], { value: 1 }))), /needs a list/);
  t.throws(() => applyPatch([], patch({ operation: "Nope" as never, location: [], params: {} })), /Invalid Operation Nope/);
});

t.test("isPatchValue recognises Dash's Patch format only", async (t) => {
  t.ok(isPatchValue(patch()));
  t.notOk(isPatchValue({ operations: [] }));
  t.notOk(isPatchValue([]));
  t.notOk(isPatchValue(null));
  t.notOk(isPatchValue("__dash_patch_update"));
});
