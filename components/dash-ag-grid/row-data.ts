/**
 * Row identity and row changes: Dash AG Grid's `getRowId` expressions, `rowTransaction`s and
 * `selectedRows`, turned into what AG Grid's API takes.
 *
 * `getRowId` is a JavaScript expression over `params`, as in Dash AG Grid, run by the
 * interpreter of `expressions.ts`:
 *
 * ```text
 * params.data.id                      the usual form
 * params.data.make + "-" + params.data.model
 * `${params.data.a}/${params.data.b}`
 * rowKey(params)                      a function registered in window.dashAgGridFunctions
 * id                                  shortcut: a bare field name means params.data.id
 * ```
 */
import type { GridApi, IRowNode, RowDataTransaction } from "ag-grid-community";
import { compileExpression } from "./expressions.js";
import type { Row, RowTransaction, SelectedRowsProp } from "./props.js";

/** What a compiled `getRowId` is called with: AG Grid's params, or `{ data }` for a bare row. */
export interface RowIdParams {
  data: Row;
}

export type RowIdFunction = (params: RowIdParams) => string;

/**
 * Compiles a Dash AG Grid `getRowId` string into AG Grid's `getRowId` callback.
 *
 * @example
 * ```ts
 * compileRowId("params.data.id")({ data: { id: 7 } }); // "7"
 * compileRowId("id")({ data: { id: 7 } });             // "7" (field-name shortcut)
 * ```
 */
export function compileRowId(source: string): RowIdFunction {
  const trimmed = source.trim();
  const shortcut = /^[A-Za-z_$][A-Za-z0-9_$]*$/.test(trimmed) && trimmed !== "params";
  const expression = compileExpression(shortcut ? `params.data[${JSON.stringify(trimmed)}]` : trimmed);
  return (params) => String(expression({ params }));
}

/** Structural equality of JSON values (rows from the wire are never the grid's own objects). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const aKeys = Object.keys(a);
  const bKeys = Object.keys(b);
  if (aKeys.length !== bKeys.length) return false;
  return aKeys.every(
    (k) => Object.prototype.hasOwnProperty.call(b, k) && jsonEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}

/** The grid's own data objects whose content equals each of `rows` (each grid row used once). */
function gridRowsEqualTo(api: GridApi<Row>, rows: Row[]): Row[] {
  const found: Row[] = [];
  const taken = new Set<Row>();
  for (const row of rows) {
    let match: Row | undefined;
    api.forEachNode((node) => {
      if (match === undefined && node.data !== undefined && !taken.has(node.data) && jsonEqual(node.data, row)) match = node.data;
    });
    if (match !== undefined) {
      taken.add(match);
      found.push(match);
    }
  }
  return found;
}

/**
 * Turns a Dash `rowTransaction` into AG Grid's transaction. With a `getRowId` the grid finds the
 * rows to update and remove by id; without one, AG Grid would compare object identity, which
 * rows from the wire never share, so removals are matched by equal data instead.
 */
export function toGridTransaction(api: GridApi<Row>, tx: RowTransaction, hasRowId: boolean): RowDataTransaction<Row> {
  const out: RowDataTransaction<Row> = {};
  if (tx.add !== undefined) out.add = tx.add;
  if (typeof tx.addIndex === "number") out.addIndex = tx.addIndex;
  if (tx.update !== undefined) out.update = tx.update;
  if (tx.remove !== undefined) out.remove = hasRowId ? tx.remove : gridRowsEqualTo(api, tx.remove);
  return out;
}

/** The nodes a `selectedRows` value names: by id, by `getRowId` of the rows, or by equal data. */
export function nodesToSelect(api: GridApi<Row>, selection: SelectedRowsProp, rowIdOf: RowIdFunction | undefined): IRowNode<Row>[] {
  const nodes: IRowNode<Row>[] = [];
  if (!Array.isArray(selection)) {
    const ids = new Set(selection.ids.map(String));
    api.forEachNode((node) => {
      if (node.id !== undefined && ids.has(node.id)) nodes.push(node);
    });
    return nodes;
  }
  if (rowIdOf !== undefined) {
    const ids = new Set(selection.map((data) => rowIdOf({ data })));
    api.forEachNode((node) => {
      if (node.id !== undefined && ids.has(node.id)) nodes.push(node);
    });
    return nodes;
  }
  api.forEachNode((node) => {
    if (node.data !== undefined && selection.some((row) => jsonEqual(row, node.data))) nodes.push(node);
  });
  return nodes;
}

/** All rows in the grid, in row-model order (Dash AG Grid's synced `rowData`). */
export function gridRows(api: GridApi<Row>): Row[] {
  const rows: Row[] = [];
  api.forEachLeafNode((node) => {
    if (node.data !== undefined) rows.push(node.data);
  });
  return rows;
}

/** The rows as displayed: after filtering and sorting (Dash AG Grid's `virtualRowData`). */
export function displayedRows(api: GridApi<Row>): Row[] {
  const rows: Row[] = [];
  api.forEachNodeAfterFilterAndSort((node) => {
    if (node.data !== undefined) rows.push(node.data);
  });
  return rows;
}
