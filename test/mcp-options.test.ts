// The MCP endpoint of an App built in-process (a real port): opt-outs and names of callback
// tools, configureMcp, mcpTool, clientside sources, errors in callbacks, Patches in streamed
// frames, pattern-matching ALL inputs, and server close ending a streaming call.
import t from "tap";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { ALL, App, callback, clientsideCallback, dcc, eventCallback, html, Input, Output, Patch, sleep, State, streamProps } from "../lib/index.js";
import { startApp, getPath } from "./helpers/server.js";

interface Result {
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
  content: Array<{ type: string; text?: string }>;
}

async function connect(t: { teardown(fn: () => unknown): void }, url: string, path = "/_mcp"): Promise<Client> {
  const client = new Client({ name: "test", version: "1" });
  await client.connect(new StreamableHTTPClientTransport(new URL(path, url)));
  t.teardown(() => client.close());
  return client;
}

let finallies = 0;

function makeApp(): App {
  const layout = html.Div([
    html.Button("Go", { id: "go" }),
    dcc.Input({ id: "name", placeholder: "Your name", value: "Ada" }),
    dcc.DatePickerSingle({ id: "day", date: "2026-01-02" }),
    dcc.Dropdown({ id: "pick", options: ["a", "b"], value: "a" }),
    html.Div({ id: "out" }),
    html.Div({ id: "hidden-out" }),
    html.Div({ id: "fail-out" }),
    html.Div("start", { id: "log" }),
    html.Div({ id: { type: "cell", index: 0 }, title: "x" }),
    html.Div({ id: { type: "cell", index: 1 }, title: "y" }),
    html.Div({ id: "cells-out" }),
    html.Div({ id: "client-out" }),
  ]);
  const app = new App({ layout, mcp: true });
  callback(Output("out", "children"), [Input("go", "n_clicks")], [State("name", "value"), State("day", "date")], (n, name, day) => `hello ${String(name)} on ${String(day)} (${String(n)})`, { mcp: { name: "greet", description: "Greets someone" } });
  callback(Output("hidden-out", "children"), Input("pick", "value"), (v) => v, { mcp: false });
  callback(Output("fail-out", "children"), Input("pick", "value"), function explode() {
    throw new Error("secret database password in this message");
  });
  callback(Output("cells-out", "children"), Input({ type: "cell", index: ALL }, "title"), function join_cells(titles: unknown) {
    return (titles as string[]).join("+");
  });
  eventCallback(Input("go", "n_clicks"), async function* append_log(_n, ctx) {
    try {
      for (let i = 1; i <= 3; i++) {
        yield streamProps("log", { children: new Patch().add(` ${i}`) });
        await sleep(10, ctx.signal);
      }
      yield streamProps("log", { title: "done" });
      // a second phase that only a cancel or the server's close ends
      if (ctx.signal.aborted === false && (await waitForever(ctx.signal))) return;
    } finally {
      finallies += 1;
    }
  }, { mcp: { name: "append_log" } });
  clientsideCallback("function (n) { return 'clicked ' + n; }", Output("client-out", "children"), Input("go", "n_clicks"));
  app.mcpTool(function add({ a, b }) {
    return { sum: Number(a) + Number(b) };
  }, { description: "Adds two numbers", inputSchema: { type: "object", properties: { a: { type: "number" }, b: { type: "number" } }, required: ["a", "b"] } });
  return app;
}

/** Resolves false when the run is cancelled (the signal aborts); never resolves true. */
function waitForever(signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => signal.addEventListener("abort", () => resolve(false), { once: true }));
}

t.test("tools: names, opt-outs, schemas of dates, inputs and ALL dependencies", async (t) => {
  const started = await startApp(makeApp());
  t.teardown(started.close);
  const client = await connect(t, started.url);
  const { tools } = await client.listTools();
  const names = tools.map((tool) => tool.name).sort();
  t.same(names, ["add", "append_log", "explode", "greet", "join_cells"], "mcp: false leaves a callback out; clientside callbacks are not tools");
  const greet = tools.find((tool) => tool.name === "greet")!;
  t.equal(greet.description, "Greets someone");
  const props = greet.inputSchema.properties as Record<string, Record<string, unknown>>;
  t.match(props["day.date"], { type: "string", format: "date", default: "2026-01-02" });
  t.match(props["name.value"].description, /dcc\.Input "name" value \(Your name\)/);
  const cells = (tools.find((tool) => tool.name === "join_cells")!.inputSchema.properties as Record<string, Record<string, unknown>>)['{"index":["ALL"],"type":"cell"}.title'];
  t.equal(cells.type, "array");
  t.match(cells.description, /\{"index":0,"type":"cell"\}, \{"index":1,"type":"cell"\}/);

  const greeted = (await client.callTool({ name: "greet", arguments: { "go.n_clicks": 2, "name.value": "Grace" } })) as Result;
  t.same(greeted.structuredContent, { "out.children": "hello Grace on 2026-01-02 (2)" });
  const joined = (await client.callTool({ name: "join_cells", arguments: {} })) as Result;
  t.same(joined.structuredContent, { "cells-out.children": "x+y" }, "an ALL input takes the matching components' values from the layout");
  const joined2 = (await client.callTool({ name: "join_cells", arguments: { '{"index":["ALL"],"type":"cell"}.title': ["p", "q"] } })) as Result;
  t.same(joined2.structuredContent, { "cells-out.children": "p+q" });
  const sum = (await client.callTool({ name: "add", arguments: { a: 2, b: 3 } })) as Result;
  t.same(sum.structuredContent, { sum: 5 });
  const badSum = (await client.callTool({ name: "add", arguments: { a: 2 } })) as Result;
  t.ok(badSum.isError);
  t.match(badSum.content[0].text, /must have required property 'b'/);
  await t.rejects(client.callTool({ name: "nope", arguments: {} }), /Unknown tool/);
});

