// The README's first command serves examples/demo.ts: run it through the real CLI and use the
// demo in Chromium the way a visitor would.
import t from "tap";
import { sharedBrowser, waitForText } from "./helpers/browser.js";
import { buildOnce, runCli } from "./helpers/cli.js";

buildOnce();

t.test("examples/demo.ts works through `dash-events serve`", async (t) => {
  const run = runCli(t, ["serve", "examples/demo.ts", "--port", "0"]);
  const url = await run.url;
  const page = await (await sharedBrowser(t)).newPage();
  t.teardown(() => page.close());
  const pageErrors: string[] = [];
  page.on("pageerror", (error) => pageErrors.push(error.message));
  await page.goto(url);
  await page.waitForSelector("html[data-dash-events-ready]");

  await t.test("a regular callback with a setProps side update", async (t) => {
    await waitForText(page, "#click-count", "Not clicked yet");
    await page.click("#clicker");
    await waitForText(page, "#click-count", "Clicked 1 time");
    t.match(await page.textContent("#click-note"), /^Last click at /);
  });

  await t.test("Patch appends list items", async (t) => {
    await page.click("#add-item");
    await waitForText(page, "#items li:nth-child(1)", "item 1 (click 1)");
    await page.click("#add-item");
    await waitForText(page, "#items li:nth-child(2)", "item 2 (click 2)");
    t.equal(await page.locator("#items li").count(), 2);
  });

  await t.test("Cancel ends the stream and applies resetProps", async (t) => {
    await page.click("#start");
    await page.waitForFunction(() => /^Step [2-9]/.test(document.querySelector("#status")?.textContent ?? ""));
    t.ok(await page.isDisabled("#start"), "Start is disabled while running");
    await page.click("#cancel");
    await waitForText(page, "#status", "Cancelled");
    t.equal(await page.getAttribute("#progress", "value"), "0");
    t.notOk(await page.isDisabled("#start"));
    t.ok(await page.isDisabled("#cancel"));
  });

  await t.test("a full run streams every step", async (t) => {
    await page.click("#start");
    await waitForText(page, "#status", "Done");
    t.equal(await page.getAttribute("#progress", "value"), "20");
    t.equal(await page.locator("#steps li").count(), 20);
    t.equal(await page.textContent("#start"), "Run again");
  });

  t.same(pageErrors, [], "no errors in the page");
  run.kill("SIGINT");
  t.equal((await run.exit).code, 0);
});
