// `dash-events serve --mcp` as an agent sees it: an MCP SDK client (Streamable HTTP) against the
// real CLI process serving examples/agent-query.ts, with a bearer token from the environment.
import t from "tap";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import type { Progress } from "@modelcontextprotocol/sdk/types.js";
import { buildOnce, runCli } from "./helpers/cli.js";

buildOnce();

const TOKEN = "s3cret-token-for-tests";
process.env.DASH_EVENTS_MCP_TOKEN = TOKEN;
const run = runCli(t, ["serve", "examples/agent-query.ts", "--mcp", "--port", "0"]);
delete process.env.DASH_EVENTS_MCP_TOKEN;
const base = await run.url;
const endpoint = new URL("_mcp", base);

const INITIALIZE = { jsonrpc: "2.0", id: 1, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } } };
const MCP_HEADERS = { "content-type": "application/json", accept: "application/json, text/event-stream" };

async function connect(token = TOKEN): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  const transport = new StreamableHTTPClientTransport(endpoint, { requestInit: { headers: { authorization: `Bearer ${token}` } } });
  const client = new Client({ name: "dash-events-test", version: "1.0.0" });
  await client.connect(transport);
  t.teardown(() => client.close());
  return { client, transport };
}

interface Structured {
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
  content: Array<{ type: string; text?: string }>;
}

async function queryLog(client: Client): Promise<{ started: number; completed: number; cancelled: number }> {
  const result = (await client.callTool({ name: "query_log", arguments: {} })) as Structured;
  return result.structuredContent as { started: number; completed: number; cancelled: number };
}