t.test("an error in a callback is a terse tool error outside debug mode, detailed in it", async (t) => {
  for (const debug of [false, true]) {
    const started = await startApp(makeApp(), { debug });
    t.teardown(started.close);
    const client = await connect(t, started.url);
    const result = (await client.callTool({ name: "explode", arguments: { "pick.value": "b" } })) as Result;
    t.ok(result.isError);
    if (debug) t.match(result.content[0].text, /secret database password/);
    else {
      t.notMatch(result.content[0].text, /secret/);
      t.match(result.content[0].text, /Callback fail-out\.children failed \(error id \w+/);
    }
    t.equal((await getPath(started.url, "/_dash-layout")).status, 200, "the server keeps working");
  }
});

t.test("a streamed Patch folds into the final value; server close ends a run and its finally runs", async (t) => {
  const started = await startApp(makeApp(), { shutdownTimeoutMs: 2000 });
  const client = await connect(t, started.url);
  const messages: string[] = [];
  let closing: Promise<void> | undefined;
  const before = finallies;
  const call = client.callTool({ name: "append_log", arguments: { "go.n_clicks": 1 } }, undefined, {
    onprogress: (p) => {
      messages.push(p.message ?? "");
      if (p.progress === 4) closing ??= started.close();
    },
  });
  const result = (await call) as Result;
  await closing;
  t.ok(result.isError);
  t.match(result.content[0].text, /the server is shutting down; this event callback run was ended/);
  t.match(result.structuredContent, { "log.children": "start 1 2 3", "log.title": "done" }, "the props the run set before");
  t.same(messages, ['log.children = "start 1"', 'log.children = "start 1 2"', 'log.children = "start 1 2 3"', 'log.title = "done"']);
  t.equal(finallies, before + 1, "closing the server closed the generator (its finally ran before close() resolved)");
});

t.test("configureMcp decides what is exposed; clientside sources are resources", async (t) => {
  const app = makeApp();
  const started = await startApp(app);
  t.teardown(started.close);
  const client = await connect(t, started.url);
  const { resources } = await client.listResources();
  const clientside = resources.find((r) => r.uri.startsWith("dash://clientside/"))!;
  t.ok(clientside);
  const source = (await client.readResource({ uri: clientside.uri })).contents[0] as { text: string };
  t.equal(source.text, "function (n) { return 'clicked ' + n; }");

  const other = makeApp().configureMcp({ includeLayout: false, includeComponents: false, includeCallbacks: false, includeClientside: false, path: "/agents" });
  const started2 = await startApp(other);
  t.teardown(started2.close);
  t.equal((await fetch(`${started2.url}/_mcp`, { method: "POST" })).status, 404, "the path moved");
  const client2 = await connect(t, started2.url, "/agents");
  t.same((await client2.listResources()).resources, []);
  t.same((await client2.listTools()).tools.map((tool) => tool.name), ["add"], "plain tools stay");
  await t.rejects(client2.readResource({ uri: "dash://layout" }), /Unknown resource/);

  const off = await startApp(new App({ layout: html.Div("x") }));
  t.teardown(off.close);
  t.equal((await fetch(`${off.url}/_mcp`, { method: "POST" })).status, 404, "off by default");
  await t.rejects(new App({ layout: html.Div("x"), mcp: { tokn: "x" } as never }).createServer({ logger: false }), /unknown option "tokn"/);
  const badName = new App({ layout: html.Div("x"), mcp: true }).callback(Output("o", "children"), Input("i", "value"), (v) => v, { mcp: { name: 5 } as never });
  await t.rejects(badName.createServer({ logger: false }), /the mcp option must be false or \{ name\?: string/, "a bad callback mcp option fails at start-up");
});
