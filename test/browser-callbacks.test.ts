import t from "tap";
import { App, html, Input, Output, State, MATCH, ALL, ALLSMALLER, Patch, setProps, sleep } from "../lib/index.js";
import type { Page } from "playwright-core";
import { openApp, waitForText } from "./helpers/browser.js";

/** The bodies of the `/_dash-update-component` requests the page sends, in order. */
function recordUpdateRequests(page: Page): unknown[] {
  const bodies: unknown[] = [];
  page.on("request", (request) => {
    if (request.url().endsWith("/_dash-update-component")) bodies.push(JSON.parse(request.postData() ?? "null"));
  });
  return bodies;
}

t.test("a click runs a regular callback, and the chained callback follows with the new value", async (t) => {
  const app = new App({
    layout: html.Div([html.Button("go", { id: "btn" }), html.Div("initial", { id: "out" }), html.Div({ id: "chained" })]),
  });
  app.callback(Output("out", "children"), Input("btn", "n_clicks"), (n: number | undefined) => `clicked ${n ?? "never"}`);
  app.callback(Output("chained", "children"), Input("out", "children"), (text: unknown) => `chained saw [${String(text)}]`);
  const { page } = await openApp(t, app);
  // At load, the chained callback waits for its producer and is sent once, with the produced value.
  await waitForText(page, "#chained", "chained saw [clicked never]");
  const bodies = recordUpdateRequests(page);
  await page.click("#btn");
  await waitForText(page, "#chained", "chained saw [clicked 1]");
  t.equal(await page.textContent("#out"), "clicked 1");
  t.same(bodies, [
    {
      output: "out.children",
      outputs: { id: "out", property: "children" },
      inputs: [{ id: "btn", property: "n_clicks", value: 1 }],
      changedPropIds: ["btn.n_clicks"],
      parsedChangedPropsIds: ["btn.n_clicks"],
    },
    {
      output: "chained.children",
      outputs: { id: "chained", property: "children" },
      inputs: [{ id: "out", property: "children", value: "clicked 1" }],
      changedPropIds: ["out.children"],
      parsedChangedPropsIds: ["out.children"],
    },
  ]);
  // Key order is part of the wire format.
  t.same(Object.keys(bodies[0] as object), ["output", "outputs", "inputs", "changedPropIds", "parsedChangedPropsIds"]);
});

t.test("a newer request of a callback supersedes a running one: the late older answer is dropped, as in dash-renderer", async (t) => {
  let releaseFirst: () => void = () => {};
  const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
  let firstAnswered: () => void = () => {};
  const firstDone = new Promise<void>((resolve) => (firstAnswered = resolve));
  const app = new App({ layout: html.Div([html.Button("go", { id: "btn" }), html.Div("initial", { id: "out" })]) });
  app.callback(
    Output("out", "children"),
    Input("btn", "n_clicks"),
    async (n: number) => {
      if (n === 1) {
        await firstHeld;
        firstAnswered();
      }
      return `click ${n}`;
    },
    { preventInitialCall: true },
  );
  const { page } = await openApp(t, app);
  const bodies = recordUpdateRequests(page);
  await page.click("#btn"); // request 1: held on the server
  await page.waitForFunction(() => document.getElementById("out")?.getAttribute("data-dash-is-loading") === "true");
  await page.click("#btn"); // request 2: answered at once
  await waitForText(page, "#out", "click 2");
  t.equal(await page.getAttribute("#out", "data-dash-is-loading"), null, "not loading: the newest request has answered");
  releaseFirst();
  await firstDone;
  // the late answer travels back; give it time to land, if it were going to
  await page.evaluate(() => fetch("/_dash-layout").then(() => new Promise((resolve) => setTimeout(resolve, 100))));
  t.equal(await page.textContent("#out"), "click 2", "the answer of click 1, arriving last, does not overwrite click 2");
  t.equal(bodies.length, 2, "both requests were sent");
});

t.test("a callback waits for every upstream chain that will change its inputs, then runs once", async (t) => {
  const app = new App({
    layout: html.Div([html.Button("go", { id: "btn" }), html.Div({ id: "a" }), html.Div({ id: "b" }), html.Div({ id: "c" })]),
  });
  app.callback(Output("a", "children"), Input("btn", "n_clicks"), async (n: unknown) => {
    await sleep(30);
    return `a${typeof n === "number" ? n : 0}`;
  });
  app.callback(Output("b", "children"), Input("a", "children"), (a: unknown) => `b(${String(a)})`);
  // c reads btn directly and, two steps downstream, through a and b: Dash holds it until b is known.
  app.callback(Output("c", "children"), [Input("btn", "n_clicks"), Input("b", "children")], (n: number | undefined, b: unknown) => `c ${n ?? 0} ${String(b)}`);
  const { page } = await openApp(t, app);
  await waitForText(page, "#c", "c 0 b(a0)");
  const bodies = recordUpdateRequests(page);
  await page.click("#btn");
  await waitForText(page, "#c", "c 1 b(a1)");
  const forC = bodies.filter((b) => (b as { output: string }).output === "c.children");
  t.same(forC, [
    {
      output: "c.children",
      outputs: { id: "c", property: "children" },
      inputs: [
        { id: "btn", property: "n_clicks", value: 1 },
        { id: "b", property: "children", value: "b(a1)" },
      ],
      changedPropIds: ["btn.n_clicks", "b.children"],
      parsedChangedPropsIds: ["btn.n_clicks", "b.children"],
    },
  ]);
});

