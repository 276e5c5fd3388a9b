/**
 * Bench 5 — MCP. (a) Tool-call latency of a trivial regular callback through the MCP endpoint
 * (`tools/call`, one call after the other) against the same callback through
 * `POST /_dash-update-component` (keep-alive node:http, one after the other), and the server's
 * CPU time per call on each path (its `process.cpuUsage()` before and after a block: less
 * sensitive to a busy machine than latency). (b) Progress-notification throughput: an event
 * callback yielding N tiny updates, called as an MCP tool with a progressToken (every frame one
 * `notifications/progress`), against the same run on the page's stream endpoint, and the
 * server's CPU time per 1,000 frames on each (the bare client's run). Both sides hit
 * one server child; each round runs every block once (page, MCP bare, MCP SDK, ...) after a
 * warm-up; the figures are the medians of the rounds' figures, the notes give their range.
 * Target: MCP within 1.5x of the page path.
 *
 * Each MCP figure is taken twice: with the SDK's client (what an agent's host runs: fetch, a
 * web-streams SSE parser and zod validation of every message on the client side) and with a
 * bare node:http client posting the same JSON-RPC and reading the JSON answer (or splitting the
 * SSE one), as the page-path baseline's client does — the server's own cost.
 *
 *   node --import tsx bench/server-mcp.ts [--quick] [--calls 500] [--frames 10000] [--reps 5]
 */
import { Agent } from "node:http";
import { performance } from "node:perf_hooks";
import { Client } from "@modelcontextprotocol/sdk/client/index.js";
import { StreamableHTTPClientTransport } from "@modelcontextprotocol/sdk/client/streamableHttp.js";
import { decodeFrameData } from "../lib/protocol/frames.js";
import { parseArgs } from "./lib/args.js";
import { ensureBuilt } from "./lib/build.js";
import { spawnServer } from "./lib/child.js";
import { ratio, report, type Row } from "./lib/report.js";
import { echoBody, eventCallbackBody, post, postText, sseSplitter, STREAM_PATH } from "./lib/sse-client.js";
import { fmt, median, summarize } from "./lib/stats.js";

const args = parseArgs();
const calls = args.number("calls", args.quick ? 100 : 500);
const frames = args.number("frames", args.quick ? 2000 : 10_000);
const reps = args.number("reps", args.quick ? 3 : 5);

ensureBuilt();
const server = await spawnServer("bench/servers/mcp-app.ts", ["--frames", String(frames)]);
const url = server.ready.url;
const agent = new Agent({ keepAlive: true, maxSockets: 1 });
const client = new Client({ name: "bench", version: "1" });
await client.connect(new StreamableHTTPClientTransport(new URL("/_mcp", url)));

/** A bare MCP session: initialize, then JSON-RPC POSTs whose SSE answers are split by hand. */
const rawHeaders: Record<string, string> = { accept: "application/json, text/event-stream", "mcp-protocol-version": "2025-06-18" };
{
  const init = await post(url, "/_mcp", JSON.stringify({ jsonrpc: "2.0", id: 0, method: "initialize", params: { protocolVersion: "2025-06-18", capabilities: {}, clientInfo: { name: "raw", version: "1" } } }), agent, rawHeaders);
  rawHeaders["mcp-session-id"] = String(init.headers["mcp-session-id"]);
  init.resume();
  await postText(url, "/_mcp", JSON.stringify({ jsonrpc: "2.0", method: "notifications/initialized" }), agent, rawHeaders);
}
let rawId = 1;

/** One raw tools/call; `onEvent` sees each SSE data (progress notifications, then the result). */
async function rawCall(name: string, args: Record<string, unknown>, progress: boolean, onEvent: (data: string) => void): Promise<void> {
  const params = progress ? { name, arguments: args, _meta: { progressToken: rawId } } : { name, arguments: args };
  const res = await post(url, "/_mcp", JSON.stringify({ jsonrpc: "2.0", id: rawId++, method: "tools/call", params }), agent, rawHeaders);
  res.setEncoding("utf8");
  if (res.headers["content-type"]?.startsWith("application/json")) {
    // an answer that was ready before anything else was sent comes as plain JSON
    let text = "";
    for await (const chunk of res) text += chunk as string;
    onEvent(text);
    return;
  }
  const split = sseSplitter(onEvent);
  for await (const chunk of res) split(chunk as string);
}

