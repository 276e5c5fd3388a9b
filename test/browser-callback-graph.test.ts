// The dependency graph as dash-renderer runs it, pinned with small apps ported from Dash's own
// integration tests (tests/integration/callbacks/test_wildcards.py, test_prevent_update.py,
// test_multiple_callbacks.py) and Dash's documentation of pattern-matching callbacks.
import t from "tap";
import { App, html, dcc, Input, Output, State, MATCH, ALL, ALLSMALLER, PreventUpdate, noUpdate, type CallbackContext } from "../lib/index.js";
import { openApp, waitForText } from "./helpers/browser.js";

/** A CSS selector for a component with an object id (Dash's stringified id, keys sorted). */
function idSelector(id: Record<string, string | number | boolean>): string {
  const keys = Object.keys(id).sort();
  const text = "{" + keys.map((k) => `${JSON.stringify(k)}:${JSON.stringify(id[k])}`).join(",") + "}";
  return `[id='${text}']`;
}

function fibonacciApp(clientside: boolean) {
  const calls = { sequence: 0, sum: 0 };
  const app = new App({
    layout: html.Div([dcc.Input({ id: "n", type: "number", min: 0, max: 10, value: 4 }), html.Div({ id: "series" }), html.Div({ id: "sum" })]),
  });
  app.callback(Output("series", "children"), Input("n", "value"), (n: unknown) =>
    Array.from({ length: Number(n ?? 0) }, (_, i) => html.Div({ id: { i } })),
  );
  if (clientside) {
    app.clientsideCallback(
      `function (vals) {
        var len = vals.length;
        return len < 2 ? len : +(vals[len - 1] || 0) + +(vals[len - 2] || 0);
      }`,
      Output({ i: MATCH }, "children"),
      Input({ i: ALLSMALLER }, "children"),
    );
    app.clientsideCallback(
      `function (vals) {
        var sum = vals.reduce(function (a, b) { return +a + +b; }, 0);
        return vals.length + " elements, sum: " + sum;
      }`,
      Output("sum", "children"),
      Input({ i: ALL }, "children"),
    );
  } else {
    app.callback(Output({ i: MATCH }, "children"), Input({ i: ALLSMALLER }, "children"), (prev: unknown) => {
      calls.sequence++;
      const values = prev as unknown[];
      return values.length < 2 ? values.length : Number(values.at(-1) ?? 0) + Number(values.at(-2) ?? 0);
    });
    app.callback(Output("sum", "children"), Input({ i: ALL }, "children"), (seq: unknown) => {
      calls.sum++;
      const values = seq as unknown[];
      return `${values.length} elements, sum: ${values.reduce<number>((a, b) => a + Number(b ?? 0), 0)}`;
    });
  }
  return { app, calls };
}

for (const clientside of [false, true]) {
  t.test(`Fibonacci (${clientside ? "clientside" : "server"}): MATCH/ALLSMALLER and ALL callbacks run for the components a callback adds`, async (t) => {
    const { app, calls } = fibonacciApp(clientside);
    const { page } = await openApp(t, app);
    // The series callback inserts 4 Divs: each gets its initial call, in order, and the sum runs on all.
    await waitForText(page, "#sum", "4 elements, sum: 4");
    t.same(await page.locator("#series > div").allTextContents(), ["0", "1", "1", "2"]);
    const sums = ["5 elements, sum: 7", "6 elements, sum: 12", "7 elements, sum: 20"];
    for (const expected of sums) {
      await page.press("#n", "ArrowUp");
      await waitForText(page, "#sum", expected);
    }
    t.same(await page.locator("#series > div").allTextContents(), ["0", "1", "1", "2", "3", "5", "8"]);
    for (const expected of ["6 elements, sum: 12", "5 elements, sum: 7", "4 elements, sum: 4", "3 elements, sum: 2", "2 elements, sum: 1", "1 elements, sum: 0", "0 elements, sum: 0"]) {
      await page.press("#n", "ArrowDown");
      await waitForText(page, "#sum", expected);
    }
    if (!clientside) t.ok(calls.sum >= 11, `the ALL callback ran for every change of the set (${calls.sum} calls)`);
  });
}

