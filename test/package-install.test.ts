// The package as users get it: `npm pack` (its prepack build), the tarball installed into a new,
// empty project with no network (every dependency comes from the npm cache that `npm ci` filled,
// at the versions of our own lock file), the README's app served with `npx dash-events serve
// app.ts`, and `tsc --noEmit` run on it against the package's types.
import t from "tap";
import { spawn, spawnSync, type SpawnSyncReturns } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT } from "./helpers/cli.js";
import { projectLock, readmeApp, type LockFile } from "./helpers/package-install.js";
import { readStream } from "./helpers/server.js";

// Installing ~730 packages from the cache takes most of this file's time (about a minute on a
// quiet machine, with the pack's build); leave room for a busy one.
t.setTimeout(480_000);

const work = mkdtempSync(join(tmpdir(), "dash-events-pack-"));
t.teardown(() => rmSync(work, { recursive: true, force: true }));

/** npm, without tap's loader options and without ever asking the network or the terminal. */
function npm(args: string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync("npm", [...args, "--no-audit", "--no-fund", "--no-update-notifier"], {
    cwd,
    encoding: "utf8",
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...process.env, NODE_OPTIONS: undefined, CI: "true" },
  });
}

const manifest = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as {
  name: string;
  version: string;
  dependencies: Record<string, string>;
  bin: Record<string, string>;
};
let tarball = "";
let packed: string[] = [];

t.before(() => {
  const pack = npm(["pack", "--json", "--pack-destination", work], REPO_ROOT);
  if (pack.status !== 0) throw new Error(`npm pack failed:\n${pack.stdout}${pack.stderr}`);
  const [info] = JSON.parse(pack.stdout.slice(pack.stdout.indexOf("["))) as Array<{ filename: string; files: Array<{ path: string }> }>;
  tarball = join(work, info.filename);
  packed = info.files.map((f) => f.path);
});

