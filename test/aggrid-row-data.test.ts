// getRowId expressions and row matching of the dash_ag_grid suite, without a browser.
import t from "tap";
import { compileRowId, jsonEqual } from "../components/dash-ag-grid/row-data.js";

t.test("getRowId: the forms Dash AG Grid apps write", async (t) => {
  const data = { id: 7, make: "Ford", model: "T", "a b": "x", n: 3 };
  t.equal(compileRowId("params.data.id")({ data }), "7");
  t.equal(compileRowId("  params.data.id ")({ data }), "7", "surrounding space is ignored");
  t.equal(compileRowId("params.data.make + '-' + params.data.model")({ data }), "Ford-T");
  t.equal(compileRowId('params.data["a b"]')({ data }), "x");
  t.equal(compileRowId("`${params.data.make}/${params.data.id}`")({ data }), "Ford/7");
  t.equal(compileRowId("String(params.data.n)")({ data }), "3");
  t.equal(compileRowId("params.data.n + params.data.id")({ data }), "10", "+ adds numbers, as in JavaScript");
  t.equal(compileRowId("(params.data.n + 1) + 'x'")({ data }), "4x");
  t.equal(compileRowId("id")({ data }), "7", "a bare field name is params.data.<field>");
});

t.test("getRowId: functions come only from window.dashAgGridFunctions", async (t) => {
  const registry = globalThis as { dashAgGridFunctions?: Record<string, unknown> };
  registry.dashAgGridFunctions = { rowKey: (params: { data: { id: number } }) => `row-${params.data.id}` };
  t.teardown(() => {
    delete registry.dashAgGridFunctions;
  });
  t.equal(compileRowId("rowKey(params)")({ data: { id: 2 } }), "row-2");
  t.throws(() => compileRowId("alert(params)")({ data: {} }), ReferenceError);
  t.throws(() => compileRowId("toString(params)")({ data: {} }), ReferenceError, "inherited names are not functions");
});

t.test("getRowId: nothing outside the expression's scope is reachable", async (t) => {
  const data = { id: 1 };
  t.throws(() => compileRowId("params.data.constructor")({ data }), TypeError);
  t.throws(() => compileRowId("params.data.__proto__")({ data }), TypeError);
  t.throws(() => compileRowId("window.location")({ data }), ReferenceError);
  t.throws(() => compileRowId("constructor")({ data }), TypeError, "the field shortcut is guarded too");
});

t.test("getRowId: anything else is a syntax error at compile time", async (t) => {
  for (const source of ["params.data.id; alert(1)", "params.data.id = 2", "'open", "f(", "a => a", "`${x", "params.data.id params"]) {
    t.throws(() => compileRowId(source), SyntaxError, source);
  }
});

t.test("jsonEqual compares rows by content", async (t) => {
  t.ok(jsonEqual({ a: 1, b: [1, { c: null }] }, { b: [1, { c: null }], a: 1 }));
  t.notOk(jsonEqual({ a: 1 }, { a: 1, b: undefined }));
  t.notOk(jsonEqual([1, 2], { 0: 1, 1: 2 }));
  t.notOk(jsonEqual({ a: "1" }, { a: 1 }));
  t.notOk(jsonEqual(null, {}));
});
