// The MCP endpoint's own answers to tools/call and ping (lib/mcp/direct-requests.ts), as a client
// without the SDK sees them on the wire: a real `serve --mcp` process, raw HTTP. What the SDK's
// transport would refuse is refused as it refuses it; calls answer as JSON or as an SSE stream of
// progress then the answer; a cancel notification and a client that goes away end a run; a
// call that sends nothing for a while keeps its connection open.
import t from "tap";
import { App, eventCallback, html, Input, sleep, streamProps } from "../lib/index.js";
import { buildOnce, runCli } from "./helpers/cli.js";
import { startApp } from "./helpers/server.js";

buildOnce();

const run = runCli(t, ["serve", "examples/agent-query.ts", "--mcp", "--port", "0"]);
const endpoint = new URL("_mcp", await run.url);

const HEADERS = { "content-type": "application/json", accept: "application/json, text/event-stream", "mcp-protocol-version": "2025-06-18" };

interface RpcAnswer {
  jsonrpc: string;
  id: string | number | null;
  result?: Record<string, unknown>;
  error?: { code: number; message: string };
}

/** A new session: initialize, then the initialized notification; its id. */
async function openSession(): Promise<string> {
  const init = await fetch(endpoint, {
    method: "POST",
    headers: HEADERS,
    body: JSON.stringify({ jsonrpc: "2.0", id: 0, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } } }),
  });
  const session = init.headers.get("mcp-session-id");
  await init.body?.cancel();
  if (!session) throw new Error(`initialize answered ${init.status} without a session`);
  const initialized = await fetch(endpoint, { method: "POST", headers: { ...HEADERS, "mcp-session-id": session }, body: JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }) });
  await initialized.body?.cancel();
  return session;
}

function post(session: string, body: string, headers: Record<string, string> = {}, signal?: AbortSignal): Promise<Response> {
  return fetch(endpoint, { method: "POST", headers: { ...HEADERS, "mcp-session-id": session, ...headers }, body, signal });
}

/** The `data` of each SSE event in a body. */
function events(text: string): RpcAnswer[] {
  return text
    .split("\n\n")
    .filter((block) => block.includes("data: "))
    .map((block) => JSON.parse(block.slice(block.indexOf("data: ") + 6)) as RpcAnswer);
}

/** Read an SSE body event by event; `onEvent` returns true to stop reading. */
async function readEvents(res: Response, onEvent: (message: RpcAnswer) => boolean | void): Promise<void> {
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  let buffered = "";
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    buffered += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buffered.indexOf("\n\n")) >= 0) {
      const block = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      if (!block.includes("data: ")) continue;
      if (onEvent(JSON.parse(block.slice(block.indexOf("data: ") + 6)) as RpcAnswer) === true) {
        await reader.cancel();
        return;
      }
    }
  }
}

async function queryLog(session: string): Promise<{ started: number; completed: number; cancelled: number }> {
  const res = await post(session, JSON.stringify({ jsonrpc: "2.0", id: "log", method: "tools/call", params: { name: "query_log", arguments: {} } }));
  return (((await res.json()) as RpcAnswer).result as { structuredContent: { started: number; completed: number; cancelled: number } }).structuredContent;
}