/** Dash's to-do app (tests/assets/todo_app.py), line for line. */
function todoApp() {
  const calls = { list: 0, style: 0, preceding: 0, total: 0 };
  const styleTodo = { display: "inline", margin: "10px" };
  const styleDone = { ...styleTodo, textDecoration: "line-through", color: "#888" };
  const app = new App({
    layout: html.Div([
      html.Div("Dash To-Do list"),
      dcc.Input({ id: "new-item" }),
      html.Button("Add", { id: "add" }),
      html.Button("Clear Done", { id: "clear-done" }),
      html.Div({ id: "list-container" }),
      html.Hr(),
      html.Div({ id: "totals" }),
    ]),
  });
  app.callback(
    [Output("list-container", "children"), Output("new-item", "value")],
    [Input("add", "n_clicks"), Input("new-item", "n_submit"), Input("clear-done", "n_clicks")],
    [State("new-item", "value"), State({ item: ALL }, "children"), State({ item: ALL, action: "done" }, "value")],
    (_add: unknown, _submit: unknown, _clear: unknown, newItem: unknown, items: unknown, itemsDone: unknown, ctx: CallbackContext) => {
      calls.list++;
      const triggered = ctx.triggered.map((entry) => entry.prop_id);
      const adding = triggered.some((id) => id === "add.n_clicks" || id === "new-item.n_submit");
      const clearing = triggered.includes("clear-done.n_clicks");
      const done = itemsDone as string[][];
      const spec = (items as string[]).map((text, i) => [text, done[i] ?? []] as const).filter(([, d]) => !(clearing && d.length > 0));
      if (adding) spec.push([String(newItem), []]);
      const list = spec.map(([text, d], i) =>
        html.Div(
          [
            dcc.Checklist({ id: { item: i, action: "done" }, options: [{ label: "", value: "done" }], value: [...d], style: { display: "inline" } }),
            html.Div(text, { id: { item: i }, style: d.length > 0 ? styleDone : styleTodo }),
            html.Div({ id: { item: i, preceding: true }, style: styleTodo }),
          ],
          { style: { clear: "both" } },
        ),
      );
      return [list, adding ? "" : newItem];
    },
  );
  app.callback(Output({ item: MATCH }, "style"), Input({ item: MATCH, action: "done" }, "value"), (done: unknown) => {
    calls.style++;
    return (done as string[]).length > 0 ? styleDone : styleTodo;
  });
  app.callback(
    Output({ item: MATCH, preceding: true }, "children"),
    [Input({ item: ALLSMALLER, action: "done" }, "value"), Input({ item: MATCH, action: "done" }, "value")],
    (doneBefore: unknown, thisDone: unknown) => {
      calls.preceding++;
      if ((thisDone as string[]).length > 0) return "";
      const before = doneBefore as string[][];
      const count = before.filter((d) => d.length > 0).length;
      return `${count} of ${before.length} preceding items are done${before.length === count ? " DO THIS NEXT!" : ""}`;
    },
  );
  app.callback(Output("totals", "children"), Input({ item: ALL, action: "done" }, "value"), (done: unknown) => {
    calls.total++;
    const all = done as string[][];
    const count = all.filter((d) => d.length > 0).length;
    return `${count} of ${all.length} items completed${all.length > 0 ? ` - ${Math.floor((100 * count) / all.length)}%` : ""}`;
  });
  return { app, calls };
}

