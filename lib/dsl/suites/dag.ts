/**
 * The `dag` namespace of the Node DSL: a typed factory of `dash_ag_grid.AgGrid` layout nodes.
 * Props are the JSON forms the browser component (`components/dash-ag-grid/AgGrid.tsx`, documented in its `props.ts`) reads;
 * the ones the grid writes back (`cellClicked`, `selectedRows`, `virtualRowData`, …) are here
 * too, so callbacks can use them as Inputs and States by name.
 *
 * @example
 * ```ts
 * import { dag } from "dash-events";
 * dag.AgGrid({
 *   id: "grid",
 *   columnDefs: [{ field: "ticker" }, { field: "price" }],
 *   getRowId: "params.data.ticker",
 *   style: { height: "70vh" },
 * });
 * ```
 */
import type { CSSProperties } from "../html.js";
import type { ComponentId } from "../../protocol/types.js";
import { suiteComponent, type AnyObject, type LeafFactory } from "./factory.js";

/** Rows to add (at `addIndex`), update or remove in place; `async: true` batches them in the grid. */
export interface AgGridRowTransaction {
  add?: readonly AnyObject[];
  addIndex?: number;
  update?: readonly AnyObject[];
  remove?: readonly AnyObject[];
  async?: boolean;
}

/** The props of `AgGrid` (dash_ag_grid). */
export interface AgGridProps {
  id?: ComponentId;
  /** Default `"ag-theme-alpine"`; `ag-theme-{alpine,balham,quartz,material}[-dark]` choose the theme. */
  className?: string;
  /** Height defaults to 400px. */
  style?: CSSProperties;
  rowData?: readonly AnyObject[];
  columnDefs?: readonly AnyObject[];
  defaultColDef?: AnyObject;
  /** Applied as a grid transaction, then reset to null by the grid. */
  rowTransaction?: AgGridRowTransaction | null;
  /** e.g. `"params.data.id"`, `"params.data.a + '-' + params.data.b"`, or a field name. */
  getRowId?: string;
  /** AG Grid grid options, passed to the grid as they are. */
  dashGridOptions?: AnyObject;
  columnSize?: "sizeToFit" | "autoSize" | "responsiveSizeToFit" | null;
  columnSizeOptions?: AnyObject;
  selectedRows?: readonly AnyObject[] | { ids: readonly string[] };
  filterModel?: AnyObject;
  scrollTo?: AnyObject | null;
  exportDataAsCsv?: boolean;
  csvExportParams?: AnyObject;
  /** Written by the grid. */
  cellClicked?: AnyObject;
  /** Written by the grid. */
  cellDoubleClicked?: AnyObject;
  /** Written by the grid. */
  cellValueChanged?: readonly AnyObject[];
  /** Written by the grid: the rows after filter and sort. */
  virtualRowData?: readonly AnyObject[];
}

const PROP_ORDER = [
  "id",
  "className",
  "style",
  "rowData",
  "columnDefs",
  "defaultColDef",
  "rowTransaction",
  "getRowId",
  "dashGridOptions",
  "columnSize",
  "columnSizeOptions",
  "selectedRows",
  "filterModel",
  "scrollTo",
  "exportDataAsCsv",
  "csvExportParams",
  "cellClicked",
  "cellDoubleClicked",
  "cellValueChanged",
  "virtualRowData",
] as const;

/** `AgGrid` of dash_ag_grid. */
export const AgGrid = suiteComponent<AgGridProps>("dash_ag_grid", "AgGrid", PROP_ORDER) as LeafFactory<AgGridProps>;
