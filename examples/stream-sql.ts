// The seed's "realistic" variant: a SQL query's rows streamed in partitions into an AG Grid.
// The database is a real embedded SQLite (better-sqlite3). Rows are read from the query's cursor
// one partition at a time, so cancelling the stream stops the query itself: the cursor closes
// and no further row is read. Run it with
//   npx dash-events serve examples/stream-sql.ts
import { App, dag, dmc, eventCallback, Input, State, streamProps } from "dash-events";
import { mantinePage, notify } from "./data/mantine.js";
import { gapminderDb, queryInPartitions } from "./data/sqlite.js";

const PARTITION_SIZE = 100;

/** Orderings offered to the user; the SQL text only ever comes from this table. */
const ORDERINGS: Record<string, string> = {
  year: "year, country",
  country: "country, year",
  population: "pop desc",
};

export const ids = {
  start: "sql-start",
  cancel: "sql-cancel",
  order: "sql-order",
  status: "sql-status",
  query: "sql-query",
  grid: "sql-grid",
} as const;

function querySql(order: string): string {
  return `select country, year, pop, life_expect, fertility from gapminder order by ${ORDERINGS[order] ?? ORDERINGS.year}`;
}

export const content = dmc.Stack(
  [
    dmc.Title("Streaming a SQL query", { order: 2 }),
    dmc.Text(`Rows of a SQLite query, sent in partitions of ${PARTITION_SIZE} as the cursor reads them.`, { c: "dimmed" }),
    dmc.Group([
      dmc.SegmentedControl({ id: ids.order, data: Object.keys(ORDERINGS), value: "year" }),
      dmc.Button("Run query", { id: ids.start }),
      dmc.Button("Cancel", { id: ids.cancel, color: "red", variant: "outline", display: "none" }),
      dmc.Text("Not run yet", { id: ids.status, size: "sm" }),
    ]),
    dmc.Code(querySql("year"), { id: ids.query, block: true }),
    dag.AgGrid({
      id: ids.grid,
      rowData: [],
      style: { height: "55vh", width: "100%" },
      dashGridOptions: {
        pagination: true,
        paginationPageSize: 100,
        paginationPageSizeSelector: false,
        // no columns yet (they come with the first chunk): say so rather than show a loader
        loading: false,
        overlayNoRowsTemplate: "Press Run query to stream its rows",
      },
      defaultColDef: { flex: 1 },
    }),
  ],
  { gap: "md" },
);

eventCallback(
  Input(ids.start, "n_clicks"),
  State(ids.order, "value"),
  async function* (_clicks, order, ctx) {
    const sql = querySql(String(order));
    yield streamProps([
      [ids.start, { loading: true }],
      [ids.cancel, { display: "block" }],
      [ids.query, { children: sql }],
      [ids.status, { children: "Running…" }],
    ]);

    const db = await gapminderDb();
    let received = 0;
    let partitions = 0;
    // A pause of 300 ms between partitions stands in for a remote database, so the stream can be watched.
    for await (const { rows, columns } of queryInPartitions(db, sql, [], PARTITION_SIZE, ctx.signal, 300)) {
      const update =
        received === 0 ? { rowData: rows, columnDefs: columns.map((field) => ({ field })) } : { rowTransaction: { add: rows } };
      received += rows.length;
      partitions += 1;
      yield streamProps([
        [ids.grid, update],
        [ids.status, { children: `Partition ${partitions}: ${received} rows` }],
      ]);
    }

    yield streamProps([
      [ids.start, { loading: false, children: "Run again" }],
      [ids.cancel, { display: "none" }],
      [ids.status, { children: `Done: ${received} rows in ${partitions} partitions` }],
    ]);
    yield notify("Query finished", `${received} rows`, "lime");
  },
  {
    cancel: Input(ids.cancel, "n_clicks"),
    resetProps: {
      [ids.start]: { loading: false },
      [ids.cancel]: { display: "none" },
      [ids.status]: { children: "Cancelled: the query was stopped" },
    },
  },
);

export default new App({ title: "dash-events: streaming a SQL query", layout: mantinePage(content) });
