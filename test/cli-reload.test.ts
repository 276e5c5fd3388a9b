// `dash-events serve --reload` with a Chromium page on it: editing a relative import while a
// stream runs ends the stream (its finally runs), reloads the page and serves the new app on the
// same port; a stylesheet of the assets folder is swapped without a reload; a syntax error keeps
// the last good app and shows file:line:col in the terminal and over the page; fixing it reloads.
import t from "tap";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { buildOnce, runCli } from "./helpers/cli.js";
import { sharedBrowser, waitForText } from "./helpers/browser.js";
import { eventually } from "./helpers/server.js";

buildOnce();

const dir = mkdtempSync(join(tmpdir(), "dash-events-reload-"));
t.teardown(() => rmSync(dir, { recursive: true, force: true }));
const finallyLog = join(dir, "finally.log");

function write(name: string, text: string): void {
  mkdirSync(join(dir, name, ".."), { recursive: true });
  writeFileSync(join(dir, name), text);
}

const APP = (extra = "") => `import { appendFileSync } from "node:fs";
import { App, html, Input, eventCallback, streamProps, sleep, type EventCallbackContext } from "dash-events";
import { label } from "./parts/label.js";
${extra}
const app = new App({
  title: "Reload",
  assetsFolder: ${JSON.stringify(join(dir, "assets"))},
  layout: html.Div([html.H1(label, { id: "title" }), html.Button("Go", { id: "go" }), html.Div("idle", { id: "out" })]),
});

eventCallback(Input("go", "n_clicks"), async function* (_n: unknown, ctx: EventCallbackContext) {
  try {
    for (let i = 0; ; i++) {
      yield streamProps("out", { children: \`tick \${i}\` });
      await sleep(50, ctx.signal);
    }
  } finally {
    appendFileSync(${JSON.stringify(finallyLog)}, label + "\\n");
  }
});

export default app;
`;

t.test("reloads on edits, swaps CSS in place, survives a syntax error", async (t) => {
  write("parts/label.ts", `export const label: string = "version 1";\n`);
  write("assets/style.css", `#out { color: rgb(1, 2, 3); }\n`);
  write("app.ts", APP());
  const run = runCli(t, ["serve", "app.ts", "--port", "0", "--reload"], dir);
  const url = await run.url;
  let stderr = "";
  void run.exit.then((r) => (stderr = r.stderr));

  const browser = await sharedBrowser(t);
  const page = await browser.newPage();
  t.teardown(() => page.close());
  await page.goto(url);
  await waitForText(page, "#title", "version 1");
  await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
  const notReloaded = () => page.evaluate(() => (window as unknown as { notReloaded?: boolean }).notReloaded === true);

  // a stream runs while its app is edited
  await page.click("#go");
  await page.waitForFunction(() => /tick [2-9]/.test(document.querySelector("#out")?.textContent ?? ""));
  write("parts/label.ts", `export const label: string = "version 2";\n`);
  await page.waitForFunction(() => document.querySelector("#title")?.textContent === "version 2", undefined, { timeout: 30_000 });
  t.equal(await notReloaded(), false, "the page reloaded");
  t.ok(await eventually(() => existsSync(finallyLog), 5000), "the running stream's finally ran");
  t.equal(readFileSync(finallyLog, "utf8"), "version 1\n", "in the old app");
  t.equal(new URL(page.url()).port, new URL(url).port, "same port");

  // the new app streams
  await page.click("#go");
  await page.waitForFunction(() => /tick \d/.test(document.querySelector("#out")?.textContent ?? ""));

  // CSS: swapped without a reload
  await page.evaluate(() => ((window as unknown as { notReloaded: boolean }).notReloaded = true));
  t.equal(await page.$eval("#out", (el) => getComputedStyle(el).color), "rgb(1, 2, 3)");
  write("assets/style.css", `#out { color: rgb(4, 5, 6); }\n`);
  await page.waitForFunction(() => getComputedStyle(document.querySelector("#out")!).color === "rgb(4, 5, 6)", undefined, { timeout: 30_000 });
  t.equal(await notReloaded(), true, "no reload for a stylesheet");

  // a syntax error: the last good app keeps serving, the error shows in the page
  write("app.ts", APP("const broken = ;"));
  await page.waitForSelector("#_dash-events-build-error", { timeout: 30_000 });
  const shown = await page.textContent("#_dash-events-build-error");
  t.match(shown, /app\.ts:4:16: /, "file:line:col in the page");
  t.equal(await notReloaded(), true, "the page stays");
  const layout = await fetch(new URL("_dash-layout", url));
  t.equal(layout.status, 200, "the last good app still serves");
  t.match(await layout.text(), /version 2/);

  // fixed: the page reloads with the app
  write("app.ts", APP());
  await page.waitForFunction(() => !document.querySelector("#_dash-events-build-error") && document.querySelector("#title")?.textContent === "version 2", undefined, { timeout: 30_000 });
  t.equal(await notReloaded(), false, "reloaded after the fix");

  run.kill("SIGINT");
  const exit = await run.exit;
  t.equal(exit.code, 0);
  t.match(stderr || exit.stderr, /app\.ts:4:16: /, "file:line:col in the terminal");
});
