/**
 * Live callbacks (issue 19), measured on one server child.
 *
 * 1. Round trip of a regular callback that calls `setProps` five times: over the page's
 *    downlink (POST naming the downlink; done when the answer is in and its stream's `[DONE]`
 *    was seen: every setProps delivered) against the per-request mode (the setProps folded into
 *    the answer's `sideUpdate`), sequential requests, p50/p99, alternating rounds.
 * 2. `ctx.getProp` round trip with P pages connected (default 1,000 downlinks): callbacks of
 *    random pages ask the page for a prop, the page answers with a POST; the callback measures
 *    the wait on the server's clock. p50/p99. Target: p99 < 10 ms. No baseline: per-request
 *    mode has no way to read the page (Dash's is a WebSocket round trip).
 *
 *   node --import tsx bench/server-live.ts [--quick] [--requests 2000] [--pages 1000] [--reads 3000] [--concurrency 20]
 */
import { Agent, request } from "node:http";
import { performance } from "node:perf_hooks";
import { parseArgs } from "./lib/args.js";
import { ensureBuilt } from "./lib/build.js";
import { spawnServer } from "./lib/child.js";
import { ensureOpenFileLimit } from "./lib/reexec.js";
import { ratio, report, type Row } from "./lib/report.js";
import { postText, sseSplitter } from "./lib/sse-client.js";
import { fmt, summarize } from "./lib/stats.js";
import type { UpdateRequest } from "../lib/protocol/types.js";

const args = parseArgs();
const requests = args.number("requests", args.quick ? 300 : 2000);
const pages = args.number("pages", args.quick ? 100 : 1000);
const reads = args.number("reads", args.quick ? 500 : 3000);
const concurrency = args.number("concurrency", 20);
ensureOpenFileLimit(pages + 2000);
const UPDATE = "/_dash-update-component";

interface Page {
  connection: string;
  /** Called with each frame event's stream and frame. */
  onFrame: (stream: string, frame: unknown) => void;
  close(): void;
}

/** A page's downlink, read with node:http; resolves at `hello`. */
function openPage(url: string): Promise<Page> {
  return new Promise((resolve, reject) => {
    const page: Page = { connection: "", onFrame: () => undefined, close: () => undefined };
    const req = request(`${url}/_dash-downlink`, { agent: new Agent({ keepAlive: false }), headers: { accept: "text/event-stream" } }, (response) => {
      response.setEncoding("utf8");
      response.on(
        "data",
        sseSplitter((data) => {
          const event = JSON.parse(data) as { connection?: string; stream?: string; frame?: unknown };
          if (event.connection !== undefined && !page.connection) {
            page.connection = event.connection;
            resolve(page);
          } else if (event.stream !== undefined) page.onFrame(event.stream, event.frame);
        }),
      );
    });
    page.close = () => req.destroy();
    req.on("error", reject);
    req.end();
  });
}

const body = (output: string, input: string, n: number, downlink?: { connection: string; stream: string; tab: string }): string => {
  const [id, property] = output.split(".");
  const request: UpdateRequest & { downlink?: object } = { output, outputs: { id, property }, inputs: [{ id: input, property: "n_clicks", value: n }], state: [], changedPropIds: [`${input}.n_clicks`] };
  if (downlink) request.downlink = downlink;
  return JSON.stringify(request);
};

ensureBuilt();
const server = await spawnServer("bench/servers/live-app.ts", [], { fdLimit: pages + 2000 });
const url = server.ready.url;
const agent = new Agent({ keepAlive: true, maxSockets: 64 });
let streamCount = 0;

/** `count` sequential round trips; live: over `page`'s downlink. */
async function roundTrips(count: number, page: Page | null): Promise<number[]> {
  const times: number[] = [];
  for (let n = 1; n <= count; n++) {
    const started = performance.now();
    if (!page) {
      const answer = await postText(url, UPDATE, body("done.children", "go", n), agent);
      if (answer.status !== 200 || !answer.text.includes("sideUpdate")) throw new Error(`per-request: HTTP ${answer.status} ${answer.text.slice(0, 100)}`);
    } else {
      const stream = `bench:${++streamCount}`;
      let frames = 0;
      const done = new Promise<void>((resolve) => {
        page.onFrame = (s, frame) => {
          if (s !== stream) return;
          if (frame === "[DONE]") resolve();
          else frames++;
        };
      });
      const answer = await postText(url, UPDATE, body("done.children", "go", n, { connection: page.connection, stream, tab: "bench" }), agent);
      if (answer.status !== 200) throw new Error(`live: HTTP ${answer.status} ${answer.text.slice(0, 100)}`);
      await done;
      if (frames !== 5) throw new Error(`live: ${frames} setProps frames, expected 5`);
    }
    times.push(performance.now() - started);
  }
  return times;
}

