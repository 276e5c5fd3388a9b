/**
 * Renderer bench 6 — what the React core and V8's compile hint cost. Three builds of the same
 * renderer sources, each served by the same server in its own copy of our index page:
 *
 * - `shipped`: the bundle as `scripts/build.js` makes it (React 18, first line
 *   `//# allFunctionsCalledOnLoad`);
 * - `no hint`: the same without the compile hint (V8 then compiles each function lazily, on the
 *   main thread, at its first call);
 * - `preact`: `react`, `react-dom` and the JSX runtime aliased to `preact/compat` (a smaller
 *   React-compatible core; `window.React` is then Preact's);
 * - `React alone`: not our renderer but React 18 and the least code that draws the same inline
 *   layout (bench/lib/react-floor.ts), with the compile hint: the floor of any React renderer.
 *
 * Printed: each bundle's bytes (raw and gzip), R1's navigation → 1,000 Divs in the DOM (the
 * three alternately, each run in a fresh browser context; median), and whether a page of suite
 * components (dcc, dmc, dbc, dash_table, AG Grid) renders with no page error on each build:
 * a smaller core is only worth switching to if every suite still works on it.
 *
 *   node --import tsx bench/renderer-core.ts [--quick] [--reps 7]
 */
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { build, type BuildOptions } from "esbuild";
import type { FastifyInstance } from "fastify";
import { App, dag, dash_table, dbc, dcc, dmc, html, type Component } from "../lib/index.js";
import { COMPILE_HINT, rendererBundleOptions } from "../scripts/renderer-bundle-options.js";
import { settle } from "./lib/alternate.js";
import { parseArgs } from "./lib/args.js";
import { ensureBuilt } from "./lib/build.js";
import { launchChromium, newBenchPage } from "./lib/browser.js";
import { ROOT } from "./lib/child.js";
import { ratio, report, type Row } from "./lib/report.js";
import { fmt, summarize } from "./lib/stats.js";

const args = parseArgs();
const reps = args.number("reps", args.quick ? 3 : 7);
const N = 1000;
const SHIPPED_SRC = "/_dash-events/dash-events-renderer.js";

interface Variant {
  name: string;
  code: Buffer;
  /** A build of our renderer (the suites check applies), not the React floor. */
  renderer: boolean;
}

/** Build the renderer bundle with `change` applied to the shipped options; the bundle's bytes. */
async function variantBundle(change: (options: BuildOptions) => BuildOptions, entry = "renderer/index.tsx"): Promise<Buffer> {
  const outdir = mkdtempSync(join(tmpdir(), "dash-events-core-"));
  try {
    const shipped = rendererBundleOptions(ROOT, outdir);
    await build(change({ ...shipped, entryPoints: { "dash-events-renderer": join(ROOT, entry) }, sourcemap: false, legalComments: "none" }));
    return readFileSync(join(outdir, "dash-events-renderer.js"));
  } finally {
    rmSync(outdir, { recursive: true, force: true });
  }
}

async function variants(): Promise<Variant[]> {
  const preact = join(ROOT, "node_modules/preact");
  return [
    { name: "shipped", renderer: true, code: readFileSync(join(ROOT, "dist/renderer/dash-events-renderer.js")) },
    { name: "no hint", renderer: true, code: await variantBundle((options) => ({ ...options, banner: undefined })) },
    {
      name: "preact",
      renderer: true,
      code: await variantBundle((options) => ({
        ...options,
        plugins: [],
        alias: {
          react: join(preact, "compat/dist/compat.module.js"),
          "react-dom/client": join(preact, "compat/client.mjs"),
          "react-dom": join(preact, "compat/dist/compat.module.js"),
          "react/jsx-runtime": join(preact, "jsx-runtime/dist/jsxRuntime.module.js"),
        },
      })),
    },
    { name: "React alone", renderer: false, code: await variantBundle((options) => options, "bench/lib/react-floor.ts") },
  ];
}

/**
 * Serve `app` with one copy of its index page per variant, at `/core/<i>`, loading that
 * variant's bundle instead of the shipped one. Loopback, free port.
 */
async function serve(app: App, list: readonly Variant[]): Promise<{ urls: string[]; close: () => Promise<void> }> {
  const server: FastifyInstance = await app.createServer({ logger: false });
  let page: string | undefined;
  server.get<{ Params: { index: string } }>("/core/:index", async (request, reply) => {
    const index = Number(request.params.index);
    if (!list[index]) return reply.code(404).send("no such variant");
    page ??= (await server.inject({ url: "/" })).body;
    if (!page.includes(SHIPPED_SRC)) throw new Error(`our index page no longer loads ${SHIPPED_SRC}`);
    return reply.type("text/html; charset=utf-8").send(page.replace(SHIPPED_SRC, `/bench-core/${index}.js`));
  });
  server.get<{ Params: { index: string } }>("/bench-core/:index.js", async (request, reply) => {
    const variant = list[Number(request.params.index)];
    if (!variant) return reply.code(404).send("no such variant");
    return reply.type("application/javascript; charset=utf-8").send(variant.code);
  });
  await server.listen({ port: 0, host: "127.0.0.1" });
  const address = server.server.address();
  if (typeof address !== "object" || address === null) throw new Error("no address");
  return { urls: list.map((_, i) => `http://127.0.0.1:${address.port}/core/${i}`), close: () => server.close() };
}

