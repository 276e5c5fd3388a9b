// The dash-events demo: a regular callback, an event callback that streams progress (with a
// cancel button and resetProps), and Patch appends. Run it with
//   npx dash-events serve examples/demo.ts
// and open http://127.0.0.1:8050/.
import {
  App,
  Input,
  Output,
  Patch,
  State,
  callback,
  eventCallback,
  type EventCallbackContext,
  html,
  setProps,
  sleep,
  streamProps,
} from "dash-events";

const STEPS = 20;

const card = { border: "1px solid #ddd", borderRadius: 8, padding: 16, marginBottom: 16 };

const app = new App({
  title: "dash-events demo",
  layout: html.Div(
    [
      html.H1("dash-events demo"),

      html.Section(
        [
          html.H2("A regular callback"),
          html.Button("Click me", { id: "clicker" }),
          html.P("Not clicked yet", { id: "click-count" }),
          html.P("", { id: "click-note", style: { color: "#666" } }),
        ],
        { style: card },
      ),

      html.Section(
        [
          html.H2("An event callback"),
          html.P("Streams one update per step; Cancel ends the run and resets the page."),
          html.Button("Start", { id: "start" }),
          html.Button("Cancel", { id: "cancel", disabled: true, style: { marginLeft: 8 } }),
          html.Div(html.Progress({ id: "progress", max: STEPS, value: 0, style: { width: "100%" } })),
          html.Div("Idle", { id: "status" }),
          html.Ul([], { id: "steps", style: { maxHeight: 160, overflowY: "auto" } }),
        ],
        { style: card },
      ),

      html.Section(
        [
          html.H2("Patch: append without resending"),
          html.Button("Add an item", { id: "add-item" }),
          html.Ol([], { id: "items" }),
        ],
        { style: card },
      ),
    ],
    { style: { fontFamily: "system-ui, sans-serif", maxWidth: 720, margin: "24px auto" } },
  ),
});

// A regular callback: one output, plus a side update of another component with setProps.
callback(Output("click-count", "children"), Input("clicker", "n_clicks"), (clicks: number | undefined) => {
  if (clicks) setProps("click-note", { children: `Last click at ${new Date().toLocaleTimeString()}` });
  return clicks ? `Clicked ${clicks} time${clicks === 1 ? "" : "s"}` : "Not clicked yet";
});

// An event callback: every `yield` reaches the browser at once. Clicking Start again restarts
// the run; Cancel ends it, and the client then applies resetProps.
eventCallback(
  Input("start", "n_clicks"),
  async function* (_clicks: number | undefined, ctx: EventCallbackContext) {
    yield streamProps([
      ["start", { disabled: true }],
      ["cancel", { disabled: false }],
      ["steps", { children: [] }],
      ["status", { children: "Working…" }],
    ]);
    for (let step = 1; step <= STEPS; step++) {
      await sleep(150, ctx.signal);
      yield streamProps({
        batch: [
          ["progress", { value: step }],
          ["status", { children: `Step ${step} of ${STEPS}` }],
          // Patch: append one list item instead of resending the whole list.
          ["steps", { children: new Patch().append(html.Li(`step ${step} done`)) }],
        ],
      });
    }
    yield streamProps([
      ["start", { disabled: false, children: "Run again" }],
      ["cancel", { disabled: true }],
      ["status", { children: "Done" }],
    ]);
  },
  {
    cancel: Input("cancel", "n_clicks"),
    resetProps: {
      start: { disabled: false },
      cancel: { disabled: true },
      progress: { value: 0 },
      status: { children: "Cancelled" },
    },
  },
);

// Patch in a regular callback: the output only carries the new item.
callback(
  Output("items", "children"),
  Input("add-item", "n_clicks"),
  State("items", "children"),
  (clicks: number, items: unknown) => {
    const count = Array.isArray(items) ? items.length : 0;
    return new Patch().append(html.Li(`item ${count + 1} (click ${clicks})`));
  },
  { preventInitialCall: true },
);

export default app;
