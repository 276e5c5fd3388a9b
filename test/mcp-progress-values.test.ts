// What a streaming tool's progress notifications and result hold for values that are not plain
// JSON as yielded (components, NaN, undefined, dates, pattern ids), as the page's frames would
// hold them, and a yield over the app's frame size limit ending the call with a tool error.
import t from "tap";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Progress } from "@modelcontextprotocol/sdk/types.js";
import { App, eventCallback, html, Input, streamProps } from "../lib/index.js";
import { startApp } from "./helpers/server.js";

interface Result {
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
  content: Array<{ type: string; text?: string }>;
}

const DAY = new Date("2026-03-04T05:06:07.000Z");

function makeApp(): App {
  const app = new App({
    layout: html.Div([html.Button("Go", { id: "go" }), html.Button("Big", { id: "big" }), html.Div({ id: "out" }), html.Div({ id: { type: "cell", index: 1 } })]),
    mcp: true,
    maxFrameBytes: 2000,
  });
  eventCallback(Input("go", "n_clicks"), function* values() {
    yield streamProps("out", { children: html.Span("hi", { id: "span" }), title: undefined, hidden: false });
    yield streamProps([
      ["out", { title: Number.NaN, style: { width: "50%", nested: [1, "two", null] } }],
      [{ type: "cell", index: 1 }, { title: DAY }],
    ]);
    yield streamProps("out", { n_clicks: 42 });
    yield streamProps("out", { title: 'a "quoted"\nline \\ é' });
  }, { mcp: { name: "values" } });
  eventCallback(Input("big", "n_clicks"), function* big() {
    yield streamProps("out", { children: "small" });
    yield streamProps("out", { children: "é".repeat(1500) });
    yield streamProps("out", { children: "never sent" });
  }, { mcp: { name: "big" } });
  return app;
}

async function connect(t: { teardown(fn: () => unknown): void }, url: string): Promise<Client> {
  const client = new Client({ name: "test", version: "1" });
  await client.connect(new StreamableHTTPClientTransport(new URL("/_mcp", url)));
  t.teardown(() => client.close());
  return client;
}

t.test("values reach the agent as their JSON: components, NaN as null, undefined left out, dates as strings", async (t) => {
  const started = await startApp(makeApp());
  t.teardown(started.close);
  const client = await connect(t, started.url);
  const progress: Progress[] = [];
  const result = (await client.callTool({ name: "values", arguments: { "go.n_clicks": 1 } }, undefined, { onprogress: (p) => progress.push(p) })) as Result;
  t.notOk(result.isError, result.content[0]?.text ?? "");
  t.equal(progress.length, 4);
  // the SDK's client hands onprogress the notification's params, its _meta included (untyped there)
  const props = progress.map((p) => (p as Progress & { _meta: Record<string, Record<string, unknown>> })._meta["dash-events/props"]);
  const span = { type: "Span", namespace: "dash_html_components", props: { children: "hi", id: "span" } };
  t.same(props[0], { "out.children": span, "out.hidden": false }, "a component as its JSON; an undefined prop is left out, as the page's frame leaves it out");
  t.same(props[1], { "out.title": null, "out.style": { width: "50%", nested: [1, "two", null] }, '{"index":1,"type":"cell"}.title': DAY.toISOString() });
  t.match(progress[0].message, /^out\.children = \{"type":"Span"/);
  t.match(progress[1].message, /out\.title = null, out\.style = \{"width":"50%".*\}, \{"index":1,"type":"cell"\}\.title = "2026-03-04T05:06:07\.000Z"/);
  t.equal(progress[2].message, "out.n_clicks = 42");
  t.same(props[2], { "out.n_clicks": 42 });
  t.equal(progress[3].message, 'out.title = "a \\"quoted\\"\\nline \\\\ é"', "the message shows the value's JSON");
  t.same(props[3], { "out.title": 'a "quoted"\nline \\ é' });
  t.same(result.structuredContent, {
    "out.children": span,
    "out.hidden": false,
    "out.title": 'a "quoted"\nline \\ é',
    "out.n_clicks": 42,
    "out.style": { width: "50%", nested: [1, "two", null] },
    '{"index":1,"type":"cell"}.title': DAY.toISOString(),
  });
});

t.test("a yield over maxFrameBytes ends the call with a tool error naming the limit", async (t) => {
  const started = await startApp(makeApp());
  t.teardown(started.close);
  const client = await connect(t, started.url);
  const progress: Progress[] = [];
  const result = (await client.callTool({ name: "big", arguments: { "big.n_clicks": 1 } }, undefined, { onprogress: (p) => progress.push(p) })) as Result;
  t.ok(result.isError);
  t.match(result.content[0].text, /yielded a frame of 30\d\d bytes, over the limit of 2000 bytes/, "é is two bytes in UTF-8: the limit is on bytes");
  t.equal(progress.length, 1, "the frame over the limit was not sent");
  t.same(result.structuredContent, { "out.children": "small" }, "nor folded into the state");
});
