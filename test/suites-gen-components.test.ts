// `dash-events gen-components <package>` on a user's own suites: a module is generated from the
// package's JavaScript sources (propTypes + doc comments) or from a Dash metadata.json, it
// type-checks against dash-events, rejects wrong props, and builds Dash's JSON.
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import t from "tap";
import ts from "typescript";
import { genComponents } from "../bin/gen-components.js";
import { CliError } from "../bin/cli-error.js";
import { buildOnce, runCli } from "./helpers/cli.js";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** A fresh temporary project folder, removed when the test ends. */
function makeProject(t: { teardown(fn: () => void): void }): string {
  const dir = mkdtempSync(join(tmpdir(), "gen-components-user-"));
  t.teardown(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function writeFiles(base: string, files: Record<string, string>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(base, path)), { recursive: true });
    writeFileSync(join(base, path), content);
  }
}

/** Type-check files with dash-events resolved to this repository's source. */
function typeErrors(files: string[]): string[] {
  const program = ts.createProgram(files, {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    skipLibCheck: true,
    types: [],
    paths: { "dash-events": [join(root, "lib/index.ts")] },
    allowImportingTsExtensions: true,
  });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
    return `${d.file?.fileName.split("/").pop() ?? ""}${where ? `(${where.line + 1})` : ""}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`;
  });
}

const SOURCE_SUITE = {
  "node_modules/my-widgets/package.json": JSON.stringify({ name: "my-widgets", version: "0.3.0", main: "my_widgets/my_widgets.min.js" }),
  "node_modules/my-widgets/my_widgets/my_widgets.min.js": "window.my_widgets = {};",
  "node_modules/my-widgets/src/index.js": "import Gauge from './components/Gauge.react';\nexport {Gauge};\nexport {default as Panel} from './components/Panel';\n",
  "node_modules/my-widgets/src/components/Gauge.react.js": `import PropTypes from 'prop-types';
const Gauge = (props) => null;
const size = PropTypes.oneOf(['sm', 'lg']);
Gauge.propTypes = {
  /** The ID used to identify this component in Dash callbacks. */
  id: PropTypes.string,
  /**
   * The value shown.
   * Between min and max.
   */
  value: PropTypes.number.isRequired,
  size: size,
  ranges: PropTypes.arrayOf(PropTypes.shape({ from: PropTypes.number, color: PropTypes.string.isRequired })),
  onHover: PropTypes.func,
  setProps: PropTypes.func,
};
export default Gauge;
`,
  "node_modules/my-widgets/src/components/Panel.js": `import PropTypes from 'prop-types';
export default function Panel() { return null; }
Panel.propTypes = { children: PropTypes.node, title: PropTypes.oneOfType([PropTypes.string, PropTypes.node]), id: PropTypes.string };
`,
};

t.test("a suite with JavaScript sources: typed module, descriptions, Dash JSON", async (t) => {
  const dir = makeProject(t);
  writeFiles(dir, SOURCE_SUITE);
  const result = await genComponents("my-widgets", { cwd: dir, out: "src/widgets.ts" });
  t.equal(result.file, join(dir, "src/widgets.ts"));
  t.equal(result.namespace, "my_widgets");
  t.same(result.components, ["Gauge", "Panel"]);
  const source = readFileSync(result.file, "utf8");
  t.match(source, /from "dash-events"/);
  t.match(source, /\/\*\*\n {3}\* The value shown\.\n {3}\* Between min and max\.\n {3}\*\/\n {2}value: number;/);
  t.match(source, /size\?: "sm" \| "lg" \| null;/, "an optional prop may be null, as Dash's None");
  t.notMatch(source, /onHover|setProps/, "function props are left out");
  writeFiles(dir, {
    "src/app.ts": `import * as widgets from "./widgets.ts";
export const ok = [
  widgets.Gauge({ id: "g", value: 3, size: "lg", ranges: [{ from: 0, color: "red" }] }),
  widgets.Panel([widgets.Gauge({ value: 1 })], { title: "T" }),
  widgets.Panel("text"),
];
// @ts-expect-error value is required
widgets.Gauge({ id: "g" });
// @ts-expect-error no such prop
widgets.Gauge({ value: 1, colour: "red" });
// @ts-expect-error size is "sm" or "lg"
widgets.Gauge({ value: 1, size: "xl" });
// @ts-expect-error ranges need a color
widgets.Gauge({ value: 1, ranges: [{ from: 0 }] });
`,
  });
  t.strictSame(typeErrors([join(dir, "src/app.ts")]), []);
  // run it with "dash-events" being this repository's source
  writeFiles(dir, {
    "package.json": JSON.stringify({ type: "module" }),
    "src/widgets-run.ts": source.replaceAll('from "dash-events"', `from ${JSON.stringify(join(root, "lib/index.ts"))}`),
  });
  const widgets = (await import(join(dir, "src/widgets-run.ts"))) as Record<string, (...args: unknown[]) => unknown>;
  t.equal(
    JSON.stringify(widgets.Gauge({ size: "sm", value: 2, id: "g" })),
    '{"type":"Gauge","namespace":"my_widgets","props":{"id":"g","value":2,"size":"sm"}}',
  );
});

