// Flash's "endless stream": an event callback that never ends on its own, extending a dcc.Graph
// ten times a second with `extendData` (the graph keeps the last MAX_POINTS points per trace, so
// neither the page nor the server grows). The Live switch starts and stops it. Run it with
//   npx dash-events serve examples/ticker.ts
import { App, dcc, dmc, eventCallback, Input, sleep, streamProps } from "dash-events";
import { mantinePage } from "./data/mantine.js";

/** Points kept per trace: older ones scroll out of the graph. */
export const MAX_POINTS = 300;
const TICK_MS = 100;
const SYMBOLS = ["ACME", "GLOBEX", "INITECH"] as const;
const START_PRICES = [100, 50, 20];

export const ids = { live: "ticker-live", graph: "ticker-graph", status: "ticker-status" } as const;

export const content = dmc.Stack(
  [
    dmc.Title("An endless ticker", { order: 2 }),
    dmc.Group([
      dmc.Switch({ id: ids.live, label: "Live", checked: false, size: "md" }),
      dmc.Text("Paused", { id: ids.status, size: "sm", ff: "monospace" }),
    ]),
    dcc.Graph({
      id: ids.graph,
      style: { height: "60vh" },
      config: { displayModeBar: false },
      figure: {
        data: SYMBOLS.map((name) => ({ type: "scatter", mode: "lines", name, x: [], y: [] })),
        layout: { margin: { l: 40, r: 10, t: 10, b: 30 }, xaxis: { type: "date" }, yaxis: { title: { text: "price" } } },
      },
    }),
  ],
  { gap: "md" },
);

/** One step of a random walk, rounded to cents and kept above 1. */
function step(price: number): number {
  return Math.max(1, Math.round((price * (1 + (Math.random() - 0.5) * 0.01)) * 100) / 100);
}

eventCallback(
  Input(ids.live, "checked"),
  async function* (live, ctx) {
    if (live !== true) return;
    const prices = [...START_PRICES];
    for (let tick = 1; ; tick++) {
      const now = new Date().toISOString();
      prices.forEach((price, index) => (prices[index] = step(price)));
      yield streamProps([
        // extendData: [new points per trace, which traces, how many points to keep]
        [ids.graph, { extendData: [{ x: prices.map(() => [now]), y: prices.map((price) => [price]) }, SYMBOLS.map((_, i) => i), MAX_POINTS] }],
        [ids.status, { children: `tick ${tick} · ${SYMBOLS.map((name, i) => `${name} ${prices[i].toFixed(2)}`).join(" · ")}` }],
      ]);
      await sleep(TICK_MS, ctx.signal);
    }
  },
  {
    // The stream runs only while the switch is on; turning it off ends the run.
    cancel: { input: Input(ids.live, "checked"), whileEquals: true },
    resetProps: { [ids.status]: { children: "Paused" } },
  },
);

export default new App({ title: "dash-events: endless ticker", layout: mantinePage(content) });