t.test("Dash's to-do app: ALLSMALLER reaches only later items, removed components re-run the ALL callbacks", async (t) => {
  const { app, calls } = todoApp();
  const { page } = await openApp(t, app);
  await waitForText(page, "#totals", "0 of 0 items completed");
  t.same(calls, { list: 1, style: 0, preceding: 0, total: 1 }, "at load: the list and the totals once, no item callbacks");

  const add = async (text: string, total: string) => {
    await page.fill("#new-item", text);
    await page.click("#add");
    await waitForText(page, "#totals", total);
  };
  const checkbox = (item: number) => `${idSelector({ action: "done", item })} input`;
  const assertItem = async (item: number, text: string, done: boolean, note: string) => {
    await waitForText(page, idSelector({ item }), text);
    await waitForText(page, idSelector({ item, preceding: true }), note);
    t.equal(await page.isChecked(checkbox(item)), done, `item ${item} checked: ${done}`);
  };
  await add("apples", "0 of 1 items completed - 0%");
  await add("bananas", "0 of 2 items completed - 0%");
  await add("carrots", "0 of 3 items completed - 0%");
  await add("dates", "0 of 4 items completed - 0%");
  t.equal(await page.locator("#list-container > div").count(), 4);
  await assertItem(0, "apples", false, "0 of 0 preceding items are done DO THIS NEXT!");
  await assertItem(1, "bananas", false, "0 of 1 preceding items are done");
  await assertItem(2, "carrots", false, "0 of 2 preceding items are done");
  await assertItem(3, "dates", false, "0 of 3 preceding items are done");

  const before = calls.preceding;
  await page.click(checkbox(2));
  await waitForText(page, "#totals", "1 of 4 items completed - 25%");
  await assertItem(2, "carrots", true, "");
  await assertItem(3, "dates", false, "1 of 3 preceding items are done");
  await assertItem(0, "apples", false, "0 of 0 preceding items are done DO THIS NEXT!");
  t.equal(calls.preceding - before, 2, "checking item 2 re-ran the preceding note of items 2 and 3 only, never of 0 and 1");

  await page.click(checkbox(0));
  await waitForText(page, "#totals", "2 of 4 items completed - 50%");
  await assertItem(1, "bananas", false, "1 of 1 preceding items are done DO THIS NEXT!");
  await assertItem(3, "dates", false, "2 of 3 preceding items are done");

  await page.click("#clear-done");
  await waitForText(page, "#totals", "0 of 2 items completed - 0%");
  await assertItem(0, "bananas", false, "0 of 0 preceding items are done DO THIS NEXT!");
  await assertItem(1, "dates", false, "0 of 1 preceding items are done");

  await page.click(checkbox(0));
  await waitForText(page, "#totals", "1 of 2 items completed - 50%");
  await page.click(checkbox(1));
  await waitForText(page, "#totals", "2 of 2 items completed - 100%");
  await page.click("#clear-done");
  // The tricky one, as Dash's test calls it: the totals run because their components went away.
  await waitForText(page, "#totals", "0 of 0 items completed");
  t.equal(await page.locator("#list-container > div").count(), 0);
});

t.test("a children State is the tree as it is now: a filter builder that appends rows keeps every row's value", async (t) => {
  const app = new App({
    // dcc first appears in a callback's answer: preloaded until suites load on demand (issue 13).
    suites: ["dcc"],
    layout: html.Div([html.Button("Add Filter", { id: "add-filter", n_clicks: 0 }), html.Div({ id: "container", children: [] }), html.Div({ id: "seen" })]),
  });
  app.callback(Output("container", "children"), Input("add-filter", "n_clicks"), State("container", "children"), (n: unknown, children: unknown) => [
    ...(children as unknown[]),
    html.Div([dcc.Input({ id: { type: "filter", index: Number(n) }, value: "" }), html.Div({ id: { type: "output", index: Number(n) } })]),
  ]);
  app.callback(Output({ type: "output", index: MATCH }, "children"), Input({ type: "filter", index: MATCH }, "value"), State({ type: "filter", index: MATCH }, "id"), (value: unknown, id: unknown) =>
    `Filter ${(id as { index: number }).index} = ${String(value)}`,
  );
  // What a server callback receives as the container's children: the inputs' current values.
  app.callback(Output("seen", "children"), Input("add-filter", "n_clicks"), State("container", "children"), (_n: unknown, children: unknown) => {
    const values: unknown[] = [];
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(walk);
      else if (value && typeof value === "object") {
        const node = value as { type?: string; props?: Record<string, unknown> };
        if (node.type === "Input") values.push(node.props?.value);
        for (const child of Object.values(node.props ?? {})) walk(child);
      }
    };
    walk(children);
    return JSON.stringify(values);
  });
  const { page } = await openApp(t, app);
  const filter = (index: number) => `input${idSelector({ index, type: "filter" })}`;
  await page.waitForSelector(filter(0));
  await page.fill(filter(0), "LA");
  await waitForText(page, idSelector({ index: 0, type: "output" }), "Filter 0 = LA");
  await page.click("#add-filter");
  await page.waitForSelector(filter(1));
  await page.fill(filter(1), "MTL");
  await waitForText(page, idSelector({ index: 1, type: "output" }), "Filter 1 = MTL");
  t.equal(await page.inputValue(filter(0)), "LA", "the first row kept the value the user typed");
  await waitForText(page, idSelector({ index: 0, type: "output" }), "Filter 0 = LA");
  await page.click("#add-filter");
  await page.waitForSelector(filter(2));
  t.equal(await page.inputValue(filter(0)), "LA");
  t.equal(await page.inputValue(filter(1)), "MTL");
  await waitForText(page, "#seen", JSON.stringify(["LA", "MTL"]));
});

