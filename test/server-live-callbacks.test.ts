/**
 * Live callbacks over a real port, without a browser: a plain client holds a downlink, names it
 * in a regular callback's POST, and sees the callback's `setProps` arrive on the downlink before
 * the answer; `ctx.getProp` asks over the downlink and the client answers it; without a
 * downlink the callback answers as before; the access hooks refuse with a clear 4xx.
 */
import t from "tap";
import { App, html, Input, Output, sleep, streamProps, type CallbackContext } from "../lib/index.js";
import { startApp, postJson, updateRequest } from "./helpers/server.js";
import { ACCESS_REFUSED_HEADER, encodeLiveStart, LIVE_REQUEST_HEADER, LIVE_STREAM_HEADER } from "../lib/protocol/downlink.js";

interface DownlinkEvent {
  event?: string;
  data: string;
}

/** A downlink read with fetch: its events as they come, and the connection id of its hello. */
async function openDownlink(url: string, headers: Record<string, string> = {}, resume?: string): Promise<{ connection: string; events: DownlinkEvent[]; next: (test: (event: DownlinkEvent) => boolean) => Promise<DownlinkEvent>; close: () => void }> {
  const controller = new AbortController();
  // an opened connection is read from its first event, as the page does
  const path = resume === undefined ? "/_dash-downlink" : `/_dash-downlink?connection=${encodeURIComponent(resume)}`;
  const response = await fetch(`${url}${path}`, { headers: { accept: "text/event-stream", ...(resume === undefined ? {} : { "last-event-id": "0" }), ...headers }, signal: controller.signal });
  if (!response.ok || !response.body) throw new Error(`downlink: HTTP ${response.status}`);
  const events: DownlinkEvent[] = [];
  const listeners = new Set<() => void>();
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = "";
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event: DownlinkEvent = { data: "" };
          for (const line of block.split("\n")) {
            if (line.startsWith("event: ")) event.event = line.slice(7);
            else if (line.startsWith("data: ")) event.data += line.slice(6);
          }
          if (event.data) events.push(event);
          for (const listener of listeners) listener();
        }
      }
    } catch {
      // aborted
    }
  })();
  const next = (test: (event: DownlinkEvent) => boolean): Promise<DownlinkEvent> =>
    new Promise((resolve) => {
      // each event is looked at once: a long stream costs no rescans
      let from = 0;
      const check = (): void => {
        for (; from < events.length; from++) {
          if (!test(events[from])) continue;
          listeners.delete(check);
          resolve(events[from]);
          return;
        }
      };
      listeners.add(check);
      check();
    });
  const hello = await next((event) => event.event === "hello");
  const { connection } = JSON.parse(hello.data) as { connection: string };
  return { connection, events, next, close: () => controller.abort() };
}

const frameOf = (event: DownlinkEvent): unknown => (JSON.parse(event.data) as { frame: unknown }).frame;

function progressApp(options: Partial<ConstructorParameters<typeof App>[0]> = {}): App {
  const app = new App({
    layout: html.Div([html.Button("go", { id: "go" }), html.Div("", { id: "progress" }), html.Div("", { id: "out" }), html.Div("x", { id: "name" }), html.Button("sync", { id: "sync" }), html.Div("", { id: "sync-out" })]),
    liveCallbacks: true,
    ...options,
  });
  // async: the setProps made before its first await go to the page, in order, once it returns its promise
  app.callback(Output("out", "children"), Input("go", "n_clicks"), async (n: unknown, ctx: CallbackContext) => {
    for (const step of [20, 40, 60]) ctx.setProps("progress", { children: `${step} %` });
    await Promise.resolve();
    return `done ${String(n)} live=${String(ctx.live)}`;
  });
  // sync: its answer is ready at once, so its setProps fold into it, live page or not
  app.callback(Output("sync-out", "children"), Input("sync", "n_clicks"), (n: unknown, ctx: CallbackContext) => {
    for (const step of [20, 40, 60]) ctx.setProps("progress", { children: `${step} %` });
    return `sync ${String(n)} live=${String(ctx.live)}`;
  });
  app.callback(Output("name", "title"), Input("name", "n_clicks"), async (_n: unknown, ctx: CallbackContext) => {
    const children = await ctx.getProp("name", "children");
    const missing = await ctx.getProp("nowhere", "children");
    return `read ${JSON.stringify(children)} missing=${missing === undefined ? "undefined" : JSON.stringify(missing)}`;
  });
  return app;
}