t.test("multi-output with State; running props and loading state while the callback runs", async (t) => {
  let release: () => void = () => {};
  // the page shows the loading state as soon as it sends the request, which may be before the
  // server calls the function: release it only once it runs (a loaded machine hit that window)
  let entered: () => void = () => {};
  const running = new Promise<void>((resolve) => (entered = resolve));
  const app = new App({
    layout: html.Div([
      html.Button("run", { id: "run" }),
      html.Div("a0", { id: "a" }),
      html.Div("b0", { id: "b" }),
      html.Div("kept", { id: "state-src", title: "from state" }),
    ]),
  });
  app.callback(
    [Output("a", "children"), Output("b", "children")],
    Input("run", "n_clicks"),
    State("state-src", "title"),
    async (n: unknown, title: unknown) => {
      await new Promise<void>((resolve) => {
        release = resolve;
        entered();
      });
      return [`a${String(n)}`, `b ${String(title)}`];
    },
    { preventInitialCall: true, running: [[Output("run", "disabled"), true, false]] },
  );
  const { page } = await openApp(t, app);
  const bodies = recordUpdateRequests(page);
  await page.click("#run");
  await page.waitForSelector("#run[disabled]");
  await page.waitForSelector('#a[data-dash-is-loading="true"]');
  t.equal(await page.getAttribute("#b", "data-dash-is-loading"), "true");
  await running;
  release();
  await waitForText(page, "#a", "a1");
  t.equal(await page.textContent("#b"), "b from state");
  await page.waitForSelector("#run:not([disabled])");
  t.equal(await page.getAttribute("#a", "data-dash-is-loading"), null);
  t.same(bodies, [
    {
      output: "..a.children...b.children..",
      outputs: [
        { id: "a", property: "children" },
        { id: "b", property: "children" },
      ],
      inputs: [{ id: "run", property: "n_clicks", value: 1 }],
      changedPropIds: ["run.n_clicks"],
      parsedChangedPropsIds: ["run.n_clicks"],
      state: [{ id: "state-src", property: "title", value: "from state" }],
    },
  ]);
});

t.test("a callback error is shown, dismissable, in debug mode; the page keeps working", async (t) => {
  const app = new App({ layout: html.Div([html.Button("fail", { id: "fail" }), html.Div("unchanged", { id: "out" }), html.Button("ok", { id: "ok" })]) });
  app.callback(Output("out", "children"), Input("fail", "n_clicks"), () => {
    throw new Error("boom in callback");
  }, { preventInitialCall: true });
  app.callback(Output("ok", "children"), Input("ok", "n_clicks"), (n: unknown) => `ok ${String(n)}`, { preventInitialCall: true });
  const { page, dialogs } = await openApp(t, app, { debug: true });
  await page.click("#fail");
  await page.waitForSelector(".dash-events-error");
  t.match(await page.textContent(".dash-events-error"), /out\.children/);
  t.equal(await page.textContent("#out"), "unchanged");
  await page.click(".dash-events-error-dismiss");
  await page.waitForSelector(".dash-events-error", { state: "detached" });
  await page.click("#ok");
  await waitForText(page, "#ok", "ok 1");
  t.same(dialogs, []);
});

t.test("without debug, a callback error goes to the console only", async (t) => {
  const app = new App({ layout: html.Div([html.Button("fail", { id: "fail" }), html.Div("unchanged", { id: "out" })]) });
  app.callback(Output("out", "children"), Input("fail", "n_clicks"), () => {
    throw new Error("boom");
  }, { preventInitialCall: true });
  const { page } = await openApp(t, app, { debug: false });
  const logged = page.waitForEvent("console", (m) => m.type() === "error" && m.text().includes("Callback error updating out.children"));
  await page.click("#fail");
  await logged;
  t.equal(await page.textContent("#out"), "unchanged");
  t.equal(await page.locator(".dash-events-error").count(), 0);
});

