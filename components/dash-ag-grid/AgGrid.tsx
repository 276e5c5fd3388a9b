/**
 * `dash_ag_grid.AgGrid`: AG Grid (community) as a Dash component, with Dash AG Grid's props.
 *
 * The grid keeps its own rows. Props that say "do this once" (`rowTransaction`, `scrollTo`,
 * `columnSize`, `exportDataAsCsv`) are applied through the grid API and then reset with
 * `setProps`, as Dash AG Grid does, so the same value sent again by the app acts again. What the
 * user does in the grid (selection, clicks, edits, filter, sort) goes back with `setProps`.
 * Function forms in JSON props (`{"function": "..."}`, style conditions) become functions
 * first (`grid-functions.ts`).
 *
 * @example
 * ```tsx
 * <AgGrid id="grid" getRowId="params.data.id" columnDefs={[{ field: "id" }]}
 *         rowData={[{ id: 1 }]} rowTransaction={{ add: [{ id: 2 }] }} setProps={console.log} />
 * ```
 */
import React, { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { AgGridReact } from "ag-grid-react";
import type {
  CellClickedEvent,
  CellDoubleClickedEvent,
  CellValueChangedEvent,
  GetRowIdParams,
  GridApi,
  GridOptions,
  GridReadyEvent,
} from "ag-grid-community";
import type { AgGridProps, CellEvent, CellValueChange, DashId, Row, RowTransaction } from "./props.js";
import {
  compileRowId,
  displayedRows,
  gridRows,
  jsonEqual,
  nodesToSelect,
  toGridTransaction,
  type RowIdFunction,
} from "./row-data.js";
import { convertFunctions } from "./grid-functions.js";
import { resolveTheme } from "./themes.js";

const DEFAULT_CLASS_NAME = "ag-theme-alpine";
const NO_ROWS: Row[] = [];

/** Mounted grids by stringified id, for `dash_ag_grid.getApi(id)` (clientside code and tests). */
const mountedGrids = new Map<string, GridApi<Row>>();
const gridWaiters = new Map<string, ((api: GridApi<Row>) => void)[]>();

/** Dash's id string: object ids with sorted keys, as in callbacks. */
function stringifyId(id: DashId): string {
  if (typeof id === "string") return id;
  return `{${Object.keys(id)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${JSON.stringify(id[k])}`)
    .join(",")}}`;
}

/**
 * The AG Grid API of the mounted grid with this id, or undefined.
 *
 * @example
 * ```ts
 * window.dash_ag_grid.getApi("grid")?.getDisplayedRowCount();
 * ```
 */
export function getApi(id: DashId): GridApi<Row> | undefined {
  return mountedGrids.get(stringifyId(id));
}

/** Resolves with the grid's API once a grid with this id is ready. */
export function getApiAsync(id: DashId): Promise<GridApi<Row>> {
  const key = stringifyId(id);
  const api = mountedGrids.get(key);
  if (api !== undefined) return Promise.resolve(api);
  return new Promise((resolve) => gridWaiters.set(key, [...(gridWaiters.get(key) ?? []), resolve]));
}

function registerGrid(key: string, api: GridApi<Row>): void {
  mountedGrids.set(key, api);
  for (const resolve of gridWaiters.get(key) ?? []) resolve(api);
  gridWaiters.delete(key);
}

function cellEvent(event: CellClickedEvent<Row> | CellDoubleClickedEvent<Row>): CellEvent {
  return {
    value: event.value,
    colId: event.column.getColId(),
    rowIndex: event.rowIndex,
    rowId: event.node.id,
    timestamp: Date.now(),
  };
}

function compileRowIdOrWarn(source: string | undefined): RowIdFunction | undefined {
  if (source === undefined || source === null || source === "") return undefined;
  try {
    return compileRowId(source);
  } catch (err) {
    console.error(`dash_ag_grid.AgGrid: getRowId ${JSON.stringify(source)} is not supported:`, err);
    return undefined;
  }
}

export function AgGrid(props: AgGridProps): React.JSX.Element {
  const { id, style, className = DEFAULT_CLASS_NAME, dashGridOptions, columnDefs, defaultColDef } = props;
  const [api, setApi] = useState<GridApi<Row> | null>(null);

  // Grid event handlers are created once (a changed handler prop makes AgGridReact re-register
  // it) and read the latest props from here.
  const latest = useRef(props);
  latest.current = props;
  const mounted = useRef(true);
  const report = useCallback((changed: Partial<AgGridProps>) => {
    if (mounted.current) latest.current.setProps?.(changed);
  }, []);

  const rowIdOf = useMemo(() => compileRowIdOrWarn(props.getRowId), [props.getRowId]);
  const getRowId = useMemo(
    () => (rowIdOf === undefined ? undefined : (params: GetRowIdParams<Row>) => rowIdOf(params)),
    [rowIdOf],
  );

  // rowData that this component reported back (after transactions and edits) is what the grid
  // shows, or showed: passing it to the grid again would rebuild every row for nothing, and an
  // older report arriving after newer transactions would drop their rows.
  const reportedRowData = useRef(new WeakSet<Row[]>());
  const gridRowData = useRef(props.rowData);
  if (props.rowData === undefined || !reportedRowData.current.has(props.rowData)) gridRowData.current = props.rowData;

  const syncRowData = useCallback((gridApi: GridApi<Row>): Partial<AgGridProps> => {
    if (latest.current.rowData === undefined) return {};
    const rowData = gridRows(gridApi);
    reportedRowData.current.add(rowData);
    return { rowData, virtualRowData: displayedRows(gridApi) };
  }, []);

  const applySelection = useCallback(
    (gridApi: GridApi<Row>) => {
      const selection = latest.current.selectedRows;
      if (selection === undefined || selection === null) return;
      if (Array.isArray(selection) && jsonEqual(gridApi.getSelectedRows(), selection)) return;
      gridApi.deselectAll();
      gridApi.setNodesSelected({ nodes: nodesToSelect(gridApi, selection, rowIdOf), newValue: true });
    },
    [rowIdOf],
  );

  // rowTransaction: every value the renderer passes is applied once, in order; values that
  // arrive before the grid is ready wait for it.
  const seenTransaction = useRef<RowTransaction | null | undefined>(undefined);
  const queuedTransactions = useRef<RowTransaction[]>([]);
  // The grid announces each transaction as a row data update; the transaction's own report
  // below already carries what that update would report.
  const applyingTransactions = useRef(false);
  useEffect(() => {
    const tx = props.rowTransaction;
    if (tx && tx !== seenTransaction.current) {
      seenTransaction.current = tx;
      queuedTransactions.current.push(tx);
    }
    if (api === null || queuedTransactions.current.length === 0) return;
    const queue = queuedTransactions.current;
    queuedTransactions.current = [];
    applyingTransactions.current = true;
    try {
      for (const item of queue) {
        const gridTx = toGridTransaction(api, item, rowIdOf !== undefined);
        if (item.async === true) api.applyTransactionAsync(gridTx);
        else api.applyTransaction(gridTx);
      }
    } finally {
      applyingTransactions.current = false;
    }
    applySelection(api);
    report({ rowTransaction: null, ...syncRowData(api) });
  }, [props.rowTransaction, api, rowIdOf, applySelection, report, syncRowData]);

  useEffect(() => {
    if (api !== null) applySelection(api);
  }, [props.selectedRows, api, applySelection]);

  useEffect(() => {
    const model = props.filterModel;
    if (api === null || model === undefined || model === null) return;
    if (!jsonEqual(api.getFilterModel(), model)) api.setFilterModel(model);
  }, [props.filterModel, api]);

  const fitColumns = useCallback((gridApi: GridApi<Row>) => {
    const { columnSize, columnSizeOptions = {} } = latest.current;
    if (columnSize === "autoSize") {
      if (columnSizeOptions.keys) gridApi.autoSizeColumns(columnSizeOptions.keys, columnSizeOptions.skipHeader);
      else gridApi.autoSizeAllColumns(columnSizeOptions.skipHeader);
    } else if (columnSize === "sizeToFit" || columnSize === "responsiveSizeToFit") {
      const { defaultMinWidth, defaultMaxWidth, columnLimits } = columnSizeOptions;
      gridApi.sizeColumnsToFit({ defaultMinWidth, defaultMaxWidth, columnLimits });
    }
  }, []);

  useEffect(() => {
    if (api === null || !props.columnSize) return;
    fitColumns(api);
    if (props.columnSize !== "responsiveSizeToFit") report({ columnSize: null });
  }, [props.columnSize, props.columnSizeOptions, api, fitColumns, report]);

  useEffect(() => {
    const target = props.scrollTo;
    if (api === null || !target) return;
    const position = target.rowPosition ?? "top";
    if (typeof target.rowIndex === "number") {
      api.ensureIndexVisible(target.rowIndex, position);
    } else if (target.rowId !== undefined) {
      const node = api.getRowNode(String(target.rowId));
      if (node) api.ensureNodeVisible(node, position);
    } else if (target.data !== undefined) {
      const data = target.data;
      const wantedId = rowIdOf?.({ data });
      api.ensureNodeVisible((node) => (wantedId !== undefined ? node.id === wantedId : jsonEqual(node.data, data)), position);
    }
    if (target.column !== undefined) api.ensureColumnVisible(target.column, target.columnPosition ?? "auto");
    report({ scrollTo: null });
  }, [props.scrollTo, api, rowIdOf, report]);

  useEffect(() => {
    if (api === null || !props.exportDataAsCsv) return;
    api.exportDataAsCsv(props.csvExportParams);
    report({ exportDataAsCsv: false });
  }, [props.exportDataAsCsv, props.csvExportParams, api, report]);

  const idKey = id === undefined ? undefined : stringifyId(id);
  useEffect(() => {
    if (api === null || idKey === undefined) return;
    registerGrid(idKey, api);
    return () => {
      if (mountedGrids.get(idKey) === api) mountedGrids.delete(idKey);
    };
  }, [api, idKey]);

  useEffect(
    () => () => {
      mounted.current = false;
    },
    [],
  );

  const onGridReady = useCallback(
    (event: GridReadyEvent<Row>) => {
      setApi(event.api);
      report({ virtualRowData: displayedRows(event.api) });
    },
    [report],
  );

  const onRowDataUpdated = useCallback(() => {
    if (api === null || api.isDestroyed() || applyingTransactions.current) return;
    applySelection(api);
    if (latest.current.rowData !== undefined) report({ virtualRowData: displayedRows(api) });
  }, [api, applySelection, report]);

  // Transactions sent with `async: true` reach the rows later, in a batch.
  const onAsyncTransactionsFlushed = useCallback(() => {
    if (api === null || api.isDestroyed()) return;
    applySelection(api);
    const synced = syncRowData(api);
    if (synced.rowData !== undefined) report(synced);
  }, [api, applySelection, report, syncRowData]);

  const onSelectionChanged = useCallback(() => {
    if (api === null) return;
    const selectedRows = api.getSelectedRows();
    const current = latest.current.selectedRows;
    if (!(Array.isArray(current) && jsonEqual(selectedRows, current))) report({ selectedRows });
  }, [api, report]);

  const onCellClicked = useCallback((e: CellClickedEvent<Row>) => report({ cellClicked: cellEvent(e) }), [report]);
  const onCellDoubleClicked = useCallback(
    (e: CellDoubleClickedEvent<Row>) => report({ cellDoubleClicked: cellEvent(e) }),
    [report],
  );

  // Edits arrive one cell at a time (a paste or fill is many); report them together, once the
  // grid is done with the current change.
  const pendingEdits = useRef<CellValueChange[] | null>(null);
  const onCellValueChanged = useCallback(
    (e: CellValueChangedEvent<Row>) => {
      const change: CellValueChange = {
        rowIndex: e.rowIndex,
        rowId: e.node.id,
        data: e.data,
        oldValue: e.oldValue,
        value: e.newValue,
        colId: e.column.getColId(),
        timestamp: Date.now(),
      };
      if (pendingEdits.current !== null) {
        pendingEdits.current.push(change);
        return;
      }
      pendingEdits.current = [change];
      setTimeout(() => {
        const edits = pendingEdits.current ?? [];
        pendingEdits.current = null;
        report({ cellValueChanged: edits, ...syncRowData(e.api), virtualRowData: displayedRows(e.api) });
      }, 0);
    },
    [report, syncRowData],
  );

  const onFilterChanged = useCallback(() => {
    if (api === null) return;
    report({ filterModel: api.getFilterModel(), virtualRowData: displayedRows(api) });
  }, [api, report]);

  const onSortChanged = useCallback(() => {
    if (api !== null) report({ virtualRowData: displayedRows(api) });
  }, [api, report]);

  const onResponsiveResize = useCallback(() => {
    if (api !== null && latest.current.columnSize === "responsiveSizeToFit") fitColumns(api);
  }, [api, fitColumns]);

  const theme = useMemo(() => resolveTheme(dashGridOptions?.theme, className), [dashGridOptions?.theme, className]);
  const gridOptions = useMemo((): GridOptions<Row> => {
    const { theme: _theme, ...rest } = convertFunctions(dashGridOptions ?? {});
    return rest;
  }, [dashGridOptions]);
  const gridColumnDefs = useMemo(() => convertFunctions(columnDefs), [columnDefs]);
  const gridDefaultColDef = useMemo(() => convertFunctions(defaultColDef), [defaultColDef]);

  // AG Grid shows "Loading..." until it is given rowData; a grid that a stream fills through
  // rowTransaction would show it until the first rows arrive, so it starts empty instead
  // (`dashGridOptions.loading: true` shows the overlay on purpose).
  const clientSide = (gridOptions.rowModelType ?? "clientSide") === "clientSide";
  const rowData = gridRowData.current ?? (clientSide ? NO_ROWS : undefined);
  const height = gridOptions.domLayout === "autoHeight" ? undefined : 400;
  return (
    <div id={idKey} className={className} style={{ height, width: "100%", ...style }}>
      <AgGridReact<Row>
        containerStyle={{ height: "100%", width: "100%" }}
        {...gridOptions}
        theme={theme}
        columnDefs={gridColumnDefs}
        defaultColDef={gridDefaultColDef}
        rowData={rowData}
        getRowId={getRowId ?? gridOptions.getRowId}
        onGridReady={onGridReady}
        onRowDataUpdated={onRowDataUpdated}
        onAsyncTransactionsFlushed={onAsyncTransactionsFlushed}
        onSelectionChanged={onSelectionChanged}
        onCellClicked={onCellClicked}
        onCellDoubleClicked={onCellDoubleClicked}
        onCellValueChanged={onCellValueChanged}
        onFilterChanged={onFilterChanged}
        onSortChanged={onSortChanged}
        onGridSizeChanged={onResponsiveResize}
        onDisplayedColumnsChanged={onResponsiveResize}
      />
    </div>
  );
}