t.test("without a downlink, setProps folds into the answer as in Dash (ctx.live false)", async (t) => {
  const server = await startApp(progressApp());
  t.teardown(() => server.close());
  const answer = await postJson(server.url, "/_dash-update-component", updateRequest("out.children", [["go", "n_clicks", 1]], { outputs: { id: "out", property: "children" } }));
  t.equal(answer.status, 200);
  t.same(answer.json, { multi: true, sideUpdate: { progress: { children: "60 %" } }, response: { out: { children: "done 1 live=false" } } });
});

t.test("naming the downlink: each setProps is a frame on the downlink, ended by [DONE], and the answer names the stream", async (t) => {
  const server = await startApp(progressApp());
  t.teardown(() => server.close());
  const downlink = await openDownlink(server.url);
  t.teardown(downlink.close);
  const body = { ...updateRequest("out.children", [["go", "n_clicks", 2]], { outputs: { id: "out", property: "children" } }), downlink: { connection: downlink.connection, stream: "tab1:1", tab: "tab1" } };
  const response = await fetch(`${server.url}/_dash-update-component`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  t.equal(response.status, 200);
  t.equal(response.headers.get(LIVE_STREAM_HEADER), "tab1:1", "the answer names the stream to wait for");
  t.same(await response.json(), { multi: true, response: { out: { children: "done 2 live=true" } } }, "no sideUpdate: the updates went on the downlink");
  await downlink.next((event) => frameOf(event) === "[DONE]");
  const frames = downlink.events.filter((event) => event.event === undefined).map((event) => JSON.parse(event.data) as unknown);
  t.same(frames, [
    { stream: "tab1:1", frame: ["[SINGLE]", "progress", { children: "20 %" }] },
    { stream: "tab1:1", frame: ["[SINGLE]", "progress", { children: "40 %" }] },
    { stream: "tab1:1", frame: ["[SINGLE]", "progress", { children: "60 %" }] },
    { stream: "tab1:1", frame: "[DONE]" },
  ]);
});

t.test("a sync callback's setProps fold into its answer on a live page too: no frame, no connection opened, no 202", async (t) => {
  const server = await startApp(progressApp());
  t.teardown(() => server.close());
  const downlink = await openDownlink(server.url);
  t.teardown(downlink.close);
  const body = updateRequest("sync-out.children", [["sync", "n_clicks", 1]], { outputs: { id: "sync-out", property: "children" } });
  const post = (header: string) =>
    fetch(`${server.url}/_dash-update-component`, { method: "POST", headers: { "content-type": "application/json", [LIVE_REQUEST_HEADER]: header }, body: JSON.stringify(body) });
  const folded = { multi: true, sideUpdate: { progress: { children: "60 %" } }, response: { "sync-out": { children: "sync 1 live=true" } } };
  for (const [what, header] of [
    ["naming the open downlink", encodeLiveStart({ connection: downlink.connection, stream: "tab1:9", tab: "tab1" })],
    ["naming no downlink (none open)", encodeLiveStart({ stream: "tab2:1", tab: "tab2" })],
  ] as const) {
    const response = await post(header);
    t.equal(response.status, 200, `${what}: answered 200, not 202`);
    t.equal(response.headers.get(LIVE_STREAM_HEADER), null, `${what}: no stream to wait for`);
    t.same(await response.json(), folded, `${what}: the setProps came merged in the answer`);
  }
  // an async callback after them: its frames are the first on the downlink
  const asyncBody = { ...updateRequest("out.children", [["go", "n_clicks", 5]], { outputs: { id: "out", property: "children" } }), downlink: { connection: downlink.connection, stream: "tab1:10", tab: "tab1" } };
  const response = await fetch(`${server.url}/_dash-update-component`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(asyncBody) });
  t.equal(response.status, 200);
  await downlink.next((event) => frameOf(event) === "[DONE]");
  const streams = downlink.events.filter((event) => event.event === undefined).map((event) => (JSON.parse(event.data) as { stream: string }).stream);
  t.same([...new Set(streams)], ["tab1:10"], "the sync callback sent nothing on the downlink");
});

