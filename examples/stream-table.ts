// The seed's "Basic Event Callback", in TypeScript: Start streams the gapminder table into an
// AG Grid in chunks of 500 rows. The first chunk sets rowData and columnDefs, later chunks add
// rows with a rowTransaction; a notification follows each full chunk. The button shows a loader
// while the stream runs and "Reload" when it is done; Cancel ends the stream, and the page then
// applies resetProps. Run it with
//   npx dash-events serve examples/stream-table.ts
import { App, dag, dmc, eventCallback, Input, streamProps } from "dash-events";
import { gapminder, gapminderChunks } from "./data/gapminder.js";
import { mantinePage, notify } from "./data/mantine.js";

const CHUNK_SIZE = 500;

/** Ids, prefixed so that the gallery can put every example on one page. */
export const ids = {
  start: "table-start",
  cancel: "table-cancel",
  status: "table-status",
  grid: "table-grid",
} as const;

/** The example's content; `mantinePage` adds the provider and the notification container. */
export const content = dmc.Stack(
  [
    dmc.Title("Streaming a table", { order: 2 }),
    dmc.Text(
      `The gapminder table (vega-datasets) arrives in chunks of ${CHUNK_SIZE} rows, one every 2 s, as from a slow source.`,
      { c: "dimmed" },
    ),
    dmc.Group([
      dmc.Button("Start", { id: ids.start, variant: "gradient", gradient: { from: "grape", to: "violet", deg: 35 } }),
      dmc.Button("Cancel", { id: ids.cancel, color: "red", variant: "outline", display: "none" }),
      dmc.Text("No data yet", { id: ids.status, size: "sm" }),
    ]),
    dag.AgGrid({
      id: ids.grid,
      rowData: [],
      style: { height: "60vh", width: "100%" },
      dashGridOptions: {
        pagination: true,
        paginationPageSize: 100,
        paginationPageSizeSelector: false,
        // no columns yet (they come with the first chunk): say so rather than show a loader
        loading: false,
        overlayNoRowsTemplate: "Press Start to stream the gapminder table",
      },
      defaultColDef: { sortable: true, filter: true, flex: 1 },
    }),
  ],
  { gap: "md" },
);

eventCallback(
  Input(ids.start, "n_clicks"),
  async function* (_clicks, ctx) {
    yield streamProps([
      [ids.start, { loading: true }],
      [ids.cancel, { display: "block" }],
      [ids.status, { children: "Waiting for the first chunk…" }],
    ]);

    const total = (await gapminder()).length;
    let received = 0;
    for await (const { rows, columns } of gapminderChunks(CHUNK_SIZE, ctx.signal)) {
      // The first chunk replaces the grid's rows (so Reload starts over); later ones append.
      const update =
        received === 0 ? { rowData: rows, columnDefs: columns.map((field) => ({ field })) } : { rowTransaction: { add: rows } };
      received += rows.length;
      yield streamProps([
        [ids.grid, update],
        [ids.status, { children: `${received} of ${total} rows` }],
      ]);
      if (rows.length === CHUNK_SIZE) yield notify("Chunk received", `Processed ${received} rows`, "violet");
    }

    yield streamProps([
      [ids.start, { loading: false, children: "Reload" }],
      [ids.cancel, { display: "none" }],
      [ids.status, { children: `Done: ${received} rows` }],
    ]);
    yield notify("Finished", "All rows are in the grid.", "lime");
  },
  {
    cancel: Input(ids.cancel, "n_clicks"),
    resetProps: {
      [ids.start]: { loading: false },
      [ids.cancel]: { display: "none" },
      [ids.status]: { children: "Cancelled" },
    },
  },
);

export default new App({ title: "dash-events: streaming a table", layout: mantinePage(content) });