/** Poll until `check` holds (a run's `finally` runs after the cancel or the close arrives). */
async function until<T>(read: () => Promise<T>, check: (value: T) => boolean): Promise<T> {
  for (let i = 0; ; i++) {
    const value = await read();
    if (check(value) || i > 100) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

t.test("a call without progress is answered as one JSON body carrying the session id; ping too", async (t) => {
  const session = await openSession();
  const res = await post(session, JSON.stringify({ jsonrpc: "2.0", id: 7, method: "tools/call", params: { name: "estimate_rows", arguments: { "region.value": "west", "sample.value": 30 } } }));
  t.equal(res.status, 200);
  t.match(res.headers.get("content-type"), /^application\/json/);
  t.equal(res.headers.get("mcp-session-id"), session);
  const answer = (await res.json()) as RpcAnswer;
  t.match(answer, { jsonrpc: "2.0", id: 7, result: { structuredContent: { "estimate.children": "A query of west at 30% scans 300 rows." } } });
  const byName = await post(session, JSON.stringify({ jsonrpc: "2.0", id: "call-a", method: "tools/call", params: { name: "estimate_rows", arguments: {} } }));
  t.equal(((await byName.json()) as RpcAnswer).id, "call-a", "a string id comes back as it was sent");
  const ping = await post(session, JSON.stringify({ jsonrpc: "2.0", id: 8, method: "ping" }));
  t.equal(ping.status, 200);
  t.same(await ping.json(), { jsonrpc: "2.0", id: 8, result: {} });
});

t.test("a streaming call with a progressToken answers an SSE stream: every frame as progress, in order, then the result", async (t) => {
  const session = await openSession();
  const res = await post(session, JSON.stringify({ jsonrpc: "2.0", id: 9, method: "tools/call", params: { name: "run_query", arguments: { "run.n_clicks": 1, "region.value": "east", "sample.value": 10 }, _meta: { progressToken: "tok" } } }));
  t.equal(res.status, 200);
  t.match(res.headers.get("content-type"), /^text\/event-stream/);
  t.equal(res.headers.get("mcp-session-id"), session);
  const messages = events(await res.text());
  const progress = messages.filter((m) => (m as { method?: string }).method === "notifications/progress");
  const params = progress.map((m) => (m as unknown as { params: { progressToken: string; progress: number; message: string; _meta: Record<string, Record<string, unknown>> } }).params);
  t.same(params.map((p) => p.progress), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  t.ok(params.every((p) => p.progressToken === "tok"), "each carries the request's token");
  t.match(params[0].message, /status\.children = "Scanned 10% of 100 rows in east"/);
  t.same(params[0]._meta["dash-events/props"]["status.children"], "Scanned 10% of 100 rows in east", "the props also as values");
  const last = messages.at(-1)!;
  t.equal(last.id, 9, "the answer comes last");
  t.match(last.result, { structuredContent: { "result.children": "Total sales in east (10% sample): 1050" } });
});

t.test("what the SDK's transport refuses is refused the same way", async (t) => {
  const session = await openSession();
  const call = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "estimate_rows", arguments: {} } });

  const unknown = await post("0f6c4b8e-0000-4000-8000-000000000000", call);
  t.equal(unknown.status, 404, "an unknown session");
  t.match(await unknown.json(), { jsonrpc: "2.0", id: null, error: { code: -32001 } });

  const version = await post(session, call, { "mcp-protocol-version": "1999-01-01" });
  t.equal(version.status, 400, "a protocol version the server does not speak");
  t.match(await version.json(), { error: { code: -32000, message: /Unsupported protocol version: 1999-01-01/ } });

  const malformed = await post(session, '{"jsonrpc":"2.0","id":1,"method":"tools/call",');
  t.equal(malformed.status, 400, "a body that is not JSON");
  t.match(await malformed.json(), { jsonrpc: "2.0", id: null, error: { code: -32700, message: /^Parse error/ } });

  const notRpc = await post(session, JSON.stringify({ jsonrpc: "2.0", id: 1, method: "tools/call", params: { name: "estimate_rows" }, extra: true }));
  t.equal(notRpc.status, 400, "a message that is not JSON-RPC (a key of its own)");
  t.match(await notRpc.json(), { error: { code: -32700 } });

  const accept = await post(session, call, { accept: "application/json" });
  t.equal(accept.status, 406, "a client that does not take SSE");

  const noName = await post(session, JSON.stringify({ jsonrpc: "2.0", id: 2, method: "tools/call", params: { arguments: {} } }));
  t.match(await noName.json(), { jsonrpc: "2.0", id: 2, error: { code: Number, message: /name/ } }, "a tools/call without a name: the SDK's own error");

  const tool = await post(session, JSON.stringify({ jsonrpc: "2.0", id: 3, method: "tools/call", params: { name: "no_such_tool", arguments: {} } }));
  t.equal(tool.status, 200);
  t.match(await tool.json(), { jsonrpc: "2.0", id: 3, error: { code: -32602, message: /Unknown tool "no_such_tool"/ } }, "an unknown tool: invalid params");

  const args = await post(session, JSON.stringify({ jsonrpc: "2.0", id: 4, method: "tools/call", params: { name: "estimate_rows", arguments: { "sample.value": "lots" } } }));
  const bad = (await args.json()) as RpcAnswer;
  t.equal(bad.result?.isError, true, "arguments that do not fit the schema: a tool error");
  t.match((bad.result?.content as Array<{ text: string }>)[0].text, /Invalid arguments for estimate_rows: argument "sample\.value" must be number/);

  const after = await post(session, call);
  t.equal(after.status, 200, "the session still works after all that");
  t.match(await after.json(), { id: 1, result: { structuredContent: { "estimate.children": "A query of north at 10% scans 100 rows." } } });
});

