// Replays test/fixtures/dash-wire/basic (real Dash 4.3.0 + dash-renderer captures) against the
// TypeScript port of its app, and checks the clientside function the index page inlines.
import t from "tap";
import { runInNewContext } from "node:vm";
import { createBasicApp, CLIENTSIDE_SOURCE } from "./fixtures/apps/basic.js";
import { replayCaptures } from "./helpers/replay.js";
import { getPath, startApp } from "./helpers/server.js";

replayCaptures(t, "basic", createBasicApp);

t.test("the index page inlines the clientside function under its sha256, as Dash does", async (t) => {
  const started = await startApp(createBasicApp());
  t.teardown(started.close);
  const page = await getPath(started.url, "/");
  const hash = "02b94f28864bdc45dde4cd3b63473a182683042b12e76e8f20b17350d67770fc";
  t.ok(page.text.includes(CLIENTSIDE_SOURCE), "source inlined verbatim");
  const inline = [...page.text.matchAll(/<script>([\s\S]*?)<\/script>/g)].map((m) => m[1]).filter((source) => source.includes("dash_clientside"));
  t.equal(inline.length, 1);
  const window: { dash_clientside?: Record<string, Record<string, (n: unknown) => unknown>> } = {};
  runInNewContext(inline[0], { window });
  t.equal(window.dash_clientside?._dashprivate_clientside_funcs?.[hash]?.(1), "clientside n=1");
  const renderer = page.text.indexOf('src="/_dash-events/dash-events-renderer.js"');
  t.ok(renderer > 0 && renderer < page.text.indexOf("window.dash_clientside"), "after the renderer bundle");
});