t.test("the initial chain leaves out callbacks fed only by missing inputs or by callbacks left out", async (t) => {
  const calls: string[] = [];
  const app = new App({ layout: html.Div([html.Div({ id: "b" }), html.Div({ id: "c" }), html.Div("present", { id: "p" }), html.Div({ id: "d" })]) });
  // "missing" is not in the layout: this one is left out, and so is the one fed by it alone.
  app.callback(Output("b", "children"), Input("missing", "children"), () => (calls.push("b"), "b ran"));
  app.callback(Output("c", "children"), Input("b", "children"), () => (calls.push("c"), "c ran"));
  // Fed by a left-out callback and a present component: it runs.
  app.callback(Output("d", "children"), [Input("b", "children"), Input("p", "children")], (b: unknown, p: unknown) => (calls.push("d"), `d saw ${String(b)} ${String(p)}`));
  const { page } = await openApp(t, app);
  await waitForText(page, "#d", "d saw null present");
  await page.waitForTimeout(200);
  t.same(calls, ["d"]);
  t.equal(await page.textContent("#c"), "");
});

t.test("PreventUpdate and noUpdate stop the chain: followers whose only changed inputs were not updated do not fire", async (t) => {
  const calls: string[] = [];
  const app = new App({
    layout: html.Div([
      dcc.Input({ id: "input", value: "initial input" }),
      html.Div("initial output", { id: "output1" }),
      html.Div("initial output", { id: "output2" }),
      html.Div({ id: "n1" }),
      html.Div({ id: "n2" }),
      html.Div({ id: "after-n1" }),
      html.Div({ id: "after-n2" }),
    ]),
  });
  let count = 0;
  app.callback(Output("output1", "children"), Input("input", "value"), () => {
    calls.push("callback1");
    count++;
    if (count > 2) return noUpdate;
    throw new PreventUpdate();
  });
  app.callback(Output("output2", "children"), Input("output1", "children"), (value: unknown) => (calls.push("callback2"), value));
  // A multi-output callback that updates only n1: the follower of n2 does not run, that of n1 does.
  app.callback([Output("n1", "children"), Output("n2", "children")], Input("input", "value"), (v: unknown) => [`n1 ${String(v)}`, noUpdate]);
  app.callback(Output("after-n1", "children"), Input("n1", "children"), (v: unknown) => (calls.push("after-n1"), `after ${String(v)}`));
  app.callback(Output("after-n2", "children"), Input("n2", "children"), (v: unknown) => (calls.push("after-n2"), `after ${String(v)}`));
  const { page } = await openApp(t, app);
  await waitForText(page, "#after-n1", "after n1 initial input");
  await page.click("#input");
  await page.press("#input", "End");
  await page.keyboard.type("xyz");
  await waitForText(page, "#after-n1", "after n1 initial inputxyz");
  await page.waitForTimeout(300);
  t.equal(calls.filter((c) => c === "callback1").length, 4, "callback1 runs at load and for each key");
  t.notOk(calls.includes("callback2"), "callback2 is never triggered, even on initial load");
  t.notOk(calls.includes("after-n2"), "the follower of the no_update output never ran");
  t.equal(await page.textContent("#output2"), "initial output");
});