// 1. round trip, live vs per-request, alternating rounds
const warmPage = await openPage(url);
await roundTrips(200, warmPage);
await roundTrips(200, null);
const live: number[] = [];
const perRequest: number[] = [];
for (let round = 0; round < 4; round++) {
  live.push(...(await roundTrips(requests / 4, warmPage)));
  perRequest.push(...(await roundTrips(requests / 4, null)));
}
warmPage.close();
const l = summarize(live);
const p = summarize(perRequest);
const rows: Row[] = [
  { bench: "live round trip", measure: "5 setProps + answer p50", unit: "ms", ours: l.p50, baseline: p.p50, ratio: ratio(l.p50, p.p50), note: `baseline: per-request (sideUpdate); ${requests} sequential requests each` },
  { bench: "live round trip", measure: "5 setProps + answer p99", unit: "ms", ours: l.p99, baseline: p.p99, ratio: ratio(l.p99, p.p99) },
];

// 2. getProp round trip with `pages` pages connected
const all: Page[] = [];
for (let i = 0; i < pages; i += 50) all.push(...(await Promise.all(Array.from({ length: Math.min(50, pages - i) }, () => openPage(url)))));
const replyAgent = new Agent({ keepAlive: true, maxSockets: 64 });
for (const page of all) {
  page.onFrame = (_stream, frame) => {
    if (!Array.isArray(frame) || frame[0] !== "[GET_PROPS]") return;
    const { request: id } = frame[2] as { request: string };
    void postText(url, "/_dash-live-reply", JSON.stringify({ connection: page.connection, request: id, found: true, props: { value: "typed" } }), replyAgent);
  };
}
/** `count` reads, `parallel` at a time; the server-side waits. */
async function readProps(count: number, parallel: number): Promise<number[]> {
  const waits: number[] = [];
  let next = 0;
  await Promise.all(
  Array.from({ length: parallel }, async () => {
    while (next < count) {
      const n = ++next + count * parallel;
        const page = all[Math.floor(Math.random() * all.length)];
      const answer = await postText(url, UPDATE, body("read.children", "rd", n, { connection: page.connection, stream: `read:${n}`, tab: "bench" }), agent);
      if (answer.status !== 200) throw new Error(`getProp: HTTP ${answer.status} ${answer.text.slice(0, 200)}`);
      const parsed = JSON.parse(answer.text) as { response: { read: { children: number } } };
      waits.push(parsed.response.read.children);
    }
  }),
  );
  return waits;
}
await readProps(200, concurrency);
const one = summarize(await readProps(Math.ceil(reads / 5), 1));
const g = summarize(await readProps(reads, concurrency));
const stats = await server.ask<{ rss: number }>("stats");
rows.push(
  { bench: "live getProp", measure: `one at a time p50, ${pages} pages`, unit: "ms", ours: one.p50, note: `${one.n} sequential reads, random pages; server clock` },
  { bench: "live getProp", measure: `one at a time p99, ${pages} pages`, unit: "ms", ours: one.p99, note: "target < 10 ms" },
  { bench: "live getProp", measure: `round trip p50, ${pages} pages`, unit: "ms", ours: g.p50, note: `${reads} reads, ${concurrency} at a time, random pages; server clock` },
  { bench: "live getProp", measure: `round trip p99, ${pages} pages`, unit: "ms", ours: g.p99, note: `${concurrency} at a time: includes queueing` },
  { bench: "live getProp", measure: "server RSS", unit: "MiB", ours: stats.rss / 1024 / 1024, note: `max wait ${fmt(g.max)} ms` },
);
for (const page of all) page.close();
agent.destroy();
replyAgent.destroy();
await server.stop();
report(rows, args.json);
