// Production logging and metrics: a log line per stream start and end (callback, reason,
// duration, frames) through the server's logger, and the opt-in Prometheus endpoint, whose
// counters move with streams, frames, callback calls and errors.
import t from "tap";
import { App, html, Input, Output, streamProps, sleep, type EventCallbackContext } from "../lib/index.js";
import { eventually, postJson, readStream, startApp, updateRequest } from "./helpers/server.js";

const app = new App({ layout: html.Div() });
app.eventCallback(Input("three", "n_clicks"), function* () {
  for (let i = 0; i < 3; i++) yield streamProps("out", { children: i });
});
app.eventCallback(Input("fails", "n_clicks"), function* () {
  yield streamProps("out", { children: "before" });
  throw new Error("stream failed on purpose");
});
app.eventCallback(Input("endless", "n_clicks"), async function* (_n: unknown, ctx: EventCallbackContext) {
  for (;;) {
    yield streamProps("out", { children: "tick" });
    await sleep(20, ctx.signal);
  }
});
app.callback(Output("sum", "children"), Input("a", "value"), (a: number) => {
  if (a < 0) throw new Error("negative");
  return a + 1;
});

const ids = Object.fromEntries(app.registry.specs().map((spec) => [spec.inputs[0].id, spec.output]));

function metric(text: string, name: string, labels = ""): number {
  const line = text.split("\n").find((l) => l.startsWith(`${name}${labels ? `{${labels}}` : ""} `));
  return line === undefined ? 0 : Number(line.split(" ").at(-1));
}

t.test("stream start/end log lines and the /metrics counters", async (t) => {
  const lines: Array<Record<string, unknown>> = [];
  const server = await startApp(app, { metrics: true, logger: { level: "info", stream: { write: (line: string) => void lines.push(JSON.parse(line) as Record<string, unknown>) } } });
  t.teardown(() => server.close());

  await readStream(server.url, updateRequest(ids.three, [["three", "n_clicks", 1]]));
  await readStream(server.url, updateRequest(ids.fails, [["fails", "n_clicks", 1]]));
  t.equal((await postJson(server.url, "/_dash-update-component", updateRequest("sum.children", [["a", "value", 1]], { outputs: { id: "sum", property: "children" } }))).status, 200);
  t.equal((await postJson(server.url, "/_dash-update-component", updateRequest("sum.children", [["a", "value", -1]], { outputs: { id: "sum", property: "children" } }))).status, 500);

  // an endless stream is open while it is read, and ends when the client leaves
  const controller = new AbortController();
  const endless = await fetch(`${server.url}/dash_update_component_sse`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify(updateRequest(ids.endless, [["endless", "n_clicks", 1]])),
    signal: controller.signal,
  });
  const reader = endless.body!.getReader();
  await reader.read();
  const during = await (await fetch(`${server.url}/metrics`)).text();
  t.equal(metric(during, "dash_events_open_streams"), 1, "one stream open");
  controller.abort();
  await reader.read().catch(() => undefined);
  t.ok(await eventually(() => lines.some((l) => l.msg === "event callback stream ended" && l.reason === "client-closed"), 5000));

  const res = await fetch(`${server.url}/metrics`);
  t.match(res.headers.get("content-type"), /text\/plain/);
  const text = await res.text();
  const three = `callback="${ids.three}"`;
  const fails = `callback="${ids.fails}"`;
  t.equal(metric(text, "dash_events_open_streams"), 0);
  t.equal(metric(text, "dash_events_stream_frames_total", three), 3);
  t.equal(metric(text, "dash_events_streams_total", `${three},reason="done"`), 1);
  t.equal(metric(text, "dash_events_streams_total", `${fails},reason="error"`), 1);
  t.equal(metric(text, "dash_events_streams_total", `callback="${ids.endless}",reason="client-closed"`), 1);
  t.equal(metric(text, "dash_events_stream_duration_seconds_count", three), 1);
  t.equal(metric(text, "dash_events_callback_errors_total", fails), 1);
  t.equal(metric(text, "dash_events_callback_errors_total", `callback="sum.children"`), 1);
  t.equal(metric(text, "dash_events_callback_duration_seconds_count", `callback="sum.children"`), 2);

  const started = lines.filter((l) => l.msg === "event callback stream started");
  const ended = lines.filter((l) => l.msg === "event callback stream ended");
  t.equal(started.length, 3);
  t.match(ended, [
    { callback: ids.three, reason: "done", frames: 3, durationMs: Number },
    { callback: ids.fails, reason: "error", frames: 2, durationMs: Number },
    { callback: ids.endless, reason: "client-closed", durationMs: Number },
  ]);
  t.equal(ended[0].level, 30, "at info level");
});

t.test("no /metrics unless asked for", async (t) => {
  const server = await startApp(app);
  t.teardown(() => server.close());
  t.equal((await fetch(`${server.url}/metrics`)).status, 404);
});