t.test("the page names its downlink in the x-dash-live header, the body staying Dash's; a malformed header is a 400", async (t) => {
  const server = await startApp(progressApp());
  t.teardown(() => server.close());
  const downlink = await openDownlink(server.url);
  t.teardown(downlink.close);
  const body = updateRequest("out.children", [["go", "n_clicks", 3]], { outputs: { id: "out", property: "children" } });
  const post = (header: string) =>
    fetch(`${server.url}/_dash-update-component`, { method: "POST", headers: { "content-type": "application/json", [LIVE_REQUEST_HEADER]: header }, body: JSON.stringify(body) });
  const response = await post(encodeLiveStart({ connection: downlink.connection, stream: "tab1:2", tab: "tab1" }));
  t.equal(response.status, 200);
  t.equal(response.headers.get(LIVE_STREAM_HEADER), "tab1:2", "the answer names the stream to wait for");
  t.same(await response.json(), { multi: true, response: { out: { children: "done 3 live=true" } } }, "the setProps went on the downlink");
  await downlink.next((event) => frameOf(event) === "[DONE]");
  for (const bad of ["stream=a b&tab=t", "tab=t", `stream=${"x".repeat(200)}&tab=t`, "stream=s&tab=t&connection="]) {
    const refused = await post(bad);
    t.equal(refused.status, 400, `400 for ${JSON.stringify(bad.slice(0, 40))}`);
    t.match(await refused.text(), /x-dash-live header must be/, "the error says what the header must be");
  }
  const forged = await post(encodeLiveStart({ connection: "forged", stream: "tab1:3", tab: "tab1" }));
  t.equal(forged.status, 403, "a forged connection in the header is refused as in the body");
});