async function rawMcpCalls(): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < calls; i++) {
    const t0 = performance.now();
    let answer = "";
    await rawCall("echo", { "btn.n_clicks": i }, false, (data) => (answer = data));
    out.push(performance.now() - t0);
    if (!answer.includes(`clicked ${i}`)) throw new Error(`raw MCP answered ${answer}`);
  }
  return out;
}

async function rawMcpStream(): Promise<number> {
  let count = 0;
  const t0 = performance.now();
  await rawCall("burst", { "burst.n_clicks": 1 }, true, (data) => {
    if (data.startsWith('{"method":"notifications/progress"') || data.includes('"notifications/progress"')) count++;
  });
  if (count !== frames) throw new Error(`raw MCP stream: ${count} notifications, expected ${frames}`);
  return count / ((performance.now() - t0) / 1000);
}

/** Per-call latencies (ms) of `calls` sequential page-path calls. */
async function pageCalls(): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < calls; i++) {
    const t0 = performance.now();
    const { status, text } = await postText(url, "/_dash-update-component", echoBody(i), agent);
    out.push(performance.now() - t0);
    if (status !== 200 || !text.includes(`clicked ${i}`)) throw new Error(`page path answered ${status}: ${text}`);
  }
  return out;
}

async function mcpCalls(): Promise<number[]> {
  const out: number[] = [];
  for (let i = 0; i < calls; i++) {
    const t0 = performance.now();
    const result = await client.callTool({ name: "echo", arguments: { "btn.n_clicks": i } });
    out.push(performance.now() - t0);
    if ((result.structuredContent as Record<string, unknown>)["echo.children"] !== `clicked ${i}`) throw new Error(`MCP answered ${JSON.stringify(result)}`);
  }
  return out;
}

/** Frames/s of one page stream run, counted when parsed. */
async function pageStream(): Promise<number> {
  const body = await eventCallbackBody(url, "burst");
  const t0 = performance.now();
  const res = await post(url, STREAM_PATH, body, undefined);
  res.setEncoding("utf8");
  let count = 0;
  const split = sseSplitter((data) => {
    if (decodeFrameData(data) !== "done") count++;
  });
  for await (const chunk of res) split(chunk as string);
  if (count !== frames) throw new Error(`page stream: ${count} frames, expected ${frames}`);
  return count / ((performance.now() - t0) / 1000);
}

async function mcpStream(): Promise<number> {
  let count = 0;
  const t0 = performance.now();
  await client.callTool({ name: "burst", arguments: { "burst.n_clicks": 1 } }, undefined, { onprogress: () => count++, timeout: 600_000 });
  if (count !== frames) throw new Error(`MCP stream: ${count} notifications, expected ${frames}`);
  return count / ((performance.now() - t0) / 1000);
}

const rows: Row[] = [];

interface Cpu {
  user: number;
  system: number;
}
/** The server's CPU time (µs) per unit of `block`'s work (`per`: calls, or frames). */
async function serverCpu<T>(block: () => Promise<T>, per = calls): Promise<{ value: T; cpuUs: number }> {
  const before = await server.ask<Cpu>("cpu");
  const value = await block();
  const after = await server.ask<Cpu>("cpu");
  return { value, cpuUs: (after.user - before.user + after.system - before.system) / per };
}

/** "median (min-max)" of the rounds' figures. */
function range(values: readonly number[]): string {
  return `rounds ${values.map(fmt).join(", ")}`;
}

