// `dash-events serve` as a user runs it: the real bin shim in a child process, on an app file
// outside the repo that imports "dash-events" by name, served on a real port.
import t from "tap";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPO_ROOT, buildOnce, runCli } from "./helpers/cli.js";

buildOnce();

const appDir = mkdtempSync(join(tmpdir(), "dash-events-cli-test-"));
t.teardown(() => rmSync(appDir, { recursive: true, force: true }));

/** Writes a file of the temp app folder (creating sub-folders) and returns its path. */
function writeApp(name: string, source: string): string {
  const path = join(appDir, name);
  mkdirSync(join(path, ".."), { recursive: true });
  writeFileSync(path, source);
  return path;
}

// import.meta must name the source file, not the temp file the app is compiled into.
const GREETING = `import { basename } from "node:path";
export const greeting: string = "hello from " + basename(import.meta.dirname);
`;

/** A package in the app's own node_modules, loaded the way Node loads it (its "import" export). */
function writeLocalPackage(): void {
  writeApp(
    "node_modules/local-pkg/package.json",
    JSON.stringify({ name: "local-pkg", exports: { ".": { module: "./bundler.mjs", import: "./node.mjs" } } }),
  );
  writeApp("node_modules/local-pkg/node.mjs", `export const word = "and a package";\n`);
  writeApp("node_modules/local-pkg/bundler.mjs", `export const word = "and the wrong file of a package";\n`);
}

const APP = `import { App, html, Input, Output, callback } from "dash-events";
import { word } from "local-pkg";
import { greeting } from "./parts/greeting.js";

const app = new App({
  title: "CLI test",
  layout: html.Div([html.Button("Go", { id: "go" }), html.Div(\`\${greeting} \${word}\`, { id: "out" })]),
});

// Registered at module level: must reach the app the CLI serves.
callback(Output("out", "children"), Input("go", "n_clicks"), (clicks: unknown) => \`clicked \${String(clicks)}\`);

export default app;
`;

t.test("serves an app file outside the repo (relative imports, packages, import.meta), exits 0 on SIGINT", async (t) => {
  writeApp("parts/greeting.ts", GREETING);
  writeLocalPackage();
  writeApp("app.ts", APP);
  const run = runCli(t, ["serve", "app.ts", "--port", "0"], appDir);
  const url = await run.url;

  const layout = await fetch(new URL("_dash-layout", url));
  t.equal(layout.status, 200);
  t.same(await layout.json(), {
    type: "Div",
    namespace: "dash_html_components",
    props: {
      children: [
        { type: "Button", namespace: "dash_html_components", props: { children: "Go", id: "go" } },
        {
          type: "Div",
          namespace: "dash_html_components",
          props: { children: "hello from parts and a package", id: "out" },
        },
      ],
    },
  });

  const dependencies = (await (await fetch(new URL("_dash-dependencies", url))).json()) as Array<{
    output: string;
    inputs: unknown;
  }>;
  t.same(
    dependencies.map((spec) => [spec.output, spec.inputs]),
    [["out.children", [{ id: "go", property: "n_clicks" }]]],
    "the module-level callback is registered in the served app",
  );

  run.kill("SIGINT");
  const { code, stderr } = await run.exit;
  t.equal(code, 0, "clean exit");
  t.equal(stderr, "", "nothing on stderr");
});

t.test("a syntax error exits non-zero and names file:line:col", async (t) => {
  writeApp("broken.ts", `import { App, html } from "dash-events";\n\nconst layout = html.Div(;\nexport default new App({ layout });\n`);
  const { code, stderr } = await runCli(t, ["serve", "broken.ts", "--port", "0"], appDir).exit;
  t.not(code, 0);
  t.match(stderr, /^broken\.ts:3:\d+: /m);
});

t.test("an import that does not resolve names file:line:col", async (t) => {
  writeApp("missing-import.ts", `import { App } from "dash-events";\nimport { parts } from "./no-such-file.js";\nexport default new App({ layout: parts });\n`);
  const { code, stderr } = await runCli(t, ["serve", "missing-import.ts", "--port", "0"], appDir).exit;
  t.equal(code, 1);
  t.match(stderr, /^missing-import\.ts:2:\d+: Could not resolve "\.\/no-such-file\.js"/m);
});

t.test("a default export that is not an App is a clear error", async (t) => {
  writeApp("not-an-app.ts", `export default { layout: "nope" };\n`);
  const { code, stderr } = await runCli(t, ["serve", "not-an-app.ts", "--port", "0"], appDir).exit;
  t.equal(code, 1);
  t.match(stderr, /not-an-app\.ts must export an App as its default export/);
});

