// `dash-events serve --workers N`: N processes on one port (node:cluster) sharing a real
// redis-server; any worker takes any request. And the one-line refusals: more than one worker
// without Redis, Redis without a shared secret.
import t from "tap";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { request as httpRequest } from "node:http";
import { createParser } from "eventsource-parser";
import { buildOnce, runCli } from "./helpers/cli.js";
import { startRedis } from "./helpers/redis-server.js";

buildOnce();
const appDir = mkdtempSync(join(tmpdir(), "dash-events-workers-test-"));
t.teardown(() => rmSync(appDir, { recursive: true, force: true }));
writeFileSync(
  join(appDir, "app.ts"),
  `import { App, html, Input, Output, callback, eventCallback, streamProps, sleep } from "dash-events";

const app = new App({ layout: html.Div([html.Button("Go", { id: "go" }), html.Button("Ping", { id: "ping" }), html.Div({ id: "out" }), html.Div({ id: "pong" })]) });
eventCallback(Input("go", "n_clicks"), async function* () {
  for (let i = 1; i <= 50; i++) {
    yield streamProps("out", { children: \`\${i} from \${process.pid}\` });
    await sleep(5);
  }
});
callback(Output("pong", "children"), Input("ping", "n_clicks"), (n: unknown) => \`\${process.pid}\`);
export default app;
`,
);

const env = (vars: Record<string, string | undefined>, body: () => Promise<void>): (() => Promise<void>) => async () => {
  const saved = Object.fromEntries(Object.keys(vars).map((key) => [key, process.env[key]]));
  for (const [key, value] of Object.entries(vars)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  try {
    await body();
  } finally {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  }
};

t.test(
  "--workers 2 without Redis: one line saying what to add",
  env({ REDIS_URL: undefined }, async () => {
    const { code, stderr } = await runCli(t, ["serve", "app.ts", "--port", "0", "--workers", "2"], appDir).exit;
    t.equal(code, 1);
    t.equal(stderr, "dash-events: --workers 2 needs Redis to share the streams between workers: add --redis redis://host:6379 (or set REDIS_URL)\n");
  }),
);

t.test(
  "Redis without DASH_EVENTS_SECRET: a clear refusal, once, whatever the number of workers",
  env({ DASH_EVENTS_SECRET: undefined, REDIS_URL: undefined }, async () => {
    for (const workers of ["1", "2"]) {
      const { code, stderr } = await runCli(t, ["serve", "app.ts", "--port", "0", "--workers", workers, "--redis", "redis://127.0.0.1:1"], appDir).exit;
      t.equal(code, 1, `--workers ${workers}: exit 1`);
      t.equal(stderr, "dash-events: the Redis bus needs a secret shared by every process: set DASH_EVENTS_SECRET (or the App's secret option) to the same value everywhere\n");
    }
  }),
);

t.test(
  "--workers 2 --redis: regular callbacks and streams land on both workers; the downlink carries them all; SIGTERM exits 0",
  env({ DASH_EVENTS_SECRET: "workers-test-secret" }, async () => {
    const redis = await startRedis(t);
    const run = runCli(t, ["serve", "app.ts", "--port", "0", "--workers", "2", "--redis", redis.url], appDir);
    const url = await run.url;
    const specs = (await (await fetch(new URL("_dash-dependencies", url))).json()) as Array<{ output: string; inputs: Array<{ id: string }> }>;
    const output = (trigger: string): string => specs.find((spec) => spec.inputs[0].id === trigger)!.output;
    const pongPids = new Set<string>();
    for (let n = 1; n <= 6; n++) {
      const res = await fetch(new URL("_dash-update-component", url), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ output: output("ping"), outputs: { id: "pong", property: "children" }, inputs: [{ id: "ping", property: "n_clicks", value: n }], changedPropIds: ["ping.n_clicks"] }),
      });
      pongPids.add(((await res.json()) as { response: { pong: { children: string } } }).response.pong.children);
    }
    t.equal(pongPids.size, 2, `regular callbacks answered by two processes (${[...pongPids].join(", ")})`);

    // the downlink, on whichever worker it lands
    const frames: Array<[string, unknown]> = [];
    let connection = "";
    const downlink = httpRequest(new URL("_dash-downlink", url), { headers: { accept: "text/event-stream" } });
    t.teardown(() => downlink.destroy());
    await new Promise<void>((resolve, reject) => {
      downlink.on("error", reject);
      downlink.on("response", (response) => {
        const parser = createParser({
          onEvent(event) {
            const data = JSON.parse(event.data) as { connection?: string; stream?: string; frame?: unknown };
            if (event.event === "hello") {
              connection = data.connection!;
              resolve();
            } else frames.push([data.stream!, data.frame]);
          },
        });
        response.setEncoding("utf8");
        response.on("data", (chunk: string) => parser.feed(chunk));
      });
      downlink.end();
    });
    for (let s = 1; s <= 10; s++) {
      const res = await fetch(new URL("dash_update_component_sse", url), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ output: output("go"), outputs: [], inputs: [{ id: "go", property: "n_clicks", value: s }], changedPropIds: ["go.n_clicks"], downlink: { connection, stream: `s:${s}`, tab: `tab${s}` } }),
      });
      t.equal(res.status, 202);
    }
    const deadline = Date.now() + 30_000;
    while (frames.filter(([, frame]) => frame === "[DONE]").length < 10 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    const runPids = new Set<string>();
    for (let s = 1; s <= 10; s++) {
      const values = frames.filter(([stream, frame]) => stream === `s:${s}` && Array.isArray(frame) && frame[0] === "[SINGLE]").map(([, frame]) => ((frame as unknown[])[2] as { children: string }).children);
      t.same(values.map((value) => Number(value.split(" ")[0])), Array.from({ length: 50 }, (_, i) => i + 1), `stream ${s}: 1..50 in order`);
      for (const value of values) runPids.add(value.replace(/.* from /, ""));
    }
    t.equal(runPids.size, 2, "the runs ran on both workers, and one downlink carried them");
    downlink.destroy();
    run.kill("SIGTERM");
    const { code, stdout } = await run.exit;
    t.equal(code, 0, "exit 0");
    t.match(stdout, /with 2 workers/);
  }),
);
