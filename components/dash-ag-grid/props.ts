/**
 * The props of `dash_ag_grid.AgGrid`, as Dash AG Grid names them, so that a layout written for
 * Dash AG Grid renders here unchanged. Only the props this component implements are listed;
 * anything else in `dashGridOptions` goes to AG Grid as a grid option.
 *
 * @example
 * ```json
 * { "namespace": "dash_ag_grid", "type": "AgGrid",
 *   "props": { "id": "grid", "getRowId": "params.data.id",
 *              "columnDefs": [{ "field": "id" }, { "field": "price" }],
 *              "rowData": [{ "id": 1, "price": 9.5 }],
 *              "rowTransaction": { "add": [{ "id": 2, "price": 10 }] } } }
 * ```
 */
import type { CSSProperties } from "react";
import type { ColDef, ColGroupDef, GridOptions, Theme } from "ag-grid-community";

/** A row as it travels over the wire: a JSON object. */
export type Row = Record<string, unknown>;

/** Dash component ids: a string, or an object for pattern-matching ids. */
export type DashId = string | Record<string, unknown>;

/**
 * Rows to add, update or remove in place, applied with the grid API's `applyTransaction` so only
 * the touched rows render again. `update` and `remove` find rows by `getRowId`; without it,
 * `remove` matches rows whose data is deeply equal.
 */
export interface RowTransaction {
  add?: Row[];
  /** Index at which `add` rows are inserted; the end when omitted. */
  addIndex?: number;
  update?: Row[];
  remove?: Row[];
  /**
   * `true` batches the transaction with AG Grid's `applyTransactionAsync`. Dash AG Grid makes
   * async the default; here it is opt-in so that every transaction a stream sends is in the grid
   * by the time the next one arrives (the order and count are then observable, as tests need).
   */
  async?: boolean;
}

/** What `cellClicked` and `cellDoubleClicked` are set to: the cell, its row, and when. */
export interface CellEvent {
  value: unknown;
  colId: string;
  rowIndex: number | null;
  rowId: string | undefined;
  timestamp: number;
}

/** One entry of `cellValueChanged`, set after an edit. */
export interface CellValueChange {
  rowIndex: number | null;
  rowId: string | undefined;
  data: Row;
  oldValue: unknown;
  value: unknown;
  colId: string;
  timestamp: number;
}

/** Options of `columnSize`, as Dash AG Grid's `columnSizeOptions`. */
export interface ColumnSizeOptions {
  /** sizeToFit: per-column limits in pixels. */
  columnLimits?: { key: string; minWidth?: number; maxWidth?: number }[];
  defaultMinWidth?: number;
  defaultMaxWidth?: number;
  /** autoSize: the columns to size; all when omitted. */
  keys?: string[];
  /** autoSize: leave the header out of the width. */
  skipHeader?: boolean;
}

/** `selectedRows` may be rows (matched by `getRowId`, else by equal data) or `{ ids }`. */
export type SelectedRowsProp = Row[] | { ids: string[] };

/** Props the component reads and writes. */
export interface AgGridProps {
  /** Set by the renderer; also how `dash_ag_grid.getApi(id)` finds this grid. */
  id?: DashId;
  /** Set by the renderer: reports changed props back to the app, as in Dash. */
  setProps?: (props: Partial<AgGridProps>) => void;

  /** The outer div's style; height defaults to 400px (unless `domLayout: "autoHeight"`), width to 100%. */
  style?: CSSProperties;
  /**
   * The outer div's class. A legacy theme class (`ag-theme-alpine`, `ag-theme-balham`,
   * `ag-theme-quartz`, `ag-theme-material`, each optionally `-dark`) also picks the matching
   * AG Grid theme object, unless `dashGridOptions.theme` says otherwise. Default `ag-theme-alpine`.
   */
  className?: string;

  rowData?: Row[];
  columnDefs?: (ColDef<Row> | ColGroupDef<Row>)[];
  defaultColDef?: ColDef<Row>;
  /** Cleared to `null` by the component once applied, as Dash AG Grid does. */
  rowTransaction?: RowTransaction | null;
  /**
   * How rows are identified, as a Dash AG Grid expression over `params`: `"params.data.id"`,
   * `"params.data.make + '-' + params.data.model"`, or a call to a function registered in
   * `window.dashAgGridFunctions` such as `"rowKey(params)"`. A bare field name (`"id"`) is a
   * shortcut for `params.data.id`. Run by the interpreter of `expressions.ts`, never `eval`.
   */
  getRowId?: string;
  /**
   * Any AG Grid grid options, spread into the grid's options. `theme` may be a theme object or the
   * name of one (`"themeQuartz"`, `"themeAlpine"`, `"themeBalham"`, `"themeMaterial"`, or
   * `"legacy"` for the CSS files under `legacy/`). Functions are written as Dash AG Grid writes
   * them, `{"function": "<expression over params>"}`, here and in column definitions (see
   * `grid-functions.ts`).
   */
  dashGridOptions?: GridOptions<Row> & { theme?: Theme | string };

  /** `"sizeToFit"` and `"autoSize"` run once and reset to `null`; `"responsiveSizeToFit"` keeps fitting on resize. */
  columnSize?: "sizeToFit" | "autoSize" | "responsiveSizeToFit" | null;
  columnSizeOptions?: ColumnSizeOptions;

  /** Selected rows: read from the grid when the user selects, applied to the grid when set. */
  selectedRows?: SelectedRowsProp;
  /** Set when the user clicks a cell. */
  cellClicked?: CellEvent;
  /** Set when the user double-clicks a cell. */
  cellDoubleClicked?: CellEvent;
  /** Set after cells are edited. */
  cellValueChanged?: CellValueChange[];
  /** The rows as displayed (after filter and sort); written by the component. */
  virtualRowData?: Row[];
  /** The filter model: written when the user filters, applied when set. */
  filterModel?: Record<string, unknown>;
  /** Scrolls once to a row or column, then resets to `null`. */
  scrollTo?: {
    rowIndex?: number;
    rowId?: string;
    data?: Row;
    rowPosition?: "top" | "bottom" | "middle";
    column?: string;
    columnPosition?: "auto" | "start" | "middle" | "end";
  } | null;
  /** `true` exports the grid as CSV once (with `csvExportParams`), then resets to `false`. */
  exportDataAsCsv?: boolean;
  csvExportParams?: Record<string, unknown>;
}