t.test("a callback that sends nothing costs nothing on the downlink", async (t) => {
  const app = new App({ layout: html.Div([html.Button("go", { id: "go" }), html.Div("", { id: "out" })]), liveCallbacks: true });
  app.callback(Output("out", "children"), Input("go", "n_clicks"), (n: unknown) => `n=${String(n)}`);
  const server = await startApp(app);
  t.teardown(() => server.close());
  const downlink = await openDownlink(server.url);
  t.teardown(downlink.close);
  const body = { ...updateRequest("out.children", [["go", "n_clicks", 1]], { outputs: { id: "out", property: "children" } }), downlink: { connection: downlink.connection, stream: "tab1:1", tab: "tab1" } };
  const response = await fetch(`${server.url}/_dash-update-component`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  t.equal(response.headers.get(LIVE_STREAM_HEADER), null);
  t.same(await response.json(), { multi: true, response: { out: { children: "n=1" } } });
});

t.test("ctx.getProp asks over the downlink; the answer POST resumes the callback; a missing component is undefined", async (t) => {
  const server = await startApp(progressApp());
  t.teardown(() => server.close());
  const downlink = await openDownlink(server.url);
  t.teardown(downlink.close);
  const body = { ...updateRequest("name.title", [["name", "n_clicks", 1]], { outputs: { id: "name", property: "title" } }), downlink: { connection: downlink.connection, stream: "tab1:7", tab: "tab1" } };
  const answered = fetch(`${server.url}/_dash-update-component`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
  const answerQuestion = async (index: number, reply: (request: string) => object): Promise<void> => {
    const asks = (): DownlinkEvent[] => downlink.events.filter((event) => JSON.stringify(frameOf(event) ?? null).startsWith('["[GET_PROPS]"'));
    await downlink.next(() => asks().length > index);
    const frame = frameOf(asks()[index]) as [string, null, { request: string; id: string; props: string[] }];
    const sent = await postJson(server.url, "/_dash-live-reply", { connection: downlink.connection, request: frame[2].request, ...reply(frame[2].id) });
    t.equal(sent.status, 204, `reply ${index} accepted`);
  };
  await answerQuestion(0, () => ({ found: true, props: { children: "from the page" } }));
  await answerQuestion(1, () => ({ found: false }));
  const response = await answered;
  t.same(await response.json(), { multi: true, response: { name: { title: 'read "from the page" missing=undefined' } } });
});

t.test("ctx.getProp with no answer fails the callback with a clear error after liveReplyTimeoutMs", async (t) => {
  const server = await startApp(progressApp({ liveReplyTimeoutMs: 200 }), { debug: true });
  t.teardown(() => server.close());
  const downlink = await openDownlink(server.url);
  t.teardown(downlink.close);
  const body = { ...updateRequest("name.title", [["name", "n_clicks", 1]], { outputs: { id: "name", property: "title" } }), downlink: { connection: downlink.connection, stream: "tab1:8", tab: "tab1" } };
  const answer = await postJson(server.url, "/_dash-update-component", body);
  t.equal(answer.status, 500);
  t.match((answer.json as { error: string }).error, /the page did not answer for name\.children within 200 ms/);
  t.equal((await fetch(`${server.url}/_dash-update-component`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(updateRequest("out.children", [["go", "n_clicks", 1]], { outputs: { id: "out", property: "children" } })) })).status, 200, "the server keeps working");
});

t.test("the reply route: bad body 400, forged connection 403, an unknown request 404", async (t) => {
  const server = await startApp(progressApp());
  t.teardown(() => server.close());
  const downlink = await openDownlink(server.url);
  t.teardown(downlink.close);
  t.equal((await postJson(server.url, "/_dash-live-reply", { connection: downlink.connection })).status, 400);
  t.equal((await postJson(server.url, "/_dash-live-reply", { connection: "forged.id", request: "r1", found: false })).status, 403);
  const unknown = await postJson(server.url, "/_dash-live-reply", { connection: downlink.connection, request: "r1", found: false });
  t.equal(unknown.status, 404);
  t.match((unknown.json as { error: string }).error, /No ctx\.getProp question/);
});

t.test("onConnect: a refusal answers its status with the refusal header (the reason in debug mode); an accepted page gets its downlink", async (t) => {
  const app = progressApp();
  const seen: string[] = [];
  app.onConnect((req) => {
    seen.push(req.cookies.session ?? "");
    return req.cookies.session === "ok" || { status: 401, reason: "log in first" };
  });
  for (const debug of [true, false]) {
    const server = await startApp(app, { debug });
    t.teardown(() => server.close());
    const refused = await fetch(`${server.url}/_dash-downlink`, { headers: { cookie: "session=bad" } });
    t.equal(refused.status, 401);
    t.equal(refused.headers.get(ACCESS_REFUSED_HEADER), "connect", "the page is refused (not one request)");
    const error = ((await refused.json()) as { error: string }).error;
    if (debug) t.match(error, /log in first/, "debug: the reason");
    else t.notMatch(error, /log in first/, "production: no reason");
    const accepted = await openDownlink(server.url, { cookie: "session=ok" });
    accepted.close();
  }
  t.same(seen, ["bad", "ok", "bad", "ok"]);
});

t.test("onRequest: refuses a callback request (over plain HTTP too), or lets it run; hooks run in order", async (t) => {
  const app = progressApp();
  const order: string[] = [];
  app.onRequest(() => {
    order.push("first");
  });
  app.onRequest((req, body) => {
    order.push("second");
    return req.headers["x-token"] === "yes" || body.output !== "out.children" ? true : false;
  });
  const server = await startApp(app, { debug: true });
  t.teardown(() => server.close());
  const refused = await postJson(server.url, "/_dash-update-component", updateRequest("out.children", [["go", "n_clicks", 1]], { outputs: { id: "out", property: "children" } }));
  t.equal(refused.status, 403);
  t.match((refused.json as { error: string }).error, /refused by the app's onRequest hook/);
  const allowed = await postJson(server.url, "/_dash-update-component", updateRequest("out.children", [["go", "n_clicks", 1]], { outputs: { id: "out", property: "children" } }), { "x-token": "yes" });
  t.equal(allowed.status, 200);
  t.same(order, ["first", "second", "first", "second"]);
});

t.test("a foreign Origin is refused on the downlink, a live callback request and the reply route; allowedOrigins lets it in", async (t) => {
  const evil = { origin: "http://evil.example" };
  const server = await startApp(progressApp());
  t.teardown(() => server.close());
  t.equal((await fetch(`${server.url}/_dash-downlink`, { headers: evil })).status, 403);
  const downlink = await openDownlink(server.url);
  t.teardown(downlink.close);
  const live = { ...updateRequest("out.children", [["go", "n_clicks", 1]], { outputs: { id: "out", property: "children" } }), downlink: { connection: downlink.connection, stream: "tab1:1", tab: "tab1" } };
  t.equal((await postJson(server.url, "/_dash-update-component", live, evil)).status, 403);
  t.equal((await postJson(server.url, "/_dash-live-reply", { connection: downlink.connection, request: "r1", found: false }, evil)).status, 403);
  const open = await startApp(progressApp({ allowedOrigins: ["http://evil.example"] }));
  t.teardown(() => open.close());
  const allowed = await openDownlink(open.url, evil);
  allowed.close();
});

t.test("a persistent callback without a downlink is refused with a clear 400; ctx.getProp without one fails clearly", async (t) => {
  const app = progressApp();
  app.callback([], Input("go", "title"), async (_t: unknown, ctx: CallbackContext) => {
    await sleep(1, ctx.signal);
  }, { persistent: true });
  const server = await startApp(app, { debug: true });
  t.teardown(() => server.close());
  const specs = (await (await fetch(`${server.url}/_dash-dependencies`)).json()) as Array<{ output: string; inputs: Array<{ id: string; property: string }> }>;
  const output = specs.find((spec) => spec.inputs.some((input) => input.property === "title"))!.output;
  const refused = await postJson(server.url, "/_dash-update-component", updateRequest(output, [["go", "title", "x"]]));
  t.equal(refused.status, 400);
  t.match((refused.json as { error: string }).error, /is persistent: it runs only for a live page/);
  const read = await postJson(server.url, "/_dash-update-component", updateRequest("name.title", [["name", "n_clicks", 1]], { outputs: { id: "name", property: "title" } }));
  t.equal(read.status, 500);
  t.match((read.json as { error: string }).error, /ctx\.getProp\(\)\/getProps\(\) need a live callback/);
});

/** POST JSON; the answer's status, headers and JSON body. */
async function post(url: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; headers: Headers; json: unknown }> {
  const response = await fetch(`${url}${path}`, { method: "POST", headers: { "content-type": "application/json", accept: "application/json", ...headers }, body: JSON.stringify(body) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, json: text ? (JSON.parse(text) as unknown) : undefined };
}

/** A page's live request that names no downlink (it holds none open). */
const pageTarget = (stream: string): { downlink: { stream: string; tab: string } } => ({ downlink: { stream, tab: stream.split(":")[0] } });

t.test("a request naming no downlink: a callback that neither streams nor reads answers as a plain one; one that does gets 202 with a connection opened for it, whose downlink carries every frame from the first, then the answer", async (t) => {
  const app = new App({ layout: html.Div([html.Button("go", { id: "go" }), html.Div("", { id: "progress" }), html.Div("", { id: "out" }), html.Div("", { id: "plain" })]) });
  app.callback(Output("plain", "children"), Input("go", "n_clicks"), (n: unknown, ctx: CallbackContext) => `plain ${String(n)} live=${String(ctx.live)}`);
  app.callback(Output("out", "children"), Input("go", "n_clicks"), async (n: unknown, ctx: CallbackContext) => {
    for (const step of [1, 2, 3]) await ctx.setProps("progress", { children: `step ${step}` });
    return `done ${String(n)}`;
  });
  const server = await startApp(app);
  t.teardown(() => server.close());
  const plain = await post(server.url, "/_dash-update-component", { ...updateRequest("plain.children", [["go", "n_clicks", 1]], { outputs: { id: "plain", property: "children" } }), ...pageTarget("tab1:1") });
  t.equal(plain.status, 200, "no setProps: answered at once, as a plain callback");
  t.same(plain.json, { multi: true, response: { plain: { children: "plain 1 live=true" } } });
  t.equal(plain.headers.get(LIVE_STREAM_HEADER), null, "and no stream to wait for");

  const streamed = await post(server.url, "/_dash-update-component", { ...updateRequest("out.children", [["go", "n_clicks", 1]], { outputs: { id: "out", property: "children" } }), ...pageTarget("tab1:2") });
  t.equal(streamed.status, 202, "it called setProps: answered at once, the answer follows on the downlink");
  const accepted = streamed.json as { stream: string; connection: string };
  t.equal(accepted.stream, "tab1:2");
  t.type(accepted.connection, "string", "naming the connection opened for it");
  const downlink = await openDownlink(server.url, {}, accepted.connection);
  t.teardown(() => downlink.close());
  await downlink.next((event) => frameOf(event) === "[DONE]");
  const frames = downlink.events.filter((event) => event.event === undefined).map(frameOf);
  t.same(frames, [
    ["[SINGLE]", "progress", { children: "step 1" }],
    ["[SINGLE]", "progress", { children: "step 2" }],
    ["[SINGLE]", "progress", { children: "step 3" }],
    ["[RESPONSE]", null, { status: 200, body: { multi: true, response: { out: { children: "done 1" } } } }],
    "[DONE]",
  ], "every frame from the first, then the answer, then [DONE]");

  const again = await post(server.url, "/_dash-update-component", { ...updateRequest("out.children", [["go", "n_clicks", 2]], { outputs: { id: "out", property: "children" } }), ...pageTarget("tab1:3") });
  t.equal((again.json as { connection: string }).connection, accepted.connection, "the tab's next request that names none streams on the same connection");
});

t.test("setProps backpressure: an awaited setProps loop against a page that does not read pauses, and goes on when it reads; an unawaited flood stops with a clear error", async (t) => {
  const app = new App({ layout: html.Div([html.Button("go", { id: "go" }), html.Div("", { id: "progress" }), html.Div("", { id: "out" }), html.Div("", { id: "flood" })]) });
  const N = 5000;
  let sent = 0;
  app.callback(Output("out", "children"), Input("go", "n_clicks"), async (_n: unknown, ctx: CallbackContext) => {
    for (let i = 1; i <= N; i++) {
      await ctx.setProps("progress", { children: `${"x".repeat(200)} ${i}` });
      sent = i;
    }
    return `sent ${sent}`;
  });
  app.callback(Output("flood", "children"), Input("go", "n_clicks"), async (_n: unknown, ctx: CallbackContext) => {
    // (a sync function's setProps would fold into its answer: this one goes on after returning its promise)
    await Promise.resolve();
    for (let i = 1; i <= N; i++) void ctx.setProps("progress", { children: `flood ${i}` });
    return "flooded";
  });
  const server = await startApp(app, { debug: true });
  t.teardown(() => server.close());
  const answer = await post(server.url, "/_dash-update-component", { ...updateRequest("out.children", [["go", "n_clicks", 1]], { outputs: { id: "out", property: "children" } }), ...pageTarget("tab1:1") });
  t.equal(answer.status, 202);
  const { connection } = answer.json as { connection: string };
  // the page never opens its downlink: the callback must stop and wait
  let before = -1;
  while (sent !== before) {
    before = sent;
    await sleep(200);
  }
  t.ok(sent > 0 && sent < N / 4, `the callback paused after ${sent} of ${N} updates (bounded by the downlink's log), instead of queueing all`);
  const downlink = await openDownlink(server.url, {}, connection);
  t.teardown(() => downlink.close());
  const response = await downlink.next((event) => Array.isArray(frameOf(event)) && (frameOf(event) as unknown[])[0] === "[RESPONSE]");
  t.same(frameOf(response), ["[RESPONSE]", null, { status: 200, body: { multi: true, response: { out: { children: `sent ${N}` } } } }], "once the page read, it went on to the end");
  const singles = downlink.events.filter((event) => Array.isArray(frameOf(event)) && (frameOf(event) as unknown[])[0] === "[SINGLE]");
  t.equal(singles.length, N, "and the page got every update, none dropped");

  const flood = await post(server.url, "/_dash-update-component", { ...updateRequest("flood.children", [["go", "n_clicks", 1]], { outputs: { id: "flood", property: "children" } }), ...pageTarget("tab2:1") });
  t.equal(flood.status, 202);
  const floodLink = await openDownlink(server.url, {}, (flood.json as { connection: string }).connection);
  t.teardown(() => floodLink.close());
  const failed = await floodLink.next((event) => Array.isArray(frameOf(event)) && (frameOf(event) as unknown[])[0] === "[RESPONSE]");
  const [, , { status, body }] = frameOf(failed) as [string, null, { status: number; body: { error: string } }];
  t.equal(status, 500, "a callback that floods without awaiting fails");
  t.match(body.error, /setProps updates wait for a page that is not reading them; `await ctx.setProps/, "with an error that says what to do");
});

t.test("onRequest gates a callback's apiEndpoint and the stream start too", async (t) => {
  const app = new App({ layout: html.Div([html.Button("go", { id: "go" }), html.Div("", { id: "out" })]) });
  app.callback(Output("out", "children"), Input("go", "n_clicks"), (n: unknown) => `api ${String(n)}`, { apiEndpoint: "/api/out" });
  app.eventCallback(Input("go", "n_clicks"), function* () {
    yield streamProps("out", { children: "streamed" });
  });
  const seen: string[] = [];
  app.onRequest((req, body) => {
    seen.push(`${req.url} ${body.output}`);
    return req.headers["x-token"] === "yes" || { status: 401, reason: "no token" };
  });
  const server = await startApp(app, { debug: true });
  t.teardown(() => server.close());
  const refused = await post(server.url, "/api/out", [1]);
  t.equal(refused.status, 401, "the apiEndpoint call was refused");
  t.equal(refused.headers.get(ACCESS_REFUSED_HEADER), "request");
  t.match((refused.json as { error: string }).error, /no token/);
  const allowed = await post(server.url, "/api/out", [1], { "x-token": "yes" });
  t.equal(allowed.status, 200);
  t.same(allowed.json, "api 1");
  t.same(seen, ["/api/out out.children", "/api/out out.children"], "the hook saw the callback the endpoint calls");
  const eventOutput = app.registry.specs().find((spec) => spec.stream === true)!.output;
  const stream = await post(server.url, "/dash_update_component_sse", updateRequest(eventOutput, [["go", "n_clicks", 1]]));
  t.equal(stream.status, 401, "the stream start was refused");
});
