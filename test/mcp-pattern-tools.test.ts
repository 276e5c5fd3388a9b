// Pattern-matching callbacks as MCP tools: a MATCH callback's tool takes which instance to run
// (`match`: the MATCH keys' values present in the layout), its MATCH arguments one value and its
// ALLSMALLER ones the values of the components before it; an ALL callback's tool takes one value
// per matching component. The SDK's client calls them against a real port.
import t from "tap";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ALL, ALLSMALLER, App, callback, dcc, html, Input, MATCH, Output, State, type CallbackContext } from "../lib/index.js";
import { startApp } from "./helpers/server.js";

const rows = [0, 1, 2].map((index) =>
  html.Div([dcc.Slider({ id: { type: "qty", index }, min: 0, max: 10, step: 1, value: index + 1 }), html.Div({ id: { type: "line", index } })]),
);
const app = new App({ title: "Rows", layout: html.Div([...rows, html.Div({ id: "total" })]), mcp: true });
callback(
  Output({ type: "line", index: MATCH }, "children"),
  Input({ type: "qty", index: MATCH }, "value"),
  State({ type: "qty", index: ALLSMALLER }, "value"),
  function describe_row(qty: number, before: number[], ctx: CallbackContext) {
    const sum = before.reduce((a, b) => a + b, 0);
    return `row ${JSON.stringify(ctx.triggeredId)}: ${qty}, ${sum} before it`;
  },
);
callback(Output("total", "children"), Input({ type: "qty", index: ALL }, "value"), function sum_all(values: number[], ctx: CallbackContext) {
  return `${values.reduce((a, b) => a + b, 0)} (changed: ${Object.keys(ctx.triggeredPropIds).length})`;
});

const started = await startApp(app);
t.teardown(started.close);
const client = new Client({ name: "pattern-test", version: "1" });
await client.connect(new StreamableHTTPClientTransport(new URL("/_mcp", started.url)));
t.teardown(() => client.close());

interface Structured {
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
  content: Array<{ type: string; text?: string }>;
}

t.test("a MATCH callback is a tool whose match argument lists the layout's instances", async (t) => {
  const { tools } = await client.listTools();
  const tool = tools.find((candidate) => candidate.name === "describe_row");
  t.ok(tool, "listed");
  const schema = tool!.inputSchema as { required?: string[]; properties: Record<string, Record<string, unknown>> };
  t.same(schema.required, ["match"]);
  t.same((schema.properties.match.properties as Record<string, { enum: unknown[] }>).index.enum, [0, 1, 2]);
  t.match(schema.properties['{"index":["MATCH"],"type":"qty"}.value'], { type: "number", minimum: 0, maximum: 10 }, "typed from the Slider");
  t.match(schema.properties['{"index":["ALLSMALLER"],"type":"qty"}.value'], { type: "array", items: { type: "number" } });
});

t.test("calling it runs the chosen instance, ALLSMALLER taking the components before it", async (t) => {
  const result = (await client.callTool({ name: "describe_row", arguments: { match: { index: 2 }, '{"index":["MATCH"],"type":"qty"}.value': 7 } })) as Structured;
  t.notOk(result.isError, result.content[0]?.text ?? "");
  t.same(result.structuredContent, { '{"index":2,"type":"line"}.children': 'row {"index":2,"type":"qty"}: 7, 3 before it' }, "rows 0 and 1 hold 1 and 2 in the layout");
  const first = (await client.callTool({ name: "describe_row", arguments: { match: { index: 0 } } })) as Structured;
  t.same(first.structuredContent, { '{"index":0,"type":"line"}.children': "row null: 1, 0 before it" }, "left-out values come from that instance; nothing changed");
  const given = (await client.callTool({ name: "describe_row", arguments: { match: { index: 1 }, '{"index":["ALLSMALLER"],"type":"qty"}.value': [9] } })) as Structured;
  t.match(given.structuredContent?.['{"index":1,"type":"line"}.children'], /: 2, 9 before it/);
});

t.test("a match that is not in the layout, or missing, is a tool error naming the instances", async (t) => {
  const wrong = (await client.callTool({ name: "describe_row", arguments: { match: { index: 7 } } })) as Structured;
  t.ok(wrong.isError);
  t.match(wrong.content[0].text, /match/);
  const missing = (await client.callTool({ name: "describe_row", arguments: {} })) as Structured;
  t.ok(missing.isError);
  t.match(missing.content[0].text, /match/);
});

t.test("an ALL callback takes one value per matching component; the given ones changed", async (t) => {
  const result = (await client.callTool({ name: "sum_all", arguments: { '{"index":["ALL"],"type":"qty"}.value': [4, 5, 6] } })) as Structured;
  t.same(result.structuredContent, { "total.children": "15 (changed: 3)" });
  const defaults = (await client.callTool({ name: "sum_all", arguments: {} })) as Structured;
  t.same(defaults.structuredContent, { "total.children": "6 (changed: 0)" });
});
