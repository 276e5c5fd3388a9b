/**
 * Functions in JSON props, the Dash AG Grid way: a layout cannot hold functions, so column
 * definitions and grid options carry them as expression strings, and the component turns them
 * into functions before AG Grid sees them.
 *
 * - `{"function": "params.value.toFixed(2)"}` anywhere in `columnDefs`, `defaultColDef` or
 *   `dashGridOptions` becomes `(params) => ...` (for `cellEditor` and `frameworkComponents`,
 *   which take no params, the expression's value is used as is);
 * - `cellStyle` and `getRowStyle` as `{"styleConditions": [{"condition", "style"}], "defaultStyle"}`
 *   become a function returning the style of the first condition that holds;
 * - string rules in `cellClassRules` / `rowClassRules` are expressions over `params` (AG Grid's
 *   shorthands `x`/`value`, `data`, `node`, `rowIndex` work too).
 *
 * @example
 * ```ts
 * const [col] = convertFunctions([{ field: "price", valueFormatter: { function: "'$' + params.value" } }]);
 * ```
 */
import { compileExpression } from "./expressions.js";

type Json = unknown;

/** Keys whose `{function}` values take no params: the expression's result is the option. */
const NO_PARAMS_KEYS = new Set(["cellEditor", "frameworkComponents"]);
/** Keys whose values are objects of rule name → expression string. */
const RULE_KEYS = new Set(["cellClassRules", "rowClassRules"]);
/** Keys that hold style conditions, a Dash AG Grid shorthand. */
const STYLE_KEYS = new Set(["cellStyle", "getRowStyle"]);
/** Row data and other plain data: never converted. */
const DATA_KEYS = new Set(["rowData", "pinnedTopRowData", "pinnedBottomRowData", "context"]);

interface StyleCondition {
  condition: string;
  style: Record<string, unknown>;
}

function isPlainObject(value: Json): value is Record<string, Json> {
  return typeof value === "object" && value !== null && !Array.isArray(value) && Object.getPrototypeOf(value) === Object.prototype;
}

function isFunctionSpec(value: Json): value is { function: string } {
  return isPlainObject(value) && typeof value.function === "string";
}

function report(where: string, source: string, err: unknown): void {
  console.error(`dash_ag_grid.AgGrid: cannot use ${where} ${JSON.stringify(source)}:`, err);
}

/** `(params) => value of source`; errors while running are reported, and give undefined. */
function paramsFunction(where: string, source: string, scopeOf: (params: Record<string, unknown>) => Record<string, unknown>) {
  const run = compileExpression(source);
  return (params: Record<string, unknown>): unknown => {
    try {
      return run(scopeOf(params));
    } catch (err) {
      report(where, source, err);
      return undefined;
    }
  };
}

const withParams = (params: Record<string, unknown>) => ({ params });
const withShorthands = (params: Record<string, unknown>) => ({
  params,
  x: params.value,
  value: params.value,
  data: params.data,
  node: params.node,
  rowIndex: params.rowIndex,
});

function styleConditions(where: string, spec: Record<string, Json>): unknown {
  const conditions = (Array.isArray(spec.styleConditions) ? spec.styleConditions : []) as StyleCondition[];
  const defaultStyle = spec.defaultStyle ?? null;
  if (conditions.length === 0) return defaultStyle;
  const tests = conditions.map(({ condition, style }) => ({ test: paramsFunction(where, condition, withParams), style }));
  return (params: Record<string, unknown>) => tests.find(({ test }) => test(params))?.style ?? defaultStyle;
}

function convertValue(key: string, value: Json): Json {
  if (DATA_KEYS.has(key)) return value;
  try {
    if (isFunctionSpec(value)) {
      return NO_PARAMS_KEYS.has(key) ? compileExpression(value.function)({}) : paramsFunction(key, value.function, withParams);
    }
    if (STYLE_KEYS.has(key) && isPlainObject(value) && ("styleConditions" in value || "defaultStyle" in value)) {
      return styleConditions(key, value);
    }
    if (RULE_KEYS.has(key) && isPlainObject(value)) {
      return Object.fromEntries(
        Object.entries(value).map(([rule, expr]) => [rule, typeof expr === "string" ? paramsFunction(`${key}.${rule}`, expr, withShorthands) : convertValue(rule, expr)]),
      );
    }
  } catch (err) {
    report(key, JSON.stringify(value), err);
    return undefined;
  }
  return convertFunctions(value);
}

/**
 * Returns `value` with the function forms above turned into functions; other values are kept
 * (objects that contain nothing to convert are returned as they are, so their identity holds).
 */
export function convertFunctions<T>(value: T): T {
  if (Array.isArray(value)) {
    const items = value.map((item: Json) => convertFunctions(item));
    return (items.every((item, i) => item === value[i]) ? value : items) as T;
  }
  if (!isPlainObject(value)) return value;
  let changed = false;
  const out: Record<string, Json> = {};
  for (const [key, item] of Object.entries(value)) {
    out[key] = convertValue(key, item);
    changed ||= out[key] !== item;
  }
  return (changed ? out : value) as T;
}
