// The dash_ag_grid suite bundle in real Chromium, on a static page that plays the renderer: it
// renders dash_ag_grid.AgGrid with React 18 (UMD, as Dash pages load it) and answers setProps
// the way Dash does, by merging the props and rendering again.
import t from "tap";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium, type Browser, type Page } from "playwright-core";
import { CHROMIUM_ARGS } from "./helpers/browser.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

execFileSync(process.execPath, [join(root, "components/dash-ag-grid/build.mjs")], { stdio: "inherit" });

const files: Record<string, string> = {
  "/react.js": "node_modules/react/umd/react.production.min.js",
  "/react-dom.js": "node_modules/react-dom/umd/react-dom.production.min.js",
  "/dash_ag_grid.js": "dist/components/dash-ag-grid/dash_ag_grid.js",
};

// The harness: `mount(id, props)` renders a grid; `update(id, props)` is what the renderer does
// on a set_props; every setProps call is recorded in `calls[id]`. Each update is its own commit
// (flushSync), as the renderer commits every rowTransaction value.
const HARNESS = `
window.calls = {};
const grids = {};
function render(id) {
  const grid = grids[id];
  ReactDOM.flushSync(() => grid.root.render(React.createElement(dash_ag_grid.AgGrid, grid.props)));
}
window.mount = (id, props) => {
  const el = document.createElement("div");
  document.body.appendChild(el);
  calls[id] = [];
  grids[id] = { root: ReactDOM.createRoot(el), props: null };
  grids[id].props = {
    ...props,
    id,
    setProps: (changed) => {
      calls[id].push(changed);
      // A real renderer commits a component's own setProps asynchronously too.
      queueMicrotask(() => window.update(id, changed));
    },
  };
  render(id);
};
window.update = (id, changed) => {
  grids[id].props = { ...grids[id].props, ...changed };
  render(id);
};
window.unmount = (id) => grids[id].root.unmount();
`;

const PAGE = `<!doctype html><html><head><meta charset="utf-8"><title>aggrid</title>
<script src="/react.js"></script><script src="/react-dom.js"></script><script src="/dash_ag_grid.js"></script>
<script>${HARNESS}</script></head><body style="width: 800px"></body></html>`;