t.test("notifications/cancelled ends a call's run: its finally runs, no answer comes", async (t) => {
  const session = await openSession();
  const before = await queryLog(session);
  const res = await post(session, JSON.stringify({ jsonrpc: "2.0", id: 21, method: "tools/call", params: { name: "run_query", arguments: { "run.n_clicks": 1 }, _meta: { progressToken: 21 } } }));
  t.equal(res.status, 200);
  const seen: RpcAnswer[] = [];
  let cancelled: Promise<Response> | undefined;
  await readEvents(res, (message) => {
    seen.push(message);
    if (seen.length === 2) {
      cancelled = post(session, JSON.stringify({ jsonrpc: "2.0", method: "notifications/cancelled", params: { requestId: 21, reason: "enough" } }));
    }
  });
  // the stream may end before the notification's own answer is back (a loaded machine)
  t.equal((await cancelled)?.status, 202, "the notification is accepted");
  t.ok(seen.length >= 2 && seen.length < 11, `the stream ended early (${seen.length} events)`);
  t.notOk(seen.some((m) => m.id === 21), "a cancelled request gets no answer");
  const after = await until(() => queryLog(session), (log) => log.cancelled > before.cancelled);
  t.equal(after.cancelled, before.cancelled + 1, "the generator's finally counted a cancelled run");
  t.equal(after.completed, before.completed);
});

t.test("a client that goes away mid-call ends the run", async (t) => {
  const session = await openSession();
  const before = await queryLog(session);
  const controller = new AbortController();
  const res = await post(session, JSON.stringify({ jsonrpc: "2.0", id: 31, method: "tools/call", params: { name: "run_query", arguments: { "run.n_clicks": 1 }, _meta: { progressToken: 31 } } }), {}, controller.signal);
  let count = 0;
  await t.rejects(
    readEvents(res, () => {
      // the connection closes under the response: the server sees the client go
      if (++count === 2) controller.abort();
    }),
  );
  const after = await until(() => queryLog(session), (log) => log.cancelled > before.cancelled);
  t.equal(after.cancelled, before.cancelled + 1);
  t.equal(after.completed, before.completed);
});

t.test("a session ended with DELETE is gone for calls", async (t) => {
  const session = await openSession();
  const ended = await fetch(endpoint, { method: "DELETE", headers: { ...HEADERS, "mcp-session-id": session } });
  t.equal(ended.status, 200, "a DELETE with a JSON type and no body is no parse error");
  const res = await post(session, JSON.stringify({ jsonrpc: "2.0", id: 1, method: "ping" }));
  t.equal(res.status, 404);
});

t.test("a call that sends nothing for a while keeps its connection open with SSE comments, then answers on that stream", async (t) => {
  const app = new App({ layout: html.Div([html.Button("Go", { id: "go" }), html.Div({ id: "out" })]), mcp: true, pingIntervalMs: 40 });
  eventCallback(Input("go", "n_clicks"), async function* slow(_n, ctx) {
    await sleep(250, ctx.signal);
    yield streamProps("out", { children: "late" });
  }, { mcp: { name: "slow" } });
  const started = await startApp(app);
  t.teardown(started.close);
  const own = new URL("/_mcp", started.url);
  const init = await fetch(own, {
    method: "POST",
    headers: HEADERS,
    body: JSON.stringify({ jsonrpc: "2.0", id: 0, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } } }),
  });
  const session = init.headers.get("mcp-session-id")!;
  await init.body?.cancel();
  const res = await fetch(own, { method: "POST", headers: { ...HEADERS, "mcp-session-id": session }, body: JSON.stringify({ jsonrpc: "2.0", id: 5, method: "tools/call", params: { name: "slow", arguments: {} } }) });
  t.match(res.headers.get("content-type"), /^text\/event-stream/, "the stream started before the answer was known");
  const text = await res.text();
  t.match(text, /^: keepalive\n\n/, "a keep-alive comment came first");
  t.match(events(text), [{ id: 5, result: { structuredContent: { "out.children": "late" } } }], "then the answer, as an event");
});

t.test("the process stops cleanly", async (t) => {
  run.kill("SIGINT");
  t.equal((await run.exit).code, 0);
});
