/**
 * Live callbacks on the Redis bus, with a real redis-server and two servers of one app: a regular
 * callback POSTed to A streams its setProps on the page's downlink carried by B; its ctx.getProp
 * question goes out on B and the page's answer, POSTed to B, reaches the callback waiting on A;
 * a callback past liveHoldMs answers 202 and its answer follows through the bus; a reply nobody
 * waits for is refused.
 */
import t from "tap";
import { App, html, Input, Output, sleep, type CallbackContext } from "../lib/index.js";
import { LIVE_STREAM_HEADER } from "../lib/protocol/downlink.js";
import { openDownlink, type DownlinkReader } from "./helpers/downlink-client.js";
import { postJson, startApp, updateRequest, type StartedApp } from "./helpers/server.js";
import { startRedis } from "./helpers/redis-server.js";

const SECRET = "redis-live-test-secret";

async function until(condition: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(10);
  }
}

function makeApp(redis: string): App {
  const app = new App({
    layout: html.Div([html.Button("go", { id: "go" }), html.Button("slow", { id: "slow" }), html.Div("", { id: "progress" }), html.Div("", { id: "out" }), html.Div("x", { id: "name" })]),
    liveCallbacks: true,
    liveHoldMs: 300,
    redis,
    secret: SECRET,
  });
  app.callback(Output("out", "children"), Input("go", "n_clicks"), async (n: unknown, ctx: CallbackContext) => {
    for (const step of [20, 40, 60]) ctx.setProps("progress", { children: `${step} %` });
    const name = await ctx.getProp("name", "children");
    return `done ${String(n)} for ${JSON.stringify(name)}`;
  });
  app.callback(Output("name", "title"), Input("slow", "n_clicks"), async (n: unknown, ctx: CallbackContext) => {
    ctx.setProps("progress", { children: "slow started" });
    await sleep(800);
    return `slow ${String(n)}`;
  });
  return app;
}

const ofStream = (reader: DownlinkReader, stream: string): unknown[] => reader.frames.filter(([, s]) => s === stream).map(([, , frame]) => frame);

t.test("live callbacks on the Redis bus: POST on A, downlink on B, the page's answer on B", async (t) => {
  const redis = await startRedis(t);
  const servers: StartedApp[] = [await startApp(makeApp(redis.url)), await startApp(makeApp(redis.url))];
  t.teardown(() => Promise.all(servers.map((server) => server.close())));
  const [a, b] = servers.map((server) => server.url) as [string, string];
  const downlink = await openDownlink(b);
  t.teardown(() => downlink.close());

  await t.test("setProps frames reach B's downlink in order; getProp's answer POSTed to B resumes the callback on A", async (t) => {
    const body = { ...updateRequest("out.children", [["go", "n_clicks", 3]], { outputs: { id: "out", property: "children" } }), downlink: { connection: downlink.connection, stream: "tab1:1", tab: "tab1" } };
    const answered = fetch(`${a}/_dash-update-component`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    await until(() => ofStream(downlink, "tab1:1").some((frame) => Array.isArray(frame) && frame[0] === "[GET_PROPS]"), "the [GET_PROPS] frame on B");
    const ask = ofStream(downlink, "tab1:1").find((frame) => Array.isArray(frame) && frame[0] === "[GET_PROPS]") as [string, null, { request: string; id: string; props: string[] }];
    t.same([ask[2].id, ask[2].props], ["name", ["children"]]);
    const sent = await postJson(b, "/_dash-live-reply", { connection: downlink.connection, request: ask[2].request, found: true, props: { children: "from the page" } });
    t.equal(sent.status, 204, "B takes the answer to a question waiting on A");
    const response = await answered;
    t.equal(response.status, 200);
    t.equal(response.headers.get(LIVE_STREAM_HEADER), "tab1:1");
    t.same(await response.json(), { multi: true, response: { out: { children: 'done 3 for "from the page"' } } });
    await until(() => ofStream(downlink, "tab1:1").includes("[DONE]"), "the stream's [DONE]");
    t.same(ofStream(downlink, "tab1:1"), [
      ["[SINGLE]", "progress", { children: "20 %" }],
      ["[SINGLE]", "progress", { children: "40 %" }],
      ["[SINGLE]", "progress", { children: "60 %" }],
      ask,
      "[DONE]",
    ]);
  });

  await t.test("a callback past liveHoldMs answers 202 on A; its answer follows as a [RESPONSE] frame on B", async (t) => {
    const body = { ...updateRequest("name.title", [["slow", "n_clicks", 1]], { outputs: { id: "name", property: "title" } }), downlink: { connection: downlink.connection, stream: "tab1:2", tab: "tab1" } };
    const response = await fetch(`${a}/_dash-update-component`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    t.equal(response.status, 202);
    await response.text();
    await until(() => ofStream(downlink, "tab1:2").includes("[DONE]"), "the slow stream's [DONE]");
    const frames = ofStream(downlink, "tab1:2");
    t.same(frames[0], ["[SINGLE]", "progress", { children: "slow started" }]);
    const answer = frames[1] as [string, ...unknown[]];
    t.equal(answer[0], "[RESPONSE]");
    t.match(JSON.stringify(answer), /slow 1/, "the callback's answer");
    t.equal(frames[2], "[DONE]");
  });

  await t.test("a reply no process waits for is refused with 404", async (t) => {
    const unknown = await postJson(b, "/_dash-live-reply", { connection: downlink.connection, request: "nobody.1", found: false });
    t.equal(unknown.status, 404);
    const answerA = await postJson(a, "/_dash-live-reply", { connection: downlink.connection, request: "r1", found: false });
    t.equal(answerA.status, 404);
  });
});