t.test("set_props: an unknown id warns and is skipped; a known id updates and triggers its callbacks", async (t) => {
  const app = new App({ layout: html.Div([html.Div("src0", { id: "src" }), html.Div({ id: "derived" })]) });
  app.callback(Output("derived", "children"), Input("src", "children"), (v: unknown) => `derived ${String(v)}`);
  const { page, pageErrors, consoleMessages } = await openApp(t, app);
  await waitForText(page, "#derived", "derived src0");
  await page.evaluate(() => {
    const setProps = window.dash_clientside!.set_props!;
    setProps("no-such-id", { children: "x" });
    setProps("src", { children: "src1" });
  });
  await waitForText(page, "#derived", "derived src1");
  t.equal(await page.textContent("#src"), "src1");
  t.ok(consoleMessages.some((m) => m.startsWith("warning: ") && m.includes("no-such-id")));
  t.same(pageErrors, []);
});

t.test("sideUpdate (setProps in a callback) and Patch values are applied", async (t) => {
  const app = new App({
    layout: html.Div([
      html.Button("go", { id: "go" }),
      html.Ul([html.Li("first")], { id: "list" }),
      html.Div({ id: "side" }),
      html.Div({ id: "count", title: "0" }),
    ]),
  });
  app.callback(
    [Output("list", "children"), Output("count", "title")],
    Input("go", "n_clicks"),
    (n: unknown) => {
      setProps("side", { children: `side ${String(n)}` });
      return [new Patch().append(html.Li(`item ${String(n)}`)).prepend(html.Li("top")), new Patch().assign(String(n))];
    },
    { preventInitialCall: true },
  );
  const { page } = await openApp(t, app);
  await page.click("#go");
  await waitForText(page, "#side", "side 1");
  t.same(await page.locator("#list li").allTextContents(), ["top", "first", "item 1"]);
  t.equal(await page.getAttribute("#count", "title"), "1");
});

t.test("pattern-matching: MATCH answers the clicked one, ALL sees every one, new components get their callbacks", async (t) => {
  const app = new App({
    layout: html.Div([
      ...[0, 1, 2].map((i) => html.Button(`btn ${i}`, { id: { type: "btn", index: i } })),
      ...[0, 1, 2].map((i) => html.Div(`out ${i}`, { id: { type: "out", index: i } })),
      html.Div({ id: "all" }),
      html.Button("add", { id: "add" }),
      html.Div({ id: "container" }),
      html.Div({ id: "dyn-out" }),
    ]),
  });
  app.callback(Output({ type: "out", index: MATCH }, "children"), Input({ type: "btn", index: MATCH }, "n_clicks"), (n: unknown) => `clicked ${String(n)}`, { preventInitialCall: true });
  app.callback(Output("all", "children"), Input({ type: "btn", index: ALL }, "n_clicks"), (clicks: unknown) => `all ${JSON.stringify(clicks)}`);
  app.callback(Output("container", "children"), Input("add", "n_clicks"), () => html.Div([html.Button("dyn", { id: "dyn-btn" }), html.Button("btn 3", { id: { type: "btn", index: 3 } })]), { preventInitialCall: true });
  app.callback(Output("dyn-out", "children"), Input("dyn-btn", "n_clicks"), (n: number | undefined) => `dyn ${n ?? "none"}`);
  const { page } = await openApp(t, app);
  await waitForText(page, "#all", "all [null,null,null]");
  const bodies = recordUpdateRequests(page);
  await page.click('[id=\'{"index":2,"type":"btn"}\']');
  await waitForText(page, '[id=\'{"index":2,"type":"out"}\']', "clicked 1");
  await waitForText(page, "#all", "all [null,null,1]");
  t.equal(await page.textContent('[id=\'{"index":0,"type":"out"}\']'), "out 0");
  const match = bodies.find((b) => (b as { output: string }).output.includes("MATCH")) as Record<string, unknown>;
  t.same(match, {
    output: '{"index":["MATCH"],"type":"out"}.children',
    outputs: { id: { index: 2, type: "out" }, property: "children" },
    inputs: [{ id: { index: 2, type: "btn" }, property: "n_clicks", value: 1 }],
    changedPropIds: ['{"index":2,"type":"btn"}.n_clicks'],
    parsedChangedPropsIds: [{ index: 2, type: "btn" }],
  });
  await page.click("#add");
  // The new subtree's own callback gets its initial call; the ALL callback re-fires with the new member.
  await waitForText(page, "#dyn-out", "dyn none");
  await waitForText(page, "#all", "all [null,null,1,null]");
  await page.click("#dyn-btn");
  await waitForText(page, "#dyn-out", "dyn 1");
});

