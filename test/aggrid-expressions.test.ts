// The expression interpreter behind Dash AG Grid's function strings, and the conversion of
// function forms in column definitions and grid options. No browser needed.
import t from "tap";
import { compileExpression } from "../components/dash-ag-grid/expressions.js";
import { convertFunctions } from "../components/dash-ag-grid/grid-functions.js";

const run = (source: string, params: unknown = {}) => compileExpression(source)({ params });

t.test("expressions: JavaScript's operators and precedence", async (t) => {
  t.equal(run("1 + 2 * 3 - 4 / 2 % 3"), 5);
  t.equal(run("(1 + 2) * 3"), 9);
  t.equal(run("-params.v + +'2'", { v: 5 }), -3);
  t.equal(run("params.v > 10 ? 'high' : params.v > 5 ? 'mid' : 'low'", { v: 7 }), "mid");
  t.equal(run("params.a && params.b || 'none'", { a: 1, b: 0 }), "none");
  t.equal(run("params.missing ?? 'default'"), "default");
  t.equal(run("!params.ok", { ok: false }), true);
  t.equal(run("params.v === 3 && params.v !== '3' && params.v == '3'", { v: 3 }), true);
  t.equal(run("params.v <= 3 && params.v >= 3 && !(params.v < 3)", { v: 3 }), true);
  t.equal(run(".5 + 1e1"), 10.5);
});

t.test("expressions: literals, members, calls, templates", async (t) => {
  t.same(run("[1, 'a', true, null, undefined]"), [1, "a", true, null, undefined]);
  t.same(run("{color: 'red', 'font-weight': params.w}", { w: 700 }), { color: "red", "font-weight": 700 });
  t.equal(run("params.value.toFixed(2)", { value: 3.14159 }), "3.14");
  t.equal(run("params.data['first name'].toUpperCase()", { data: { "first name": "ada" } }), "ADA");
  t.equal(run("params.data?.nested?.deep", {}), undefined);
  t.equal(run("params.fn?.()", {}), undefined);
  t.equal(run("Math.round(params.v * 100) / 100", { v: 1.23456 }), 1.23);
  t.equal(run("`${params.a}-${params.b ? 'yes' : 'no'}`", { a: 1, b: 1 }), "1-yes");
  t.equal(run("'tab\\there'"), "tab\there");
  t.equal(run("new Intl.NumberFormat('en-US').format(params.v)", { v: 1234567 }), "1,234,567");
  t.equal(run("new Date(0).getTime()"), 0);
  t.equal(run("String(params.v).padStart(3, '0')", { v: 7 }), "007");
});

t.test("expressions: registered functions, and nothing else, can be named", async (t) => {
  const registry = globalThis as { dashAgGridFunctions?: Record<string, unknown> };
  registry.dashAgGridFunctions = { euro: (v: number) => `€${v}` };
  t.teardown(() => {
    delete registry.dashAgGridFunctions;
  });
  t.equal(run("euro(params.value)", { value: 5 }), "€5");
  t.throws(() => run("window"), ReferenceError);
  t.throws(() => run("globalThis.process"), ReferenceError);
  t.throws(() => run("eval('1')"), ReferenceError);
  t.throws(() => run("Function('return 1')"), ReferenceError);
  t.throws(() => run("params.constructor.constructor('return 1')()"), TypeError);
  t.throws(() => run("''.constructor"), TypeError);
  t.throws(() => run("params['__proto__']"), TypeError);
  t.throws(() => run("({__proto__: 1})"), TypeError);
  t.throws(() => run("new params.f()", { f: function f() {} }), TypeError, "new only for Date and Intl");
  t.throws(() => run("params.v.x", {}), TypeError, "reading a property of undefined fails as in JavaScript");
});

t.test("expressions: syntax outside the language is refused when compiled", async (t) => {
  for (const source of ["a = 1", "a; b", "x => x", "function () {}", "a ? b", "{a 1}", "[1,", "new (Date)()", "a.1", "#"]) {
    t.throws(() => compileExpression(source), SyntaxError, source);
  }
});

t.test("convertFunctions: Dash AG Grid's function forms become functions", async (t) => {
  const columnDefs = [
    { field: "price", valueFormatter: { function: "'$' + params.value.toFixed(2)" } },
    {
      headerName: "group",
      children: [
        {
          field: "qty",
          cellStyle: { styleConditions: [{ condition: "params.value > 10", style: { color: "red" } }], defaultStyle: { color: "black" } },
          cellClassRules: { low: "x < 5", high: "params.value > 10" },
          cellEditor: { function: "'agTextCellEditor'" },
        },
      ],
    },
    { field: "plain", filterParams: { buttons: ["reset"] } },
  ];
  // the converted values are functions of AG Grid's params, called directly here
  type Fn = (params: Record<string, unknown>) => unknown;
  type Converted = [{ valueFormatter: Fn }, { children: [{ cellStyle: Fn; cellClassRules: Record<string, Fn>; cellEditor: unknown }] }, unknown];
  const converted = convertFunctions(columnDefs) as unknown as Converted;
  t.equal(converted[0].valueFormatter({ value: 2 }), "$2.00");
  const qty = converted[1].children[0];
  t.same(qty.cellStyle({ value: 11 }), { color: "red" });
  t.same(qty.cellStyle({ value: 1 }), { color: "black" });
  t.equal(qty.cellClassRules.low({ value: 1 }), true);
  t.equal(qty.cellClassRules.high({ value: 1 }), false);
  t.equal(qty.cellEditor, "agTextCellEditor", "no-params keys take the expression's value");
  t.equal(converted[2], columnDefs[2], "objects without function forms keep their identity");
  t.equal(convertFunctions(columnDefs[2]), columnDefs[2]);

  const options = convertFunctions({ rowData: [{ function: "1" }], getRowStyle: { function: "params.data.id === 1 ? {fontWeight: 'bold'} : undefined" } }) as unknown as { rowData: unknown; getRowStyle: Fn };
  t.same(options.rowData, [{ function: "1" }], "row data is data");
  t.same(options.getRowStyle({ data: { id: 1 } }), { fontWeight: "bold" });
});

t.test("convertFunctions: a broken expression is reported and left out", async (t) => {
  const errors: unknown[][] = [];
  const original = console.error;
  console.error = (...args: unknown[]) => errors.push(args);
  t.teardown(() => {
    console.error = original;
  });
  const [col] = convertFunctions([{ field: "a", valueGetter: { function: "params.data.a +" } }]) as Record<string, unknown>[];
  t.equal(col.valueGetter, undefined);
  t.equal(errors.length, 1);
  const [ok] = convertFunctions([{ field: "a", valueGetter: { function: "params.data.a.b" } }]) as unknown as Record<string, (p: unknown) => unknown>[];
  t.equal(ok.valueGetter({ data: {} }), undefined, "a failing run gives undefined");
  t.equal(errors.length, 2, "and is reported");
});
