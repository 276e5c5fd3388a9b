// dash-events/testing, as a user imports it (the package's own name, through its exports map):
// regular callbacks with values from the layout or given, setProps, PreventUpdate and errors;
// event callbacks' frames in order, errors, and a run that ends when the loop is left early.
import t from "tap";
import { App, html, dcc, Input, Output, State, callback, eventCallback, setProps, streamProps, sleep, PreventUpdate, type EventCallbackContext } from "dash-events";
import { createTestClient } from "dash-events/testing";

const app = new App({
  layout: html.Div([
    html.Button("Go", { id: "go" }),
    dcc.Input({ id: "name", value: "Ann" }),
    html.Div({ id: "out" }),
    html.Div({ id: "log" }),
  ]),
});
let finallyRan = false;
let signalAborted = false;

callback(Output("out", "children"), Input("go", "n_clicks"), State("name", "value"), (n: number, name: string) => {
  if (n === 0) throw new PreventUpdate();
  if (n < 0) throw new Error("negative clicks");
  setProps("log", { children: `clicked by ${name}` });
  return `${name}: ${n}`;
});
eventCallback(Input("go", "n_clicks"), async function* (n: number, ctx: EventCallbackContext) {
  yield streamProps("out", { children: "start" });
  yield streamProps([["out", { children: `n=${n}` }], ["go", { disabled: true }]]);
  if (n === 2) throw new Error("stream boom");
  if (n === 3) {
    try {
      for (let i = 0; ; i++) {
        yield streamProps("out", { children: i });
        await sleep(5, ctx.signal);
      }
    } finally {
      finallyRan = true;
      signalAborted = ctx.signal.aborted;
    }
  }
}, { resetProps: { go: { disabled: false } } });

const client = createTestClient(app);
t.teardown(() => client.close());

t.test("a regular callback: State read from the layout, or given; setProps; PreventUpdate; errors", async (t) => {
  t.strictSame(await client.callback(Input("go", "n_clicks"), 1), {
    outputs: { out: { children: "Ann: 1" } },
    sideUpdates: { log: { children: "clicked by Ann" } },
    prevented: false,
  });
  const given = await client.callback(Input("go", "n_clicks"), 2, { values: [[State("name", "value"), "Bo"]] });
  t.strictSame(given.outputs, { out: { children: "Bo: 2" } });
  t.equal((await client.callback(Input("go", "n_clicks"), 0)).prevented, true);
  await t.rejects(client.callback(Input("go", "n_clicks"), -1), /negative clicks/);
  await t.rejects(client.callback(Input("name", "n_clicks"), 1), /name\.n_clicks is not an Input of any regular callback/);
});

t.test("an event callback: every frame in order, then the end", async (t) => {
  const frames = [];
  for await (const frame of client.stream(Input("go", "n_clicks"), 1)) frames.push(frame);
  t.strictSame(frames, [
    ["[SINGLE]", "out", { children: "start" }],
    ["[BATCH]", null, [["out", { children: "n=1" }], ["go", { disabled: true }]]],
  ]);
});

t.test("an event callback that fails ends with its error frame and resetProps", async (t) => {
  const frames = [];
  for await (const frame of client.stream(Input("go", "n_clicks"), 2)) frames.push(frame);
  t.equal(frames.length, 3);
  t.match(frames[2], ["[ERROR]", null, { error: /stream boom/, reset_props: [["go", { disabled: false }]] }]);
});

t.test("leaving the loop early ends the run: its finally runs and its signal aborts", async (t) => {
  let seen = 0;
  for await (const frame of client.stream(Input("go", "n_clicks"), 3)) {
    if (frame[0] === "[SINGLE]" && typeof frame[2].children === "number" && ++seen === 3) break;
  }
  const until = Date.now() + 5000;
  while (!finallyRan && Date.now() < until) await sleep(10);
  t.equal(finallyRan, true);
  t.equal(signalAborted, true);
});