async function serve(): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    const file = files[req.url ?? ""];
    if (req.url === "/") {
      res.writeHead(200, { "content-type": "text/html" }).end(PAGE);
    } else if (req.url === "/favicon.ico") {
      res.writeHead(204).end();
    } else if (file !== undefined) {
      res.writeHead(200, { "content-type": "text/javascript" }).end(readFileSync(join(root, file)));
    } else {
      res.writeHead(404).end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/` };
}

const { server, url } = await serve();
t.teardown(() => new Promise((resolve) => server.close(resolve)));
const browser: Browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
t.teardown(() => browser.close());

interface Opened {
  page: Page;
  errors: string[];
}

async function openPage(t: { teardown(fn: () => unknown): void }): Promise<Opened> {
  const page = await browser.newPage();
  t.teardown(() => page.close());
  page.setDefaultTimeout(10_000);
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(m.text());
  });
  await page.goto(url);
  return { page, errors };
}

type Props = Record<string, unknown>;
const mount = (page: Page, id: string, props: Props) =>
  page.evaluate(([id, props]) => (window as unknown as { mount(i: string, p: Props): void }).mount(id, props), [id, props] as const);
const update = (page: Page, id: string, props: Props) =>
  page.evaluate(([id, props]) => (window as unknown as { update(i: string, p: Props): void }).update(id, props), [id, props] as const);
const calls = (page: Page, id: string) =>
  page.evaluate((id) => (window as unknown as { calls: Record<string, Props[]> }).calls[id], id);

/** Waits until the grid with this id is ready; returns nothing (the API stays in the page). */
const gridReady = (page: Page, id: string) =>
  page.evaluate((id) => window.dash_ag_grid!.getApiAsync(id).then(() => undefined), id);

/** Evaluates `expr` over the grid's API in the page (`api` is in scope), e.g. "api.getDisplayedRowCount()". */
function gridValue<T>(page: Page, id: string, expr: string): Promise<T> {
  return page.evaluate(
    ([id, expr]) => {
      const api = window.dash_ag_grid!.getApi(id);
      // eslint-disable-next-line @typescript-eslint/no-implied-eval, @typescript-eslint/no-unsafe-call -- runs the test's own expression in the page
      return new Function("api", `return (${expr});`)(api) as T;
    },
    [id, expr] as const,
  );
}

const rowsFrom = (from: number, count: number) =>
  Array.from({ length: count }, (_, i) => ({ id: from + i, name: `row ${from + i}`, price: (from + i) * 1.5 }));
const columnDefs = [{ field: "id" }, { field: "name" }, { field: "price" }];

t.test("ten rowTransaction adds grow the grid in place and are cleared with setProps", async (t) => {
  const { page, errors } = await openPage(t);
  // Tall enough to show all 23 rows: AG Grid only renders the rows in view.
  await mount(page, "grid", { rowData: rowsFrom(0, 3), columnDefs, getRowId: "params.data.id", style: { height: 1400 } });
  await gridReady(page, "grid");
  t.equal(await gridValue(page, "grid", "api.getDisplayedRowCount()"), 3);
  await page.waitForSelector('.ag-row[row-id="0"]');
  // Mark the first row's element: if the grid re-rendered all rows, the mark would be gone.
  await page.$eval('.ag-row[row-id="0"]', (el) => el.setAttribute("data-kept", "yes"));

  for (let i = 0; i < 10; i++) {
    await update(page, "grid", { rowTransaction: { add: rowsFrom(3 + i * 2, 2) } });
  }
  await page.waitForFunction(() => {
    const c = (window as unknown as { calls: Record<string, Record<string, unknown>[]> }).calls["grid"];
    return c.filter((p) => "rowTransaction" in p).length >= 10;
  });
  t.equal(await gridValue(page, "grid", "api.getDisplayedRowCount()"), 23);
  t.same(
    await gridValue(page, "grid", "(() => { const ids = []; api.forEachNode((n) => ids.push(n.id)); return ids; })()"),
    Array.from({ length: 23 }, (_, i) => String(i)),
    "rows in order of arrival",
  );
  t.equal(await page.getAttribute('.ag-row[row-id="0"]', "data-kept"), "yes", "existing rows were not rendered again");
  await page.waitForSelector('.ag-row[row-id="22"]');

  const made = await calls(page, "grid");
  const cleared = made.filter((p) => "rowTransaction" in p);
  t.equal(cleared.length, 10, "one setProps per transaction");
  t.ok(cleared.every((p) => p.rowTransaction === null), "each sets rowTransaction to null");
  const last = cleared.at(-1) as { rowData: unknown[]; virtualRowData: unknown[] };
  t.equal(last.rowData.length, 23, "rowData is synced with the grid, as Dash AG Grid does");
  t.equal(last.virtualRowData.length, 23);
  t.same(errors, []);
});

t.test("a stream's first frame sets rowData, the next add rows, even within one commit", async (t) => {
  const { page, errors } = await openPage(t);
  await mount(page, "grid", { getRowId: "params.data.id" });
  await gridReady(page, "grid");
  // rowData and a transaction in one commit (the renderer merges frames that set different props)
  await update(page, "grid", { rowData: rowsFrom(0, 5), columnDefs, rowTransaction: { add: rowsFrom(5, 5) } });
  t.equal(await gridValue(page, "grid", "api.getDisplayedRowCount()"), 10);
  // Two transactions before the grid's own setProps of the first come back: the older synced
  // rowData must not replace the newer rows.
  await page.evaluate(() => {
    const w = window as unknown as { update(i: string, p: Record<string, unknown>): void };
    w.update("grid", { rowTransaction: { add: [{ id: 10 }] } });
    w.update("grid", { rowTransaction: { add: [{ id: 11 }] } });
  });
  await page.waitForFunction(() => {
    const c = (window as unknown as { calls: Record<string, Record<string, unknown>[]> }).calls["grid"];
    return c.filter((p) => "rowTransaction" in p).length >= 3;
  });
  // (the harness applies each setProps in a microtask, so all three have been applied by now)
  t.equal(await gridValue(page, "grid", "api.getDisplayedRowCount()"), 12);
  t.same(errors, []);
});

t.test("update, remove and addIndex; remove without getRowId matches equal rows", async (t) => {
  const { page, errors } = await openPage(t);
  await mount(page, "byId", { rowData: rowsFrom(0, 4), columnDefs, getRowId: "params.data.id" });
  await mount(page, "noId", { rowData: rowsFrom(0, 4), columnDefs });
  await gridReady(page, "byId");
  await gridReady(page, "noId");

  await update(page, "byId", {
    rowTransaction: { update: [{ id: 1, name: "renamed", price: 0 }], remove: [{ id: 2 }], add: [{ id: 9, name: "first", price: 1 }], addIndex: 0 },
  });
  t.same(
    await gridValue(page, "byId", "(() => { const r = []; api.forEachNode((n) => r.push(n.data.id + ':' + n.data.name)); return r; })()"),
    ["9:first", "0:row 0", "1:renamed", "3:row 3"],
  );

  await update(page, "noId", { rowTransaction: { remove: [rowsFrom(2, 1)[0], { id: 99 }] } });
  t.same(await gridValue(page, "noId", "(() => { const r = []; api.forEachNode((n) => r.push(n.data.id)); return r; })()"), [0, 1, 3]);
  t.same(errors, []);
});

t.test("async: true transactions arrive in a batch and rowData follows", async (t) => {
  const { page, errors } = await openPage(t);
  await mount(page, "grid", { rowData: rowsFrom(0, 2), columnDefs, getRowId: "params.data.id" });
  await gridReady(page, "grid");
  await update(page, "grid", { rowTransaction: { add: rowsFrom(2, 3), async: true } });
  await page.waitForFunction(() => {
    const c = (window as unknown as { calls: Record<string, Record<string, unknown>[]> }).calls["grid"];
    return c.some((p) => Array.isArray(p.rowData) && p.rowData.length === 5);
  });
  t.equal(await gridValue(page, "grid", "api.getDisplayedRowCount()"), 5);
  t.same(errors, []);
});

t.test("transactions sent before the grid is ready wait for it; no rowData is needed", async (t) => {
  const { page, errors } = await openPage(t);
  await mount(page, "stream", { columnDefs, getRowId: "id", rowTransaction: { add: rowsFrom(0, 5) } });
  await update(page, "stream", { rowTransaction: { add: rowsFrom(5, 5) } });
  await gridReady(page, "stream");
  await page.waitForFunction(() => {
    const api = window.dash_ag_grid!.getApi("stream")!;
    return api.getDisplayedRowCount() === 10;
  });
  await page.waitForSelector('.ag-row[row-id="9"]');
  const made = await calls(page, "stream");
  t.ok(made.some((p) => p.rowTransaction === null), "cleared");
  t.notOk(made.some((p) => "rowData" in p), "rowData is only synced when the app gave rowData");
  t.same(errors, []);
});

t.test("a grid without rowData starts empty, not loading", async (t) => {
  const { page, errors } = await openPage(t);
  await mount(page, "empty", { columnDefs });
  await gridReady(page, "empty");
  await page.waitForSelector("#empty .ag-overlay-no-rows-center");
  t.equal(await page.locator("#empty .ag-overlay-loading-center").count(), 0);
  t.same(errors, []);
});

t.test("an edit comes back as cellValueChanged, with rowData synced", async (t) => {
  const { page, errors } = await openPage(t);
  await mount(page, "grid", {
    rowData: rowsFrom(0, 3),
    columnDefs,
    defaultColDef: { editable: true },
    getRowId: "params.data.id",
  });
  await gridReady(page, "grid");
  await page.dblclick('.ag-row[row-id="1"] .ag-cell[col-id="name"]');
  await page.keyboard.press("ControlOrMeta+a");
  await page.keyboard.type("edited");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() =>
    (window as unknown as { calls: Record<string, Record<string, unknown>[]> }).calls["grid"].some((p) => "cellValueChanged" in p),
  );
  const made = (await calls(page, "grid")).find((p) => "cellValueChanged" in p)!;
  t.match(made.cellValueChanged, [{ rowIndex: 1, rowId: "1", colId: "name", oldValue: "row 1", value: "edited", data: { id: 1, name: "edited" } }]);
  t.same((made.rowData as { name: string }[]).map((r) => r.name), ["row 0", "edited", "row 2"]);
  t.same(errors, []);
});

t.test("user actions come back as props: cellClicked, selectedRows, virtualRowData after a sort", async (t) => {
  const { page, errors } = await openPage(t);
  await mount(page, "grid", {
    rowData: rowsFrom(0, 5),
    columnDefs,
    getRowId: "params.data.id",
    dashGridOptions: { rowSelection: { mode: "multiRow", enableClickSelection: true } },
  });
  await gridReady(page, "grid");
  await page.click('.ag-row[row-id="3"] .ag-cell[col-id="name"]');
  await page.waitForFunction(() =>
    (window as unknown as { calls: Record<string, Record<string, unknown>[]> }).calls["grid"].some((p) => "selectedRows" in p),
  );
  const made = await calls(page, "grid");
  const click = made.find((p) => "cellClicked" in p)?.cellClicked as Record<string, unknown>;
  t.match(click, { value: "row 3", colId: "name", rowIndex: 3, rowId: "3", timestamp: Number });
  t.same(made.find((p) => "selectedRows" in p)?.selectedRows, [rowsFrom(3, 1)[0]]);

  await update(page, "grid", { selectedRows: [rowsFrom(1, 1)[0], rowsFrom(4, 1)[0]] });
  t.same(await gridValue(page, "grid", "api.getSelectedRows().map((r) => r.id)"), [1, 4], "selectedRows set by the app select rows");
  await update(page, "grid", { selectedRows: { ids: ["0"] } });
  t.same(await gridValue(page, "grid", "api.getSelectedRows().map((r) => r.id)"), [0]);

  await gridValue(page, "grid", "api.applyColumnState({ state: [{ colId: 'price', sort: 'desc' }] })");
  await page.waitForFunction(() => {
    const c = (window as unknown as { calls: Record<string, Record<string, unknown>[]> }).calls["grid"];
    const v = c.filter((p) => "virtualRowData" in p).at(-1)?.virtualRowData as { id: number }[] | undefined;
    return v !== undefined && v[0]?.id === 4;
  });
  t.pass("virtualRowData follows the sort");
  t.same(errors, []);
});

t.test("columnSize runs once and resets; scrollTo resets", async (t) => {
  const { page, errors } = await openPage(t);
  await mount(page, "grid", { rowData: rowsFrom(0, 200), columnDefs, columnSize: "sizeToFit" });
  await gridReady(page, "grid");
  await page.waitForFunction(() =>
    (window as unknown as { calls: Record<string, Record<string, unknown>[]> }).calls["grid"].some((p) => p.columnSize === null),
  );
  const width = await gridValue<number>(page, "grid", "api.getColumns().reduce((w, c) => w + c.getActualWidth(), 0)");
  const viewport = await gridValue<number>(page, "grid", "(() => { const r = api.getHorizontalPixelRange(); return r.right - r.left; })()");
  t.ok(Math.abs(width - viewport) <= 2, `columns fill the width (${width} vs ${viewport})`);

  await update(page, "grid", { scrollTo: { rowIndex: 150 } });
  await page.waitForSelector('.ag-row[row-index="150"]');
  t.ok((await calls(page, "grid")).some((p) => "scrollTo" in p && p.scrollTo === null));
  t.same(errors, []);
});

t.test("className picks the theme: balham rows are denser than alpine rows", async (t) => {
  const { page, errors } = await openPage(t);
  await mount(page, "alpine", { rowData: rowsFrom(0, 2), columnDefs, style: { height: 200 } });
  await mount(page, "balham", { rowData: rowsFrom(0, 2), columnDefs, className: "ag-theme-balham", style: { height: 200 } });
  await gridReady(page, "alpine");
  await gridReady(page, "balham");
  const rowHeight = (id: string) => page.$eval(`#${id} .ag-row`, (el) => el.getBoundingClientRect().height);
  await page.waitForSelector("#alpine .ag-row");
  await page.waitForSelector("#balham .ag-row");
  const alpine = await rowHeight("alpine");
  const balham = await rowHeight("balham");
  t.ok(balham < alpine, `balham ${balham}px < alpine ${alpine}px`);
  t.equal(await page.$eval("#balham", (el: Element) => el.className), "ag-theme-balham", "the class stays on the outer div");
  t.same(errors, []);
});

