// Layout latency and server memory under a hostile load (issue 12), for the README's reliability
// section. Serves a small app in this process, measures GET /_dash-layout latency (200 requests,
// one at a time) with the server idle, then again while attackers run for the same time:
// slowloris sockets trickling bodies, 1 MiB bodies nested 500,000 deep, malformed and
// prototype-key bodies, cross-origin POSTs, pipelined stream POSTs closed at once, and stream
// churn (runs opened and dropped). Prints the latencies (median, p95), RSS before/after, and what
// the attackers sent. Not part of `npm test`:
//   npx tsx scripts/hostile-load.ts [--seconds N]
import { connect, type Socket } from "node:net";
import { request } from "node:http";
import { App, html, Input, streamProps, sleep, type EventCallbackContext } from "../lib/index.js";

const secondsAt = process.argv.indexOf("--seconds");
const seconds = secondsAt > 0 ? Number(process.argv[secondsAt + 1]) : 10;

let openRuns = 0;
const app = new App({ layout: html.Div(Array.from({ length: 200 }, (_, i) => html.Div(`row ${i}`, { id: `row-${i}` }))) });
app.eventCallback(Input("go", "n_clicks"), async function* (_n, ctx: EventCallbackContext) {
  openRuns++;
  try {
    for (let i = 0; ; i++) {
      yield streamProps("row-0", { children: `tick ${i}` });
      await sleep(100, ctx.signal);
    }
  } finally {
    openRuns--;
  }
});
const server = await app.createServer({ logger: false });
await server.listen({ port: 0, host: "127.0.0.1" });
const port = (server.server.address() as { port: number }).port;
const [spec] = (await (await fetch(`http://127.0.0.1:${port}/_dash-dependencies`)).json()) as Array<{ output: string }>;
const streamBody = JSON.stringify({ output: spec.output, inputs: [{ id: "go", property: "n_clicks", value: 1 }], changedPropIds: ["go.n_clicks"] });

function get(path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const req = request({ host: "127.0.0.1", port, path, agent: false }, (res) => {
      res.resume();
      res.on("end", () => resolve(performance.now() - started));
    });
    req.on("error", reject);
    req.end();
  });
}

async function layoutLatencies(ms: number): Promise<number[]> {
  const until = Date.now() + ms;
  const times: number[] = [];
  while (Date.now() < until || times.length < 50) times.push(await get("/_dash-layout"));
  return times.sort((a, b) => a - b);
}

const pct = (sorted: number[], p: number): string => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))].toFixed(1);
const rssMiB = (): number => Math.round(process.memoryUsage().rss / 1024 / 1024);
const sent: Record<string, number> = {};
const count = (kind: string): void => void (sent[kind] = (sent[kind] ?? 0) + 1);

function rawSend(bytes: string | Buffer, closeAfterMs: number): Promise<void> {
  return new Promise((resolve) => {
    const socket: Socket = connect(port, "127.0.0.1");
    socket.on("error", () => undefined);
    socket.on("data", () => undefined);
    socket.write(bytes);
    const timer = setTimeout(() => socket.destroy(), closeAfterMs);
    socket.on("close", () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

const post = (path: string, body: string, headers = ""): string =>
  `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${headers}\r\n${body}`;
const deep = "[".repeat(500_000) + "]".repeat(500_000);

let attacking = true;
async function attacker(kind: string, once: () => Promise<void>): Promise<void> {
  while (attacking) {
    await once();
    count(kind);
  }
}

const idle = await layoutLatencies(seconds * 1000);
const rssBefore = rssMiB();
const slowloris: Socket[] = [];
for (let i = 0; i < 200; i++) {
  const socket = connect(port, "127.0.0.1");
  socket.on("error", () => undefined);
  socket.write(`POST /_dash-update-component HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n`);
  slowloris.push(socket);
}
const trickle = setInterval(() => slowloris.forEach((s) => s.writable && s.write("[")), 1000);
count("slowloris sockets (200, one byte a second)");
const attacks = [
  attacker("1 MiB bodies nested 500,000 deep", () => rawSend(post("/_dash-update-component", deep, "Connection: close\r\n"), 5000)),
  attacker("malformed JSON bodies", () => rawSend(post("/_dash-update-component", '{"output": [1, 2', "Connection: close\r\n"), 5000)),
  attacker("prototype-key bodies", () => rawSend(post("/dash_update_component_sse", '{"__proto__": {"x": 1}}', "Connection: close\r\n"), 5000)),
  attacker("cross-origin POSTs", () => rawSend(post("/dash_update_component_sse", streamBody, "Origin: https://evil.example\r\nConnection: close\r\n"), 5000)),
  attacker("pipelined stream pairs, closed after 50 ms", () => rawSend(post("/dash_update_component_sse", streamBody) + post("/dash_update_component_sse", streamBody), 50)),
  attacker("streams opened and dropped after 20 ms", () => rawSend(post("/dash_update_component_sse", streamBody), 20)),
];
const underAttack = await layoutLatencies(seconds * 1000);
attacking = false;
await Promise.all(attacks);
clearInterval(trickle);
slowloris.forEach((s) => s.destroy());
await new Promise((resolve) => setTimeout(resolve, 500));
const rssAfter = rssMiB();

console.log(`layout latency, idle:         median ${pct(idle, 0.5)} ms, p95 ${pct(idle, 0.95)} ms (${idle.length} requests)`);
console.log(`layout latency, under attack: median ${pct(underAttack, 0.5)} ms, p95 ${pct(underAttack, 0.95)} ms (${underAttack.length} requests)`);
console.log(`server process RSS: ${rssBefore} MiB before the attack, ${rssAfter} MiB after; runs left open: ${openRuns}`);
for (const [kind, n] of Object.entries(sent)) console.log(`  ${kind}: ${n}`);
await server.close();
