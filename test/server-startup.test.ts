// What the server loads: the TypeScript parser (about 60 MiB of heap, used only to read a suite's
// sources for its children_props) is not needed for the suites whose children_props
// `npm run gen:components` has tabled, and for others waits until a page first needs it.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import t from "tap";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/** Runs `body` (an ES module) in a fresh Node process with tsx, and returns its stdout as JSON. */
function runFresh(body: string): unknown {
  const run = spawnSync(process.execPath, ["--import", "tsx", "--input-type=module", "-e", body], { cwd: root, encoding: "utf8" });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout);
}

const typescriptLoaded = `(await import("node:module")).createRequire(process.cwd() + "/x.js").cache`;

t.test("a server for the bundled suites reads no suite metadata: the TypeScript parser never loads", async (t) => {
  const result = runFresh(`
    const { App, html, dcc, dmc, dbc } = await import("./lib/index.ts");
    const cache = ${typescriptLoaded};
    const loaded = () => Object.keys(cache).some((k) => k.includes("/node_modules/typescript/"));
    const app = new App({ layout: dmc.MantineProvider(html.Div([dmc.Slider({ id: "s" }), dbc.RadioItems({ id: "r" }), dcc.Input({ id: "i" })])) });
    const server = await app.createServer({ logger: false });
    const page = (await server.inject({ method: "GET", url: "/" })).body;
    const config = JSON.parse(/<script id="_dash-config" type="application\\/json">(.*?)<\\/script>/.exec(page)[1]);
    await server.close();
    console.log(JSON.stringify({ loaded: loaded(), slider: config.children_props.dash_mantine_components.Slider, radio: config.children_props.dash_bootstrap_components.RadioItems }));
  `) as { loaded: boolean; slider: string[]; radio: string[] };
  t.ok(result.slider.includes("marks[].label"), "dmc children_props, from the generated table");
  t.same(result.radio, ["options[].label"], "dbc children_props");
  t.equal(result.loaded, false, "typescript was not loaded");
});

t.test("a suite the table does not know: its sources are read, and only then is the TypeScript parser loaded", async (t) => {
  const folder = mkdtempSync(join(tmpdir(), "dash-events-startup-"));
  t.teardown(() => rmSync(folder, { recursive: true, force: true }));
  const pkg = join(folder, "node_modules", "my-cards");
  mkdirSync(join(pkg, "src", "components"), { recursive: true });
  writeFileSync(join(pkg, "package.json"), JSON.stringify({ name: "my-cards", version: "0.1.0", main: "dist/my_cards.js" }));
  writeFileSync(join(pkg, "src", "index.js"), 'import Card from "./components/Card";\nexport { Card };\n');
  writeFileSync(
    join(pkg, "src", "components", "Card.js"),
    "import PropTypes from 'prop-types';\nconst Card = () => null;\nCard.propTypes = { id: PropTypes.string, header: PropTypes.node, items: PropTypes.arrayOf(PropTypes.shape({ label: PropTypes.node })) };\nexport default Card;\n",
  );
  const result = runFresh(
    `
    process.chdir(${JSON.stringify(folder)});
    await import(${JSON.stringify(join(root, "lib/index.ts"))});
    const cache = ${typescriptLoaded};
    const loaded = () => Object.keys(cache).some((k) => k.includes("/node_modules/typescript/"));
    const before = loaded();
    const { childrenPropsOf } = await import(${JSON.stringify(join(root, "lib/suites/children-props.ts"))});
    const props = childrenPropsOf(["my-cards"]);
    console.log(JSON.stringify({ before, after: loaded(), card: props.my_cards?.Card ?? null }));
  `,
  ) as { before: boolean; after: boolean; card: string[] | null };
  t.equal(result.before, false, "typescript is not loaded at start-up");
  t.same(result.card, ["header", "items[].label"], "children_props read from the suite's sources");
  t.equal(result.after, true, "typescript is loaded once such a suite's children_props are read");
});
