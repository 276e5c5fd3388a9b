// Event callbacks (and background callbacks) as MCP tasks: the SDK's client starts a run as a
// task, polls it (tasks/get), waits for its result (tasks/result), lists it, and cancels a run
// mid-way (tasks/cancel), whose generator's `finally` then runs on the server.
import t from "tap";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { CallToolResultSchema, CreateTaskResultSchema } from "@modelcontextprotocol/sdk/types.js";
import { App, callback, eventCallback, html, Input, Output, sleep, State, streamProps } from "../lib/index.js";
import { startApp } from "./helpers/server.js";

const log = { started: 0, finished: 0, cancelled: 0 };

const app = new App({
  title: "Tasks",
  layout: html.Div([html.Button("Count", { id: "count" }), html.Button("Forever", { id: "forever" }), html.Div({ id: "out" }), html.Div({ id: "total" }), html.Div("3", { id: "steps" })]),
  mcp: true,
});
callback(Output("total", "children"), Input("count", "n_clicks"), function double(n: unknown) {
  return Number(n ?? 0) * 2;
});
eventCallback(Input("count", "n_clicks"), State("steps", "children"), async function* count_up(_n, steps, ctx) {
  for (let i = 1; i <= Number(steps); i++) {
    await sleep(20, ctx.signal);
    yield streamProps("out", { children: `step ${i}` });
  }
});
eventCallback(Input("forever", "n_clicks"), async function* forever(_n, ctx) {
  log.started++;
  try {
    for (let i = 1; ; i++) {
      yield streamProps("out", { children: `tick ${i}` });
      await sleep(20, ctx.signal);
    }
  } finally {
    if (ctx.signal.aborted) log.cancelled++;
    log.finished++;
  }
});

const started = await startApp(app);
t.teardown(started.close);
const client = new Client({ name: "tasks-test", version: "1" });
await client.connect(new StreamableHTTPClientTransport(new URL("/_mcp", started.url)));
t.teardown(() => client.close());

async function until(check: () => Promise<boolean> | boolean): Promise<boolean> {
  for (let i = 0; i < 200; i++) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return false;
}

t.test("streaming tools may run as tasks; others may not", async (t) => {
  const { tools } = await client.listTools();
  t.same(tools.find((tool) => tool.name === "count_up")?.execution, { taskSupport: "optional" });
  t.equal(tools.find((tool) => tool.name === "double")?.execution, undefined);
  t.ok(client.getServerCapabilities()?.tasks?.requests?.tools?.call, "the server declares task-augmented tools/call");
  await t.rejects(
    client.request({ method: "tools/call", params: { name: "double", arguments: {}, task: { ttl: 60_000 } } }, CreateTaskResultSchema),
    /does not run as a task/,
  );
});

t.test("a task runs to its result: tasks/get, tasks/list, tasks/result", async (t) => {
  const created = await client.request({ method: "tools/call", params: { name: "count_up", arguments: { "count.n_clicks": 1, "steps.children": "4" }, task: { ttl: 60_000 } } }, CreateTaskResultSchema);
  const { taskId } = created.task;
  t.equal(created.task.status, "working");
  t.equal(created.task.ttl, 60_000);
  const polled = await client.experimental.tasks.getTask(taskId);
  t.equal(polled.taskId, taskId);
  t.ok(["working", "completed"].includes(polled.status));
  const listed = await client.experimental.tasks.listTasks();
  t.ok(listed.tasks.some((task) => task.taskId === taskId), "tasks/list has it");
  const result = await client.experimental.tasks.getTaskResult(taskId, CallToolResultSchema);
  t.notOk(result.isError);
  t.same(result.structuredContent, { "out.children": "step 4" }, "the final state of what the run set");
  t.equal((await client.experimental.tasks.getTask(taskId)).status, "completed");
});

t.test("tasks/cancel ends the run: ctx.signal aborts and its finally runs", async (t) => {
  const before = { ...log };
  const created = await client.request({ method: "tools/call", params: { name: "forever", arguments: { "forever.n_clicks": 1 }, task: {} } }, CreateTaskResultSchema);
  const { taskId } = created.task;
  t.ok(await until(() => log.started > before.started), "the run started");
  await new Promise((resolve) => setTimeout(resolve, 100));
  t.equal(log.finished, before.finished, "still running");
  const cancelled = await client.experimental.tasks.cancelTask(taskId);
  t.equal(cancelled.status, "cancelled");
  t.ok(await until(() => log.finished > before.finished), "the generator's finally ran");
  t.equal(log.cancelled, before.cancelled + 1, "with its signal aborted");
  t.equal((await client.experimental.tasks.getTask(taskId)).status, "cancelled");
  await t.rejects(client.experimental.tasks.cancelTask(taskId), /terminal/, "a finished task cannot be cancelled again");
});

t.test("an unknown task is an error, and the endpoint keeps working", async (t) => {
  await t.rejects(client.experimental.tasks.getTask("nope"), /not found/i);
  const result = await client.callTool({ name: "double", arguments: { "count.n_clicks": 21 } });
  t.same(result.structuredContent, { "total.children": 42 });
});
