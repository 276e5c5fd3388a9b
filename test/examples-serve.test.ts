// Every example starts under `dash-events serve` and answers Dash's layout and dependencies
// requests: the layout has the example's components, the dependencies its event callbacks.
import t from "tap";
import { buildOnce, runCli } from "./helpers/cli.js";

buildOnce();

interface Spec {
  output: string;
  inputs: Array<{ id: unknown; property: string }>;
  stream?: boolean;
  cancel?: Array<{ id: unknown; property: string; value?: unknown }>;
}

/** For each example: ids its layout must hold, and the "id.prop" inputs of its event callbacks. */
const EXAMPLES: Record<string, { ids: string[]; streams: string[] }> = {
  "stream-table": { ids: ["table-start", "table-cancel", "table-grid", "notifications"], streams: ["table-start.n_clicks"] },
  "stream-sql": { ids: ["sql-start", "sql-cancel", "sql-order", "sql-grid"], streams: ["sql-start.n_clicks"] },
  cicd: { ids: ["cicd-tabs", "cicd-run", "cicd-reset", "cicd-stepper", '{"index":0,"type":"cicd-step"}'], streams: ["cicd-run.n_clicks"] },
  ticker: { ids: ["ticker-live", "ticker-graph"], streams: ["ticker-live.checked"] },
  tokens: { ids: ["tokens-prompt", "tokens-start", "tokens-stop", "tokens-answer"], streams: ["tokens-start.n_clicks"] },
  gallery: {
    ids: ["gallery-tabs", "table-grid", "sql-grid", "cicd-stepper", "ticker-graph", "tokens-answer"],
    streams: ["cicd-run.n_clicks", "sql-start.n_clicks", "table-start.n_clicks", "ticker-live.checked", "tokens-start.n_clicks"],
  },
};

/** Every id in a layout, object ids as sorted-key JSON. */
function idsIn(node: unknown, found: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((child) => idsIn(child, found));
  else if (node && typeof node === "object") {
    const props = (node as { props?: Record<string, unknown> }).props;
    if (props) {
      const id = props.id;
      if (typeof id === "string") found.push(id);
      else if (id && typeof id === "object") {
        found.push(JSON.stringify(Object.fromEntries(Object.entries(id).sort(([a], [b]) => a.localeCompare(b)))));
      }
      Object.values(props).forEach((value) => idsIn(value, found));
    }
  }
  return found;
}

for (const [name, expected] of Object.entries(EXAMPLES)) {
  t.test(`examples/${name}.ts serves its layout and callbacks`, async (t) => {
    const run = runCli(t, ["serve", `examples/${name}.ts`, "--port", "0"]);
    const url = await run.url;
    const layoutResponse = await fetch(new URL("_dash-layout", url));
    t.equal(layoutResponse.status, 200);
    const ids = idsIn(await layoutResponse.json());
    for (const id of expected.ids) t.ok(ids.includes(id), `the layout has ${id}`);
    t.equal(new Set(ids).size, ids.length, "no id appears twice");

    const specs = (await (await fetch(new URL("_dash-dependencies", url))).json()) as Spec[];
    const streams = specs
      .filter((spec) => spec.stream === true)
      .map((spec) => spec.inputs.map((input) => `${String(input.id)}.${input.property}`).join(","))
      .sort();
    t.same(streams, expected.streams, "its event callbacks");
    const index = await (await fetch(url)).text();
    t.match(index, /<script src="\/_dash-events\/dash-events-renderer\.js"><\/script>/);

    run.kill("SIGINT");
    t.equal((await run.exit).code, 0);
  });
}
