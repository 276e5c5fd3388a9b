// An app meant for AI agents as much as for people: a query over a table, streamed chunk by chunk
// with a progress bar. With `mcp: true` (or `dash-events serve --mcp`) an agent connected to
// http://127.0.0.1:8050/_mcp sees `estimate_rows` (a regular callback) and `run_query` (an event
// callback: each chunk arrives as a progress notification), with the region dropdown's options and
// the sample slider's range in their input schemas. Run it with
//   npx dash-events serve examples/agent-query.ts --mcp
import { App, dcc, eventCallback, callback, html, Input, Output, sleep, State, streamProps } from "dash-events";

export const REGIONS = ["north", "south", "east", "west"] as const;
/** Rows per region: a stand-in for a table the query scans. */
const ROWS_PER_REGION = 1000;
const CHUNK_MS = 40;

export const ids = {
  region: "region",
  sample: "sample",
  estimate: "estimate",
  run: "run",
  progress: "progress",
  status: "status",
  result: "result",
} as const;

/** What the runs did so far: the `query_log` tool reports it (a cancelled run is counted by its `finally`). */
export const queryLog = { started: 0, completed: 0, cancelled: 0 };

const layout = html.Div(
  [
    html.H2("Regional sales query"),
    html.Label("Region", { htmlFor: ids.region }),
    dcc.Dropdown({ id: ids.region, options: REGIONS.map((r) => ({ label: r, value: r })), value: "north", clearable: false, placeholder: "Region to scan" }),
    html.Label("Sample size (% of rows)", { htmlFor: ids.sample }),
    dcc.Slider({ id: ids.sample, min: 1, max: 100, step: 1, value: 10 }),
    html.Div({ id: ids.estimate }),
    html.Button("Run query", { id: ids.run, n_clicks: 0 }),
    html.Div(html.Div({ id: ids.progress, style: { width: "0%", height: "100%", background: "#4c6ef5" } }), {
      style: { height: "8px", background: "#e9ecef", margin: "8px 0" },
    }),
    html.Div("Idle", { id: ids.status }),
    html.Pre({ id: ids.result }),
  ],
  { style: { maxWidth: "40rem", margin: "2rem auto", fontFamily: "sans-serif" } },
);

/** How many rows a query of `region` at `sample`% scans. */
function rowsFor(sample: number): number {
  return Math.max(1, Math.round((ROWS_PER_REGION * sample) / 100));
}

callback(
  Output(ids.estimate, "children"),
  Input(ids.region, "value"),
  Input(ids.sample, "value"),
  function estimate_rows(region: unknown, sample: unknown) {
    return `A query of ${String(region)} at ${Number(sample)}% scans ${rowsFor(Number(sample))} rows.`;
  },
  { mcp: { description: "Estimate how many rows a query of a region at a sample size scans, without running it." } },
);

eventCallback(
  Input(ids.run, "n_clicks"),
  State(ids.region, "value"),
  State(ids.sample, "value"),
  async function* run_query(_clicks: unknown, region: unknown, sample: unknown, ctx) {
    queryLog.started += 1;
    let finished = false;
    try {
      const rows = rowsFor(Number(sample));
      const chunks = 10;
      let total = 0;
      for (let chunk = 1; chunk <= chunks; chunk++) {
        await sleep(CHUNK_MS, ctx.signal);
        // a deterministic stand-in for summing the chunk's sales
        total += Math.round((rows / chunks) * (REGIONS.indexOf(region as (typeof REGIONS)[number]) + 1) * 3.5);
        yield streamProps([
          [ids.progress, { style: { width: `${chunk * 10}%`, height: "100%", background: "#4c6ef5" } }],
          [ids.status, { children: `Scanned ${chunk * 10}% of ${rows} rows in ${String(region)}` }],
        ]);
      }
      yield streamProps(ids.result, { children: `Total sales in ${String(region)} (${Number(sample)}% sample): ${total}` });
      finished = true;
    } finally {
      if (finished) queryLog.completed += 1;
      else queryLog.cancelled += 1;
    }
  },
  {
    resetProps: { [ids.status]: { children: "Cancelled" } },
    mcp: { description: "Run the sales query for the chosen region and sample size. Progress arrives as notifications; the result holds the total." },
  },
);

const app = new App({ title: "dash-events: agent query", layout, mcp: true });

app.mcpTool(() => ({ ...queryLog }), {
  name: "query_log",
  description: "How many query runs started, completed and were cancelled since the server started.",
});

export default app;