/** Poll until `check` holds (the server's `finally` runs after the client's cancel arrives). */
async function until<T>(read: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
  for (let i = 0; ; i++) {
    const value = await read();
    if (check(value) || i > 100) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

t.test("a request without the token gets 401, a foreign Origin 403, and the endpoint keeps working", async (t) => {
  const bare = await fetch(endpoint, { method: "POST", headers: MCP_HEADERS, body: JSON.stringify(INITIALIZE) });
  t.equal(bare.status, 401);
  t.match(bare.headers.get("www-authenticate"), /^Bearer/);
  t.match(((await bare.json()) as { error: string }).error, /bearer token/);
  const wrong = await fetch(endpoint, { method: "POST", headers: { ...MCP_HEADERS, authorization: "Bearer nope" }, body: JSON.stringify(INITIALIZE) });
  t.equal(wrong.status, 401);
  const foreign = await fetch(endpoint, { method: "POST", headers: { ...MCP_HEADERS, authorization: `Bearer ${TOKEN}`, origin: "http://evil.example" }, body: JSON.stringify(INITIALIZE) });
  t.equal(foreign.status, 403);
  const foreignGet = await fetch(endpoint, { headers: { accept: "text/event-stream", authorization: `Bearer ${TOKEN}`, origin: "http://evil.example" } });
  t.equal(foreignGet.status, 403, "the GET stream is refused to a foreign page too");
  const own = await fetch(endpoint, { method: "POST", headers: { ...MCP_HEADERS, authorization: `Bearer ${TOKEN}`, origin: base.replace(/\/$/, "") }, body: JSON.stringify(INITIALIZE) });
  t.equal(own.status, 200, "the app's own page may use it");
  t.ok(own.headers.get("mcp-session-id"));
  await own.body?.cancel();
  const noSession = await fetch(endpoint, { method: "POST", headers: { ...MCP_HEADERS, authorization: `Bearer ${TOKEN}` }, body: JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/list" }) });
  t.equal(noSession.status, 400);
  const { client } = await connect();
  t.ok((await client.listTools()).tools.length > 0);
});

t.test("tools carry JSON Schemas from the suites' metadata and the layout", async (t) => {
  const { client } = await connect();
  const { tools } = await client.listTools();
  t.same(tools.map((tool) => tool.name).sort(), ["estimate_rows", "query_log", "run_query"]);
  const estimate = tools.find((tool) => tool.name === "estimate_rows")!;
  t.match(estimate.description, /Estimate how many rows/);
  const props = estimate.inputSchema.properties as Record<string, Record<string, unknown>>;
  t.match(props["sample.value"], { type: "number", minimum: 1, maximum: 100, default: 10 });
  t.same(props["region.value"].enum, ["north", "south", "east", "west"], "a non-clearable Dropdown: one of its options");
  t.match(props["region.value"].description, /dcc\.Dropdown "region" value \(Region to scan\)/);
  const query = tools.find((tool) => tool.name === "run_query")!;
  const queryProps = query.inputSchema.properties as Record<string, Record<string, unknown>>;
  t.match(queryProps["run.n_clicks"], { type: "integer", minimum: 0 });
  t.match(queryProps["run.n_clicks"].description, /Run query/, "a button is described by its caption");
  t.same(Object.keys(queryProps), ["run.n_clicks", "region.value", "sample.value"]);
});

t.test("a regular callback runs as the page would run it", async (t) => {
  const { client } = await connect();
  const result = (await client.callTool({ name: "estimate_rows", arguments: { "region.value": "east", "sample.value": 50 } })) as Structured;
  t.notOk(result.isError);
  t.same(result.structuredContent, { "estimate.children": "A query of east at 50% scans 500 rows." });
  t.match(result.content[0].text, /estimate\.children = "A query of east at 50% scans 500 rows\."/);
  const defaults = (await client.callTool({ name: "estimate_rows", arguments: {} })) as Structured;
  t.same(defaults.structuredContent, { "estimate.children": "A query of north at 10% scans 100 rows." }, "left-out arguments take the layout's values");
  const bad = (await client.callTool({ name: "estimate_rows", arguments: { "sample.value": 500 } })) as Structured;
  t.ok(bad.isError);
  t.match(bad.content[0].text, /sample\.value.*<= 100/);
  const unknown = (await client.callTool({ name: "estimate_rows", arguments: { "nope.value": 1 } })) as Structured;
  t.ok(unknown.isError);
  t.match(unknown.content[0].text, /nope\.value.*expected keys: region\.value, sample\.value/);
});

t.test("an event callback streams every frame as a progress notification, in order", async (t) => {
  const { client } = await connect();
  const progress: Progress[] = [];
  const result = (await client.callTool({ name: "run_query", arguments: { "run.n_clicks": 1, "region.value": "south", "sample.value": 20 } }, undefined, {
    onprogress: (p) => progress.push(p),
  })) as Structured;
  t.notOk(result.isError, result.content[0]?.text ?? "");
  t.same(progress.map((p) => p.progress), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  t.same(progress.slice(0, 10).map((p) => /Scanned (\d+)%/.exec(p.message ?? "")?.[1]), ["10", "20", "30", "40", "50", "60", "70", "80", "90", "100"]);
  t.match(progress[10].message, /result\.children = "Total sales in south/);
  t.match(result.structuredContent, {
    "progress.style": { width: "100%" },
    "status.children": "Scanned 100% of 200 rows in south",
    "result.children": "Total sales in south (20% sample): 1400",
  });
});

t.test("cancelling a streaming call ends the run: its finally runs on the server", async (t) => {
  const { client } = await connect();
  const before = await queryLog(client);
  const controller = new AbortController();
  const seen: number[] = [];
  const call = client.callTool({ name: "run_query", arguments: { "run.n_clicks": 1 } }, undefined, {
    signal: controller.signal,
    onprogress: (p) => {
      seen.push(p.progress);
      if (p.progress === 3) controller.abort("enough");
    },
  });
  await t.rejects(call);
  const after = await until(() => queryLog(client), (log) => log.cancelled > before.cancelled);
  t.equal(after.cancelled, before.cancelled + 1, "the generator's finally counted a cancelled run");
  t.equal(after.completed, before.completed, "the run did not complete");
  t.ok(seen.length >= 3 && seen.length < 11);
});

t.test("a client that goes away mid-stream ends its run too", async (t) => {
  const { client: observer } = await connect();
  const before = await queryLog(observer);
  const { client, transport } = await connect();
  let closing: Promise<void> | undefined;
  const call = client.callTool({ name: "run_query", arguments: { "run.n_clicks": 1 } }, undefined, {
    onprogress: (p) => {
      // the transport aborts its open requests: the server sees the response close, not a cancel
      if (p.progress === 2) closing ??= transport.close();
    },
  });
  await t.rejects(call);
  await closing;
  const after = await until(() => queryLog(observer), (log) => log.cancelled > before.cancelled);
  t.equal(after.cancelled, before.cancelled + 1);
});

t.test("resources: the layout and each component with its prop schema", async (t) => {
  const { client } = await connect();
  const { resources } = await client.listResources();
  const uris = resources.map((r) => r.uri);
  t.ok(uris.includes("dash://layout"));
  t.ok(uris.includes("dash://components/sample"));
  const layout = await client.readResource({ uri: "dash://layout" });
  t.match((layout.contents[0] as { text: string }).text, /"type": "Slider"/);
  const sliderContents = (await client.readResource({ uri: "dash://components/sample" })).contents[0] as { text: string };
  const slider = JSON.parse(sliderContents.text) as Record<string, unknown>;
  t.match(slider, { id: "sample", type: "Slider", namespace: "dash_core_components", props: { min: 1, max: 100, value: 10 } });
  t.match((slider.propSchema as Record<string, unknown>).value, { type: "number", minimum: 1, maximum: 100 });
  await t.rejects(client.readResource({ uri: "dash://components/nope" }), /Unknown resource/);
});

t.test("the process stops cleanly", async (t) => {
  run.kill("SIGINT");
  t.equal((await run.exit).code, 0);
});
