/**
 * The measured live-callbacks server (run as a child process by bench/server-live.ts): an App
 * with `liveCallbacks`, and two regular callbacks.
 *
 * - `done.children` ← `go.n_clicks`: an async callback (a sync one's setProps fold into its answer):
 *   five `setProps` of `progress`, then its answer (round trip);
 * - `read.children` ← `rd.n_clicks`: one `await ctx.getProp("name", "value")`, answering with the
 *   time that took on the server's clock (getProp round trip).
 */
import { performance } from "node:perf_hooks";
import { App, html, Input, Output, type CallbackContext } from "../../dist/lib/index.js";
import { serveControl } from "./control.js";

const app = new App({
  layout: html.Div([html.Button("go", { id: "go" }), html.Div({ id: "progress" }), html.Div({ id: "done" }), html.Button("rd", { id: "rd" }), html.Div({ id: "read" }), html.Div({ id: "name" })]),
  liveCallbacks: true,
  // the bench's pages answer getProp; a slow answer is a figure, not a failure
  liveReplyTimeoutMs: 30_000,
});

app.callback(Output("done", "children"), Input("go", "n_clicks"), async (n: unknown, ctx: CallbackContext) => {
  await Promise.resolve();
  for (let i = 1; i <= 5; i++) ctx.setProps("progress", { children: `${i * 20} %` });
  return `done ${String(n)}`;
});

app.callback(Output("read", "children"), Input("rd", "n_clicks"), async (_n: unknown, ctx: CallbackContext) => {
  const started = performance.now();
  await ctx.getProp("name", "value");
  return performance.now() - started;
});

const { url } = await app.listen({ port: 0, logger: false });
serveControl(url);
