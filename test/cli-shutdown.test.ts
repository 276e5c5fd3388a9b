// SIGTERM with streams open (issue 12, defect 3): each stream gets a final [ERROR] frame, the
// server awaits the generators' async cleanup (up to --shutdown-timeout), then exits 0. And the
// CLI's other hardening flag, --allowed-hosts.
import t from "tap";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createParser } from "eventsource-parser";
import { request } from "node:http";
import { buildOnce, runCli } from "./helpers/cli.js";

buildOnce();
const appDir = mkdtempSync(join(tmpdir(), "dash-events-shutdown-test-"));
t.teardown(() => rmSync(appDir, { recursive: true, force: true }));
const appSource = (cleanupMs: number): string => `import { App, html, Input, eventCallback, streamProps, sleep, type EventCallbackContext } from "dash-events";

const app = new App({ layout: html.Div([html.Button("Go", { id: "go" }), html.Div({ id: "out" })]) });

eventCallback(Input("go", "n_clicks"), async function* (n: unknown, ctx: EventCallbackContext) {
  try {
    for (let i = 0; ; i++) {
      yield streamProps("out", { children: \`tick \${i}\` });
      await sleep(50, ctx.signal);
    }
  } finally {
    console.log(\`cleanup started \${String(n)}\`);
    await new Promise((resolve) => setTimeout(resolve, ${cleanupMs}));
    console.log(\`cleanup finished \${String(n)}\`);
  }
}, { resetProps: { go: { disabled: false } } });

export default app;
`;
writeFileSync(join(appDir, "cleanup.ts"), appSource(1500));
writeFileSync(join(appDir, "cleanup-forever.ts"), appSource(60_000));

/** Open `count` streams and resolve once each has received its first frame; each collects its frames. */
async function openStreams(url: string, count: number): Promise<Array<{ data: string[]; ended: Promise<void> }>> {
  const [spec] = (await (await fetch(new URL("_dash-dependencies", url))).json()) as Array<{ output: string }>;
  return Promise.all(
    Array.from({ length: count }, async (_, i) => {
      const res = await fetch(new URL("dash_update_component_sse", url), {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ output: spec.output, inputs: [{ id: "go", property: "n_clicks", value: i + 1 }], changedPropIds: ["go.n_clicks"] }),
      });
      const data: string[] = [];
      const parser = createParser({ onEvent: (event) => void data.push(event.data) });
      const reader = res.body!.getReader();
      const decoder = new TextDecoder();
      const first = await reader.read();
      parser.feed(decoder.decode(first.value, { stream: true }));
      const ended = (async () => {
        for (;;) {
          const next = await reader.read().catch(() => ({ done: true as const, value: undefined }));
          if (next.done) return;
          parser.feed(decoder.decode(next.value, { stream: true }));
        }
      })();
      return { data, ended };
    }),
  );
}

t.test("SIGTERM: every stream gets a final [ERROR] frame, every async finally completes, exit 0", async (t) => {
  const run = runCli(t, ["serve", "cleanup.ts", "--port", "0"], appDir);
  const streams = await openStreams(await run.url, 10);
  run.kill("SIGTERM");
  const { code, stdout } = await run.exit;
  t.equal(code, 0, "exit 0");
  for (let n = 1; n <= 10; n++) {
    t.match(stdout, `cleanup started ${n}\n`);
    t.match(stdout, `cleanup finished ${n}\n`, `stream ${n}'s finally completed before the exit`);
  }
  await Promise.all(streams.map((s) => s.ended));
  for (const stream of streams) {
    const last = JSON.parse(stream.data.at(-1)!) as [string, null, { error: string; handle_error: boolean; reset_props: unknown }];
    t.same(last, ["[ERROR]", null, { error: "the server is shutting down; this event callback run was ended", handle_error: true, reset_props: [["go", { disabled: false }]] }]);
  }
});

t.test("--shutdown-timeout bounds the wait for a cleanup that takes too long; still exit 0", async (t) => {
  const run = runCli(t, ["serve", "cleanup-forever.ts", "--port", "0", "--shutdown-timeout", "200"], appDir);
  const streams = await openStreams(await run.url, 2);
  run.kill("SIGTERM");
  const { code, stdout } = await run.exit;
  t.equal(code, 0, "exit 0");
  t.match(stdout, "cleanup started 1");
  t.notMatch(stdout, "cleanup finished", "the process did not wait a minute for it");
  await Promise.all(streams.map((s) => s.ended));
  t.match(streams[0].data.at(-1), /the server is shutting down/);
});

t.test("--allowed-hosts adds host names to the allow-list", async (t) => {
  const run = runCli(t, ["serve", "cleanup.ts", "--port", "0", "--allowed-hosts", "dash.example.com,.corp.example"], appDir);
  const url = new URL(await run.url);
  const status = (host: string): Promise<number> =>
    new Promise((resolve, reject) => {
      const req = request({ host: url.hostname, port: url.port, path: "/_dash-layout", headers: { host }, agent: false }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on("error", reject);
      req.end();
    });
  t.equal(await status("dash.example.com"), 200);
  t.equal(await status("a.corp.example:8050"), 200);
  t.equal(await status("evil.example"), 403);
  run.kill("SIGINT");
  t.equal((await run.exit).code, 0);
});