t.test("function forms in columnDefs format and style cells", async (t) => {
  const { page, errors } = await openPage(t);
  await page.evaluate(() => {
    window.dashAgGridFunctions = {
      label: (name: string) => `<${name}>`,
    };
  });
  await mount(page, "grid", {
    rowData: rowsFrom(1, 2),
    getRowId: "params.data.id",
    columnDefs: [
      { field: "price", valueFormatter: { function: "'$' + params.value.toFixed(2)" } },
      { field: "name", valueGetter: { function: "label(params.data.name)" } },
      { field: "id", cellStyle: { styleConditions: [{ condition: "params.value > 1", style: { color: "rgb(255, 0, 0)" } }] } },
    ],
  });
  await gridReady(page, "grid");
  await page.waitForSelector('.ag-row[row-id="2"]');
  t.equal(await page.textContent('.ag-row[row-id="1"] .ag-cell[col-id="price"]'), "$1.50");
  t.equal(await page.textContent('.ag-row[row-id="2"] .ag-cell[col-id="name"]'), "<row 2>");
  const color = (rowId: string) => page.$eval(`.ag-row[row-id="${rowId}"] .ag-cell[col-id="id"]`, (el) => getComputedStyle(el).color);
  t.equal(await color("2"), "rgb(255, 0, 0)");
  t.not(await color("1"), "rgb(255, 0, 0)");
  t.same(errors, []);
});

t.test("getApi forgets an unmounted grid", async (t) => {
  const { page } = await openPage(t);
  await mount(page, "gone", { rowData: rowsFrom(0, 1), columnDefs });
  await gridReady(page, "gone");
  await page.evaluate(() => (window as unknown as { unmount(i: string): void }).unmount("gone"));
  t.equal(await gridValue(page, "gone", "api === undefined"), true);
});