t.test("a port in use is a one-line error and exit code 1", async (t) => {
  writeApp("parts/greeting.ts", GREETING);
  writeLocalPackage();
  writeApp("app.ts", APP);
  const blocker = createServer();
  await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
  t.teardown(() => new Promise<void>((resolve) => blocker.close(() => resolve())));
  const { port } = blocker.address() as AddressInfo;

  const { code, stdout, stderr } = await runCli(t, ["serve", "app.ts", "--port", String(port)], appDir).exit;
  t.equal(code, 1);
  t.equal(stderr, `dash-events: port ${port} is already in use (try --port)\n`);
  t.equal(stdout, "");
});

t.test("SIGTERM while a stream is open closes the stream and exits 0", async (t) => {
  writeApp(
    "streaming.ts",
    `import { App, html, Input, eventCallback, streamProps, sleep, type EventCallbackContext } from "dash-events";

const app = new App({ layout: html.Div([html.Button("Go", { id: "go" }), html.Div({ id: "out" })]) });

eventCallback(Input("go", "n_clicks"), async function* (_n: unknown, ctx: EventCallbackContext) {
  for (let i = 0; ; i++) {
    yield streamProps("out", { children: \`tick \${i}\` });
    await sleep(50, ctx.signal);
  }
});

export default app;
`,
  );
  const run = runCli(t, ["serve", "streaming.ts", "--port", "0"], appDir);
  const url = await run.url;
  const [spec] = (await (await fetch(new URL("_dash-dependencies", url))).json()) as Array<{ output: string }>;
  const stream = await fetch(new URL("dash_update_component_sse", url), {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      output: spec?.output,
      inputs: [{ id: "go", property: "n_clicks", value: 1 }],
      changedPropIds: ["go.n_clicks"],
    }),
  });
  t.equal(stream.status, 200);
  const reader = stream.body!.getReader();
  const first = await reader.read();
  t.match(new TextDecoder().decode(first.value), /tick 0/, "the stream is running");

  run.kill("SIGTERM");
  const { code, stderr } = await run.exit;
  t.equal(code, 0, "clean exit");
  t.equal(stderr, "", "no forced exit, nothing on stderr");
  // The server ended the response: reading on reaches its end (or a reset) instead of hanging.
  for (;;) {
    const next = await reader.read().catch(() => ({ done: true as const }));
    if (next.done) break;
  }
});

t.test("--debug adds error details, with stack frames in the user's own file", async (t) => {
  writeApp(
    "failing.ts",
    `import { App, html, Input, Output, callback } from "dash-events";

const app = new App({ layout: html.Div([html.Button("Go", { id: "go" }), html.Div({ id: "out" })]) });

callback(Output("out", "children"), Input("go", "n_clicks"), (): string => {
  throw new Error("callback failed on purpose");
});

export default app;
`,
  );
  const request = {
    output: "out.children",
    outputs: { id: "out", property: "children" },
    inputs: [{ id: "go", property: "n_clicks", value: 1 }],
    changedPropIds: ["go.n_clicks"],
  };
  for (const debug of [true, false]) {
    const run = runCli(t, ["serve", "failing.ts", "--port", "0", ...(debug ? ["--debug"] : [])], appDir);
    const response = await fetch(new URL("_dash-update-component", await run.url), {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(request),
    });
    t.equal(response.status, 500);
    const body = (await response.json()) as { error: string; detail?: string };
    if (debug) t.match(body.error, /callback failed on purpose/);
    else t.match(body.error, /^Callback out\.children failed \(error id [0-9a-f]{12}; /, "outside debug: a generic message and an error id");
    if (debug) t.match(body.detail, /failing\.ts:6:\d+/, "the stack names the app file's line");
    else t.equal(body.detail, undefined, "no details without --debug");
    run.kill("SIGINT");
    const exit = await run.exit;
    t.equal(exit.code, 0);
    if (!debug) {
      const errorId = (body as { errorId?: string }).errorId!;
      t.match(exit.stderr, new RegExp(`error id ${errorId}[^]*callback failed on purpose|callback failed on purpose[^]*error id ${errorId}`), "the server logged the full error under that id");
    }
  }
});

t.test("--version, and a bad --port is rejected before anything loads", async (t) => {
  const { version } = JSON.parse(readFileSync(join(REPO_ROOT, "package.json"), "utf8")) as { version: string };
  const shown = await runCli(t, ["--version"], appDir).exit;
  t.equal(shown.code, 0);
  t.equal(shown.stdout, `${version}\n`);

  const bad = await runCli(t, ["serve", "app.ts", "--port", "http"], appDir).exit;
  t.equal(bad.code, 1);
  t.match(bad.stderr, /argument 'http' is invalid\. expected a port number from 0 to 65535/);
});
