/**
 * The measured server of bench/server-mcp.ts (a child process): one App with its MCP endpoint on,
 * whose callbacks are reached both ways — by the page's endpoints and as MCP tools.
 *
 * - `echo.children` ← `btn.n_clicks`: a trivial regular callback (tool `echo`);
 * - `burst.n_clicks`: an event callback yielding `--frames` tiny updates (tool `burst`).
 */
import { App, html, Input, Output, streamProps } from "../../dist/lib/index.js";
import { parseArgs } from "../lib/args.js";
import { serveControl } from "./control.js";

const args = parseArgs();
const frames = args.number("frames", 10_000);

const app = new App({
  layout: html.Div([html.Button("go", { id: "burst" }), html.Button("btn", { id: "btn" }), html.Div({ id: "out" }), html.Div({ id: "echo" })]),
  mcp: true,
});

app.callback(Output("echo", "children"), Input("btn", "n_clicks"), function echo(n: unknown) {
  return `clicked ${String(n)}`;
});

app.eventCallback(Input("burst", "n_clicks"), function* burst() {
  for (let i = 0; i < frames; i++) yield streamProps("out", { children: i });
});

const { url } = await app.listen({ port: 0, logger: false });
// `cpu`: the process's CPU time (µs), read before and after a block of calls: the server's own cost per call
serveControl(url, { cpu: () => process.cpuUsage() });