try {
  // warm-up: JIT, connections, the suites' metadata read by the first tools/list
  await client.listTools();
  await pageCalls();
  await mcpCalls();
  await pageStream();
  await mcpStream();
  await rawMcpCalls();
  await rawMcpStream();
  const round = { page: [] as number[], raw: [] as number[], sdk: [] as number[], rawP99: [] as number[], pageP99: [] as number[], pageCpu: [] as number[], rawCpu: [] as number[], pageRate: [] as number[], rawRate: [] as number[], sdkRate: [] as number[], pageFrameCpu: [] as number[], rawFrameCpu: [] as number[] };
  for (let rep = 0; rep < reps; rep++) {
    const page = await serverCpu(pageCalls);
    const raw = await serverCpu(rawMcpCalls);
    const sdk = summarize(await mcpCalls());
    const p = summarize(page.value);
    const r = summarize(raw.value);
    round.page.push(p.p50);
    round.pageP99.push(p.p99);
    round.raw.push(r.p50);
    round.rawP99.push(r.p99);
    round.sdk.push(sdk.p50);
    round.pageCpu.push(page.cpuUs);
    round.rawCpu.push(raw.cpuUs);
    const pageRun = await serverCpu(pageStream, frames / 1000);
    const rawRun = await serverCpu(rawMcpStream, frames / 1000);
    round.pageRate.push(pageRun.value);
    round.rawRate.push(rawRun.value);
    round.pageFrameCpu.push(pageRun.cpuUs);
    round.rawFrameCpu.push(rawRun.cpuUs);
    round.sdkRate.push(await mcpStream());
    process.stderr.write(
      `  round ${rep + 1}: call p50 page ${fmt(p.p50)} ms, MCP bare ${fmt(r.p50)} ms (${fmt(r.p50 / p.p50)}x), MCP SDK ${fmt(sdk.p50)} ms; ` +
        `server CPU/call page ${fmt(page.cpuUs)} us, MCP ${fmt(raw.cpuUs)} us; ` +
        `stream page ${fmt(round.pageRate.at(-1)!)}, MCP bare ${fmt(round.rawRate.at(-1)!)}, MCP SDK ${fmt(round.sdkRate.at(-1)!)} frames/s; ` +
        `server CPU/1,000 frames page ${fmt(pageRun.cpuUs)} us, MCP ${fmt(rawRun.cpuUs)} us\n`,
    );
  }
  const m = Object.fromEntries(Object.entries(round).map(([key, values]) => [key, median(values)])) as Record<keyof typeof round, number>;
  const ratios = (ours: number[], base: number[]): string => `per-round ratios ${ours.map((v, i) => `${fmt(v / base[i])}x`).join(", ")}`;
  const base = `baseline = POST /_dash-update-component (bare node:http client); ${fmt(calls)} calls per round, median of ${reps} rounds`;
  rows.push(
    { bench: "5 MCP", measure: "trivial callback, call p50, bare client", unit: "ms", ours: m.raw, baseline: m.page, ratio: ratio(m.raw, m.page), note: `ours = tools/call from a bare node:http client; ${base}; ${ratios(round.raw, round.page)}; target <= 1.5x` },
    { bench: "5 MCP", measure: "trivial callback, call p50, SDK client", unit: "ms", ours: m.sdk, baseline: m.page, ratio: ratio(m.sdk, m.page), note: `ours = tools/call from the MCP SDK's client; ${ratios(round.sdk, round.page)}` },
    { bench: "5 MCP", measure: "trivial callback, call p99, bare client", unit: "ms", ours: m.rawP99, baseline: m.pageP99, ratio: ratio(m.rawP99, m.pageP99) },
    { bench: "5 MCP", measure: "trivial callback, server CPU per call", unit: "us", ours: m.rawCpu, baseline: m.pageCpu, ratio: ratio(m.rawCpu, m.pageCpu), note: `user + system time of the server process per call; ${ratios(round.rawCpu, round.pageCpu)}` },
    {
      bench: "5 MCP",
      measure: `${fmt(frames)} frames, notifications/s, bare client`,
      unit: "frames/s",
      ours: m.rawRate,
      baseline: m.pageRate,
      ratio: ratio(m.rawRate, m.pageRate),
      note: `ours = progress notifications to a bare client, baseline = the page's SSE stream; ${range(round.rawRate)} vs ${range(round.pageRate)}; target >= 0.67x`,
    },
    {
      bench: "5 MCP",
      measure: `${fmt(frames)} frames, server CPU per 1,000 frames`,
      unit: "us",
      ours: m.rawFrameCpu,
      baseline: m.pageFrameCpu,
      ratio: ratio(m.rawFrameCpu, m.pageFrameCpu),
      note: `user + system time of the server process per 1,000 frames: progress notifications to a bare client against the page's stream; ${ratios(round.rawFrameCpu, round.pageFrameCpu)}; lower is better (target <= 1.5x)`,
    },
    {
      bench: "5 MCP",
      measure: `${fmt(frames)} frames, notifications/s, SDK client`,
      unit: "frames/s",
      ours: m.sdkRate,
      baseline: m.pageRate,
      ratio: ratio(m.sdkRate, m.pageRate),
      note: `ours = progress notifications to the MCP SDK's client (its onprogress); ${range(round.sdkRate)}`,
    },
  );
} finally {
  await client.close();
  agent.destroy();
  await server.stop();
}
report(rows, args.json);
