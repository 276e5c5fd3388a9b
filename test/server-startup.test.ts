// What the server loads when it is imported: the TypeScript parser (about 60 MiB of heap, used
// only to read suite sources for children_props) must wait until a page first needs it.
import { spawnSync } from "node:child_process";
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

t.test("importing the package and building a server does not load the typescript parser", async (t) => {
  const result = runFresh(`
    const { App, html } = await import("./lib/index.ts");
    await import("./lib/server/build.ts");
    const cache = ${typescriptLoaded};
    const loaded = () => Object.keys(cache).some((k) => k.includes("/node_modules/typescript/"));
    const before = loaded();
    const { childrenPropsOf } = await import("./lib/suites/children-props.ts");
    const props = childrenPropsOf(["dash_bootstrap_components"]);
    console.log(JSON.stringify({ before, after: loaded(), radio: props.dash_bootstrap_components?.RadioItems ?? null }));
  `) as { before: boolean; after: boolean; radio: string[] | null };
  t.equal(result.before, false, "typescript is not loaded at start-up");
  t.ok(result.radio?.includes("options[].label"), "children_props still come from dbc's sources");
  t.equal(result.after, true, "typescript is loaded once a suite's children_props are read");
});