t.test("ALLSMALLER: each MATCH instance gets the inputs of smaller index, in layout order", async (t) => {
  const app = new App({
    layout: html.Div([
      ...[0, 1, 2].map((i) => html.Div(`in ${i}`, { id: { type: "in", index: i }, title: String(i * 10) })),
      ...[0, 1, 2].map((i) => html.Div({ id: { type: "out", index: i } })),
    ]),
  });
  app.callback(
    Output({ type: "out", index: MATCH }, "children"),
    [Input({ type: "in", index: MATCH }, "title"), Input({ type: "in", index: ALLSMALLER }, "title")],
    (own: unknown, smaller: unknown) => `${String(own)} after ${JSON.stringify(smaller)}`,
  );
  const bodies: unknown[] = [];
  const { page } = await openApp(t, app, {
    beforeLoad: (p) =>
      p.on("request", (r) => {
        if (r.url().endsWith("/_dash-update-component")) bodies.push(JSON.parse(r.postData() ?? "null"));
      }),
  });
  const out = (i: number) => `[id='{"index":${i},"type":"out"}']`;
  await waitForText(page, out(0), "0 after []");
  await waitForText(page, out(1), '10 after ["0"]');
  await waitForText(page, out(2), '20 after ["0","10"]');
  t.equal(bodies.length, 3, "one initial call per MATCH instance");
  t.same(
    bodies.find((b) => JSON.stringify(b).includes('"outputs":{"id":{"index":2')),
    {
      output: '{"index":["MATCH"],"type":"out"}.children',
      outputs: { id: { index: 2, type: "out" }, property: "children" },
      inputs: [
        { id: { index: 2, type: "in" }, property: "title", value: "20" },
        [
          { id: { index: 0, type: "in" }, property: "title", value: "0" },
          { id: { index: 1, type: "in" }, property: "title", value: "10" },
        ],
      ],
      changedPropIds: [],
      parsedChangedPropsIds: [],
    },
  );
});

t.test("clientside callbacks: no_update leaves an output, PreventUpdate leaves all, the result triggers server callbacks", async (t) => {
  const app = new App({
    layout: html.Div([html.Button("go", { id: "go" }), html.Div("a0", { id: "a" }), html.Div("b0", { id: "b" }), html.Div({ id: "server" })]),
  });
  app.clientsideCallback(
    `function (n) {
      if (n === undefined) throw window.dash_clientside.PreventUpdate;
      return ["a" + n, n % 2 ? window.dash_clientside.no_update : "b" + n];
    }`,
    [Output("a", "children"), Output("b", "children")],
    Input("go", "n_clicks"),
  );
  app.callback(Output("server", "children"), Input("a", "children"), (a: unknown) => `server saw ${String(a)}`);
  const { page } = await openApp(t, app);
  // As in Dash: the clientside callback prevents its initial update, so the server callback that
  // only reads its output is dropped from the initial chain.
  await page.waitForFunction(() => window.dash_clientside !== undefined);
  await page.waitForTimeout(300);
  t.equal(await page.textContent("#a"), "a0", "PreventUpdate at load: nothing changed");
  t.equal(await page.textContent("#server"), "", "the prevented chain did not run");
  await page.click("#go");
  await waitForText(page, "#server", "server saw a1");
  t.equal(await page.textContent("#b"), "b0", "no_update kept b");
  await page.click("#go");
  await waitForText(page, "#b", "b2");
});

t.test("a circular callback (outputs that are its own inputs) does not re-trigger itself", async (t) => {
  const app = new App({ layout: html.Div([html.Div("a", { id: "a", title: "1" }), html.Div("b", { id: "b", title: "1" })]) });
  app.callback(
    [Output("a", "title"), Output("b", "title")],
    [Input("a", "title"), Input("b", "title")],
    (a: unknown, b: unknown, ctx: { triggeredId: unknown }) => {
      const value = ctx.triggeredId === "b" ? b : a;
      return [value, value];
    },
    { preventInitialCall: true },
  );
  const bodies: unknown[] = [];
  const { page } = await openApp(t, app, {
    beforeLoad: (p) =>
      p.on("request", (r) => {
        if (r.url().endsWith("/_dash-update-component")) bodies.push(JSON.parse(r.postData() ?? "null"));
      }),
  });
  await page.evaluate(() => window.dash_clientside!.set_props!("b", { title: "7" }));
  await page.waitForFunction(() => document.getElementById("a")?.title === "7");
  await page.evaluate(() => window.dash_clientside!.set_props!("a", { title: "8" }));
  await page.waitForFunction(() => document.getElementById("b")?.title === "8");
  await page.waitForTimeout(100); // a re-trigger would be sent right away; give its request event time to arrive
  t.equal(bodies.length, 2, "one request per user change, none from the callback's own response");
});