t.test("callbacks whose outputs match nothing do not run; MATCH with an extra ALL output writes to its own group", async (t) => {
  let emptyCalls = 0;
  const app = new App({
    layout: html.Div([
      html.Button("go", { id: "go" }),
      html.Div({ id: { cell: 0, row: 1 } }),
      html.Div({ id: { cell: 1, row: 1 } }),
      html.Div({ id: { cell: 0, row: 2 } }),
      html.Div({ id: { row: 1 } }),
      html.Div({ id: { row: 2 } }),
      html.Button("bump 1", { id: { bump: true, row: 1 } }),
      html.Button("bump 2", { id: { bump: true, row: 2 } }),
    ]),
  });
  app.callback(Output({ kind: "nothing", i: ALL }, "children"), Input("go", "n_clicks"), () => {
    emptyCalls++;
    return [];
  });
  app.callback(
    [Output({ cell: ALL, row: MATCH }, "children"), Output({ row: MATCH }, "children")],
    Input({ bump: true, row: MATCH }, "n_clicks"),
    State({ cell: ALL, row: MATCH }, "id"),
    (n: number | undefined, cells: unknown) => {
      const ids = cells as Array<{ cell: number; row: number }>;
      return [ids.map((id) => `r${id.row}c${id.cell}:${n ?? 0}`), `row ${ids[0]?.row ?? "?"}: ${ids.length} cells`];
    },
  );
  const { page } = await openApp(t, app);
  await waitForText(page, idSelector({ row: 2 }), "row 2: 1 cells");
  await page.click(idSelector({ bump: true, row: 1 }));
  await waitForText(page, idSelector({ cell: 1, row: 1 }), "r1c1:1");
  t.equal(await page.textContent(idSelector({ cell: 0, row: 1 })), "r1c0:1");
  t.equal(await page.textContent(idSelector({ cell: 0, row: 2 })), "r2c0:0", "row 2's group was not written");
  t.equal(await page.textContent(idSelector({ row: 1 })), "row 1: 2 cells");
  await page.click("#go");
  await page.waitForTimeout(300);
  t.equal(emptyCalls, 0, "an ALL output with no component: never called, at load or on click");
});

t.test("running with pattern-matching outputs applies to the instance that runs, and is undone after", async (t) => {
  let release: () => void = () => {};
  // resolved once the click's run waits for `release` (the button may be disabled before its POST arrives)
  let waiting: () => void = () => {};
  const runWaits = new Promise<void>((resolve) => (waiting = resolve));
  const app = new App({
    layout: html.Div([0, 1].flatMap((i) => [html.Button(`go ${i}`, { id: { type: "go", index: i } }), html.Div({ id: { type: "out", index: i } })])),
  });
  app.callback(
    Output({ type: "out", index: MATCH }, "children"),
    Input({ type: "go", index: MATCH }, "n_clicks"),
    async (n: number | undefined) => {
      if (n) {
        await new Promise<void>((resolve) => {
          release = resolve;
          waiting();
        });
      }
      return `clicked ${n ?? 0}`;
    },
    { running: [[Output({ type: "go", index: MATCH }, "disabled"), true, false]] },
  );
  const { page } = await openApp(t, app);
  const go = (index: number) => idSelector({ index, type: "go" });
  await waitForText(page, idSelector({ index: 1, type: "out" }), "clicked 0");
  await page.click(go(1));
  await page.waitForSelector(`${go(1)}:disabled`);
  t.equal(await page.isDisabled(go(0)), false, "the other instance's button stays enabled");
  await runWaits;
  release();
  await waitForText(page, idSelector({ index: 1, type: "out" }), "clicked 1");
  await page.waitForSelector(`${go(1)}:enabled`);
});

t.test("circular callbacks run once per change, and debug mode reports the cycle", async (t) => {
  const calls = { a: 0, bc: 0 };
  const app = new App({ layout: html.Div([dcc.Input({ id: "a" }), dcc.Input({ id: "b" }), html.P({ id: "c" })]) });
  app.callback(Output("a", "value"), Input("b", "value"), (b: unknown) => {
    calls.a++;
    return `${typeof b === "string" ? b : ""}X`.slice(0, 100);
  });
  app.callback([Output("b", "value"), Output("c", "children")], Input("a", "value"), (a: unknown) => {
    calls.bc++;
    return [a, a];
  });
  const { page } = await openApp(t, app, { debug: true });
  // Dash's test_rdmo004: the UI still shows the result, each callback invoked no more than once.
  await waitForText(page, "#c", "X");
  await page.waitForTimeout(300);
  t.same(calls, { a: 1, bc: 1 });
  const overlay = await page.textContent("body");
  t.match(overlay, /Circular Dependencies/);
  t.match(overlay, /a\.value -> b\.value/);
});