/** A page with one component of each suite; the last Div marks the end of the layout. */
function suitesLayout(): Component {
  return html.Div([
    dcc.Slider({ id: "slider", min: 0, max: 10, value: 3 }),
    dcc.Dropdown({ id: "dropdown", options: ["a", "b"], value: "a" }),
    dmc.MantineProvider(dmc.Button("Mantine", { id: "mantine" })),
    dbc.Button("Bootstrap", { id: "bootstrap" }),
    dash_table.DataTable({ id: "table", data: [{ a: 1 }], columns: [{ name: "a", id: "a" }] }),
    dag.AgGrid({ id: "grid", rowData: [{ a: 1 }], columnDefs: [{ field: "a" }] }),
    html.Div("end", { id: "end" }),
  ]);
}

const SUITE_IDS = ["slider", "dropdown", "mantine", "bootstrap", "table", "grid"];

async function main(): Promise<Row[]> {
  const list = await variants();
  const rows: Row[] = [];
  for (const variant of list) {
    rows.push({
      bench: "R6 React core",
      measure: `${variant.name}: renderer bundle`,
      unit: "KiB gzip",
      ours: gzipSync(variant.code).length / 1024,
      baseline: gzipSync(list[0].code).length / 1024,
      ratio: ratio(gzipSync(variant.code).length, gzipSync(list[0].code).length),
      note: `${fmt(variant.code.length / 1024)} KiB raw; baseline = shipped`,
    });
  }
  const browser = await launchChromium();
  try {
    // R1's layout, each variant in turn, in fresh contexts
    const items = Array.from({ length: N }, (_, i) => html.Div(`item ${i}`, { id: `d${i}` }));
    const r1 = await serve(new App({ layout: html.Div(items, { id: "root" }) }), list);
    const times: number[][] = list.map(() => []);
    try {
      for (let rep = -1; rep < reps; rep++) {
        // Each round starts with the next variant: a round's first page load is slower (measured
        // here: whichever build came first looked 5-12% slower), so no build may always be first.
        for (let turn = 0; turn < list.length; turn++) {
          const index = (turn + rep + 1) % list.length;
          const variant = list[index];
          await settle();
          const { page, errors, close } = await newBenchPage(browser, `d${N - 1}`);
          try {
            await page.goto(r1.urls[index], { waitUntil: "commit" });
            const appeared = await page.evaluate(() => (window as unknown as { __bench: { appeared: Promise<number> } }).__bench.appeared);
            const count = await page.evaluate(() => document.querySelectorAll("#root > div").length);
            if (count !== N) throw new Error(`${variant.name}: ${count} of ${N} Divs in the DOM`);
            if (errors.length) process.stderr.write(`  ${variant.name} page errors: ${errors.join(" | ")}\n`);
            // the first round warms Chromium up for every variant
            if (rep >= 0) times[index].push(appeared);
            if (rep >= 0) process.stderr.write(`  R1 ${variant.name} run ${rep + 1}: ${fmt(appeared)} ms\n`);
          } finally {
            await close();
          }
        }
      }
    } finally {
      await r1.close();
    }
    const shipped = summarize(times[0]);
    for (const [index, variant] of list.entries()) {
      const s = summarize(times[index]);
      rows.push({
        bench: "R6 React core",
        measure: `${variant.name}: ${fmt(N)} html.Div, navigation → all in DOM`,
        unit: "ms",
        ours: s.median,
        baseline: shipped.median,
        ratio: ratio(s.median, shipped.median),
        note: `min ${fmt(s.min)}, max ${fmt(s.max)}, n=${s.n}, the variants alternately; baseline = shipped`,
      });
    }

    // every suite on every build of the renderer
    const suites = await serve(new App({ layout: suitesLayout() }), list);
    try {
      for (const [index, variant] of list.entries()) {
        if (!variant.renderer) continue;
        const { page, errors, close } = await newBenchPage(browser);
        try {
          await page.goto(suites.urls[index]);
          await page.waitForSelector("#end", { state: "attached", timeout: 30_000 });
          await page.waitForTimeout(1500); // suites load on demand; let them render or fail
          const missing = await page.evaluate((ids) => ids.filter((id) => !document.getElementById(id)), SUITE_IDS);
          const failures = [...errors, ...missing.map((id) => `#${id} not rendered`)];
          rows.push({
            bench: "R6 React core",
            measure: `${variant.name}: dcc, dmc, dbc, dash_table, AG Grid render`,
            unit: "",
            ours: failures.length ? "no" : "yes",
            note: failures.length ? failures.map((f) => f.split("\n")[0].slice(0, 160)).join(" | ") : "no page error",
          });
        } finally {
          await close();
        }
      }
    } finally {
      await suites.close();
    }
  } finally {
    await browser.close();
  }
  rows.push({ bench: "R6 React core", measure: "compile hint", unit: "", ours: COMPILE_HINT, note: "first line of the shipped bundle; `no hint` drops it" });
  return rows;
}

ensureBuilt();
report(await main(), args.json);
