// Every example of dash-events on one page, one tab each: the seed's streaming table (and its
// SQL variant), the CI/CD pipeline, the endless ticker and the token stream. This is what
// `npm start` serves:
//   npx dash-events serve examples/gallery.ts
// Each example is also an app of its own (`npx dash-events serve examples/cicd.ts`, ...). Their
// callbacks are registered when their modules load, so importing a module is enough to bring its
// callbacks into the gallery's app; their ids are prefixed so they never collide.
import { App, clientsideCallback, dcc, dmc, html, Input, Output, State } from "dash-events";
import { content as cicd } from "./cicd.js";
import { mantinePage } from "./data/mantine.js";
import { content as sql } from "./stream-sql.js";
import { content as table } from "./stream-table.js";
import { content as ticker } from "./ticker.js";
import { content as tokens } from "./tokens.js";

/** The tabs, in order: value (also the URL hash that opens it), label, content, source file. */
const EXAMPLES = [
  { value: "table", label: "Streaming table", content: table, file: "examples/stream-table.ts" },
  { value: "sql", label: "SQL query", content: sql, file: "examples/stream-sql.ts" },
  { value: "cicd", label: "CI/CD pipeline", content: cicd, file: "examples/cicd.ts" },
  { value: "ticker", label: "Ticker", content: ticker, file: "examples/ticker.ts" },
  { value: "tokens", label: "Tokens", content: tokens, file: "examples/tokens.ts" },
] as const;

export const ids = { tabs: "gallery-tabs", url: "gallery-url" } as const;

const layout = mantinePage([
  dcc.Location({ id: ids.url }),
  dmc.Group(
    [
      dmc.Title("dash-events gallery", { order: 1 }),
      dmc.Text("Event callbacks stream updates into Dash components over Server-Sent Events.", { c: "dimmed" }),
    ],
    { justify: "space-between", mb: "md" },
  ),
  dmc.Tabs(
    [
      dmc.TabsList(EXAMPLES.map(({ value, label }) => dmc.TabsTab(label, { value, id: `gallery-tab-${value}` }))),
      ...EXAMPLES.map(({ value, content, file }) =>
        dmc.TabsPanel(
          [
            html.Div(content, { style: { paddingTop: 16 } }),
            dmc.Text(["Source: ", dmc.Code(file), " · run it alone with ", dmc.Code(`npx dash-events serve ${file}`)], {
              size: "xs",
              c: "dimmed",
              mt: "lg",
            }),
          ],
          { value },
        ),
      ),
    ],
    // keepMounted (Mantine's default): hidden tabs stay mounted, so a grid filled by a stream
    // keeps its rows while another tab is open.
    { id: ids.tabs, value: "table", keepMounted: true },
  ),
]);

// Open the tab named by the URL hash (e.g. /#ticker), so each example has a link of its own.
clientsideCallback(
  `function (hash, current) {
    var wanted = (hash || "").replace(/^#/, "");
    return ${JSON.stringify(EXAMPLES.map((e) => e.value))}.indexOf(wanted) >= 0 ? wanted : current;
  }`,
  Output(ids.tabs, "value"),
  Input(ids.url, "hash"),
  State(ids.tabs, "value"),
);

export default new App({ title: "dash-events gallery", layout });