t.test("a parent that draws from its children's props re-renders when a callback changes one (dcc.Tabs and a disabled Tab)", async (t) => {
  const app = new App({
    layout: html.Div([
      html.Button("disable", { id: "disable" }),
      dcc.Tabs([dcc.Tab({ id: "tab-one", label: "One", value: "one" }), dcc.Tab({ id: "tab-two", label: "Two", value: "two" })], { id: "tabs", value: "one" }),
    ]),
  });
  app.callback(Output("tab-two", "disabled"), Input("disable", "n_clicks"), (n: unknown) => Boolean(n));
  const { page } = await openApp(t, app);
  await page.waitForSelector("#tab-two");
  t.notOk(await page.getAttribute("#tab-two", "class").then((c) => c?.includes("tab--disabled")));
  await page.click("#disable");
  await page.waitForSelector("#tab-two.tab--disabled");
  t.pass("the Tab shows disabled");
});

t.test("the initial call's context: triggered is Dash's [{prop_id: '.'}], triggeredId null; partly missing inputs log Dash's error", async (t) => {
  const app = new App({ layout: html.Div([html.Button("go", { id: "go" }), html.Div({ id: "out" }), html.Div({ id: "out2" })]) });
  app.callback(Output("out", "children"), Input("go", "n_clicks"), (_n: unknown, ctx: CallbackContext) =>
    JSON.stringify({ triggered: ctx.triggered, id: ctx.triggeredId }),
  );
  app.callback(Output("out2", "children"), [Input("go", "n_clicks"), Input("not-there", "value")], () => "ran");
  const opened = await openApp(t, app);
  await waitForText(opened.page, "#out", JSON.stringify({ triggered: [{ prop_id: ".", value: null }], id: null }));
  await opened.page.click("#go");
  await waitForText(opened.page, "#out", JSON.stringify({ triggered: [{ prop_id: "go.n_clicks", value: 1 }], id: "go" }));
  t.ok(
    opened.consoleMessages.some((m) => m.startsWith("error:") && m.includes("A nonexistent object was used in an `Input` of a Dash callback. The id of this object is `not-there`")),
    "Dash's message names the missing id",
  );
  t.equal(await opened.page.textContent("#out2"), "");
});

t.test("callbacks without Inputs run once at load: State-only, and callback([], [], fn)", async (t) => {
  const calls = { stateOnly: 0, bare: 0 };
  const app = new App({ layout: html.Div([html.Div("seed", { id: "src" }), html.Div({ id: "from-state" }), html.Div({ id: "bare" }), html.Button("go", { id: "go" })]) });
  app.callback(Output("from-state", "children"), [], State("src", "children"), (src: unknown) => {
    calls.stateOnly++;
    return `state said ${String(src)}`;
  });
  app.callback([], [], (ctx: CallbackContext) => {
    calls.bare++;
    ctx.setProps("bare", { children: "ran at load" });
  });
  const { page } = await openApp(t, app);
  await waitForText(page, "#from-state", "state said seed");
  await waitForText(page, "#bare", "ran at load");
  await page.click("#go");
  await page.waitForTimeout(200);
  t.same(calls, { stateOnly: 1, bare: 1 }, "each ran once");
});

t.test("optional dependencies: an absent component gives null, and the callback still runs", async (t) => {
  const app = new App({ layout: html.Div([dcc.Input({ id: "present", value: "here" }), html.Div({ id: "out" })]) });
  app.callback(
    Output("out", "children"),
    [Input("present", "value"), Input("absent", "value", { allowOptional: true })],
    State("absent-too", "children", { allowOptional: true }),
    (present: unknown, absent: unknown, absentToo: unknown) => JSON.stringify([present, absent, absentToo]),
  );
  const opened = await openApp(t, app);
  await waitForText(opened.page, "#out", JSON.stringify(["here", null, null]));
  await opened.page.fill("#present", "typed");
  await waitForText(opened.page, "#out", JSON.stringify(["typed", null, null]));
  t.notOk(opened.consoleMessages.some((m) => m.includes("nonexistent object")), "no missing-input error for optional ones");
});