t.test("a suite that ships Dash's metadata.json", async (t) => {
  const dir = makeProject(t);
  const metadata = {
    "src/lib/components/Knob.react.js": {
      displayName: "Knob",
      description: "A round knob.",
      props: {
        id: { type: { name: "string" }, required: false, description: "The ID." },
        mode: { type: { name: "enum", value: [{ value: "'fine'", computed: false }, { value: "'coarse'", computed: false }] }, required: false, description: "" },
        value: { type: { name: "number" }, required: true, description: "The value." },
      },
    },
  };
  writeFiles(dir, {
    "node_modules/knobs/package.json": JSON.stringify({ name: "knobs", version: "1.0.0", main: "knobs/knobs.min.js" }),
    "node_modules/knobs/knobs/metadata.json": JSON.stringify(metadata),
  });
  const result = await genComponents("knobs", { cwd: dir });
  t.equal(result.file, join(dir, "knobs.ts"));
  const source = readFileSync(result.file, "utf8");
  t.match(source, /\/\*\* A round knob\. \*\/\nexport interface KnobProps/);
  t.match(source, /mode\?: "fine" \| "coarse" \| null;/);
  t.match(source, /value: number;/);
  writeFiles(dir, { "use.ts": `import { Knob } from "./knobs.ts";\nKnob({ value: 1, mode: "fine" });\n// @ts-expect-error\nKnob({ value: 1, mode: "medium" });\n` });
  t.strictSame(typeErrors([join(dir, "use.ts")]), []);
});

t.test("missing packages and packages without metadata are clear CLI errors", async (t) => {
  const dir = makeProject(t);
  await t.rejects(genComponents("not-installed-xyz", { cwd: dir }), new CliError("dash-events gen-components: Package \"not-installed-xyz\" is not installed here: run `npm install not-installed-xyz` first"));
  writeFiles(dir, { "node_modules/empty-suite/package.json": JSON.stringify({ name: "empty-suite", version: "1.0.0" }) });
  await t.rejects(genComponents("empty-suite", { cwd: dir }), /No component metadata found/);
});

t.test("the command line: npx dash-events gen-components <package> -o <file>", async (t) => {
  buildOnce();
  const dir = makeProject(t);
  writeFiles(dir, SOURCE_SUITE);
  const { code, stdout, stderr } = await runCli(t, ["gen-components", "my-widgets", "-o", "src/widgets.ts"], dir).exit;
  t.equal(code, 0, stderr);
  t.equal(stdout.trim(), `dash-events: wrote ${join("src", "widgets.ts")}: 2 components of my_widgets`);
  t.match(readFileSync(join(dir, "src/widgets.ts"), "utf8"), /export interface GaugeProps/);
  const missing = await runCli(t, ["gen-components", "not-installed-xyz"], dir).exit;
  t.equal(missing.code, 1);
  t.match(missing.stderr, /not-installed-xyz" is not installed here/);
});