t.test("the tarball holds the built package and nothing the runtime does not read", async (t) => {
  for (const file of [
    "package.json",
    "README.md",
    "bin/dash-events.js",
    "dist/bin/cli.js",
    "dist/lib/index.js",
    "dist/lib/index.d.ts",
    "dist/renderer/dash-events-renderer.js",
    "dist/components/dash-ag-grid/dash_ag_grid.js",
    "dist/components/dash-iconify/dash_iconify.js",
    "static/favicon.ico",
  ]) {
    t.ok(packed.includes(file), `ships ${file}`);
  }
  const stray = packed.filter((f) => /^(test|bench|scripts|layouts|examples|renderer|components|lib|docs)\//.test(f) || /^bin\/(?!dash-events\.js$)/.test(f));
  t.strictSame(stray, [], "no tests, benchmarks, fixtures, build scripts or sources");
  t.strictSame(packed.filter((f) => /\.ts$/.test(f) && !f.endsWith(".d.ts")), [], "no TypeScript sources");
  t.strictSame(packed.filter((f) => /(^|\/)\.[^/]+$/.test(f)), [], "no build stamps or locks");
});

t.test("installed offline into an empty project: serves the README's app and type-checks against its types", async (t) => {
  const project = join(work, "app");
  const lock = projectLock(JSON.parse(readFileSync(join(REPO_ROOT, "package-lock.json"), "utf8")) as LockFile, {
    tarball,
    name: manifest.name,
    version: manifest.version,
    dependencies: manifest.dependencies,
    bin: manifest.bin,
    devDependencies: ["typescript", "@types/node"],
    registry: npm(["config", "get", "registry"], REPO_ROOT).stdout.trim(),
  });
  spawnSync("mkdir", ["-p", project]);
  writeFileSync(join(project, "package.json"), JSON.stringify(lock.packages[""] && { ...lock.packages[""], type: "module" }, null, 2));
  writeFileSync(join(project, "package-lock.json"), JSON.stringify(lock, null, 2));
  const install = npm(["ci", "--offline"], project);
  t.equal(install.status, 0, `npm ci --offline of the tarball:\n${install.stdout}${install.stderr}`);
  if (install.status !== 0) return;

  writeFileSync(join(project, "app.ts"), readmeApp(readFileSync(join(REPO_ROOT, "README.md"), "utf8")));
  // A prop name the types do not know must be an error: unused @ts-expect-errors fail the check,
  // so this also proves the package's types were read (not `any`).
  writeFileSync(
    join(project, "typed.ts"),
    [
      `import { html, dcc, Input, Output, streamProps } from "dash-events";`,
      `import { createTestClient, type CallbackResult } from "dash-events/testing";`,
      `import app from "./app.js";`,
      `const result: Promise<CallbackResult> = createTestClient(app).callback(Input("go", "n_clicks"), 1);`,
      `void result;`,
      `const graph = dcc.Graph({ id: "g" });`,
      `Output(graph, "figure");`,
      `streamProps(graph, { extendData: [{ y: [[1]] }, [0]] });`,
      `// @ts-expect-error: no such prop`,
      `streamProps(graph, { extnedData: [] });`,
      `// @ts-expect-error: no such prop`,
      `Output(graph, "figuer");`,
      `// @ts-expect-error: no such prop`,
      `html.Div({ hrefx: "/" });`,
      "",
    ].join("\n"),
  );
  writeFileSync(
    join(project, "tsconfig.json"),
    JSON.stringify({
      compilerOptions: { target: "ES2022", module: "NodeNext", moduleResolution: "NodeNext", strict: true, noEmit: true, skipLibCheck: true, types: ["node"] },
      include: ["*.ts"],
    }),
  );
  const tsc = spawnSync(process.execPath, [join(project, "node_modules/typescript/bin/tsc"), "--noEmit", "-p", project], {
    cwd: project,
    encoding: "utf8",
    env: { ...process.env, NODE_OPTIONS: undefined },
  });
  t.equal(tsc.status, 0, `tsc --noEmit:\n${tsc.stdout}${tsc.stderr}`);

  const serve = spawn("npx", ["--no-install", "dash-events", "serve", "app.ts", "--port", "0"], {
    cwd: project,
    env: { ...process.env, NODE_OPTIONS: undefined, CI: "true" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const exited = new Promise<number | null>((resolve) => serve.on("close", (code) => resolve(code)));
  // npx runs the bin in a child process: end the whole group.
  t.teardown(() => {
    if (serve.exitCode === null) process.kill(-serve.pid!, "SIGKILL");
  });
  let stderr = "";
  serve.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = "";
    serve.stdout.setEncoding("utf8").on("data", (chunk: string) => {
      stdout += chunk;
      const found = /http:\/\/\S+\//.exec(stdout);
      if (found) resolve(found[0]);
    });
    void exited.then((code) => reject(new Error(`npx dash-events serve exited (${code}):\n${stdout}${stderr}`)));
  });

  const page = await fetch(url);
  t.equal(page.status, 200);
  t.match(await page.text(), /<title>Hello<\/title>/);
  const deps = (await (await fetch(new URL("_dash-dependencies", url))).json()) as Array<{ output: string; inputs: unknown[] }>;
  t.equal(deps.length, 1, "the README app's event callback is listed");
  const stream = await readStream(url.replace(/\/$/, ""), { output: deps[0].output, inputs: [{ id: "go", property: "n_clicks", value: 1 }], changedPropIds: ["go.n_clicks"] });
  t.equal(stream.status, 200);
  t.strictSame(
    stream.data,
    [1, 2, 3, 4, 5].map((i) => JSON.stringify(["[SINGLE]", "out", { children: `step ${i}` }])).concat("[DONE]"),
    "the stream sends the README's five steps",
  );

  // npx does not pass signals on: SIGTERM goes to its whole group, dash-events included.
  process.kill(-serve.pid!, "SIGTERM");
  await exited;
  await t.rejects(fetch(url), "the server is closed after SIGTERM");
});
