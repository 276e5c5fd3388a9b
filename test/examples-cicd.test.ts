// examples/cicd.ts in Chromium, through `dash-events serve`: a stream walks a Mantine Stepper
// whose steps have pattern-matching ids; Reset and leaving the tab cancel it (resetProps), and
// a failing step ends in onError's notification.
import t from "tap";
import type { Page } from "playwright-core";
import { buildOnce } from "./helpers/cli.js";
import { openExample, textOf, waitForNotification, waitForTextMatch } from "./examples-helpers.js";

buildOnce();

const STEP_NAMES = ["Checkout", "Install", "Lint", "Test", "Build", "Deploy"];

/** The description under each step, in order. */
function descriptions(page: Page): Promise<string[]> {
  return page.$$eval("#cicd-stepper .mantine-Stepper-stepDescription", (nodes) => nodes.map((n) => n.textContent ?? ""));
}

/** Wait until the description of step `index` matches `pattern`. */
async function waitForStep(page: Page, index: number, pattern: RegExp): Promise<void> {
  await page.waitForFunction(
    ([i, source]) => {
      const nodes = document.querySelectorAll("#cicd-stepper .mantine-Stepper-stepDescription");
      return new RegExp(source).test(nodes[i]?.textContent ?? "");
    },
    [index, pattern.source] as const,
  );
}

/** Wait until every step says "waiting" again and the Run button has no loader. */
async function waitForReset(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    const nodes = Array.from(document.querySelectorAll("#cicd-stepper .mantine-Stepper-stepDescription"));
    return nodes.length === 6 && nodes.every((n) => n.textContent === "waiting") && !document.querySelector("#cicd-run[data-loading]");
  });
}

t.test("the CI/CD pipeline, as a user runs it", async (t) => {
  const { page, run, pageErrors, consoleErrors } = await openExample(t, "cicd");

  await t.test("a run walks every step and deploys", async (t) => {
    t.same(await page.$$eval("#cicd-stepper .mantine-Stepper-stepLabel", (n) => n.map((e) => e.textContent)), STEP_NAMES);
    t.same(await descriptions(page), STEP_NAMES.map(() => "waiting"));
    await page.click("#cicd-run");
    await page.waitForSelector("#cicd-run[data-loading]");
    await waitForStep(page, 0, /^running…$/);
    await waitForStep(page, 0, /^passed in \d+\.\ds$/);
    await waitForStep(page, 1, /^running…$/);
    t.match(await textOf(page, "#cicd-log"), /▶ Checkout\n {2}\$ git fetch origin main\n/, "the log streams");
    await page.waitForSelector("#cicd-done", { state: "visible" });
    t.equal(await textOf(page, "#cicd-done"), "Deployed.");
    t.ok((await descriptions(page)).every((d) => /^passed in /.test(d)), "every step passed");
    await waitForNotification(page, "Pipeline passed");
    t.equal(await textOf(page, "#cicd-run"), "Run again");
    t.match(await textOf(page, "#cicd-log"), /✔ pipeline passed\s*$/);
  });

  await t.test("Reset cancels a running pipeline", async (t) => {
    await page.click("#cicd-run");
    await waitForStep(page, 2, /^running…$/);
    await page.click("#cicd-reset");
    await waitForReset(page); // resetProps: applied by the page as it cancels
    // The log is cleared by the regular Reset callback, whose answer comes a round trip later.
    t.equal(await waitForTextMatch(page, "#cicd-log", /^$/), "", "the log is cleared");
    t.notOk(await page.isVisible("#cicd-done"));
    await page.waitForTimeout(1000); // three log lines' time: nothing may follow
    t.same(await descriptions(page), STEP_NAMES.map(() => "waiting"), "the run stays stopped");
    t.equal(await textOf(page, "#cicd-log"), "");
  });

  await t.test("leaving the Pipeline tab cancels the run", async (t) => {
    await page.click("#cicd-run");
    await waitForStep(page, 1, /^running…$/);
    await page.getByRole("tab", { name: "Settings" }).click();
    await page.getByRole("tab", { name: "Pipeline" }).click();
    await waitForReset(page);
    const log = await textOf(page, "#cicd-log");
    await page.waitForTimeout(1000);
    t.equal(await textOf(page, "#cicd-log"), log, "the log stopped growing");
    t.same(await descriptions(page), STEP_NAMES.map(() => "waiting"));
  });

  await t.test("a failing step sends an error notification (onError)", async (t) => {
    await page.getByRole("tab", { name: "Settings" }).click();
    await page.getByText("Make the Test step fail").click();
    await page.waitForFunction(() => document.querySelector<HTMLInputElement>("#cicd-fail")?.checked === true);
    await page.getByRole("tab", { name: "Pipeline" }).click();
    await page.click("#cicd-run");
    await waitForNotification(page, "Pipeline failed");
    const message = await page.evaluate(
      () => Array.from(document.querySelectorAll(".mantine-Notification-root")).find((n) => n.textContent?.includes("Pipeline failed"))?.textContent ?? "",
    );
    t.match(message, /Test failed: 2 of 148 tests failed in test\/api\.test\.ts/);
    await waitForTextMatch(page, "#cicd-log", /✘ Test failed: 2 of 148 tests failed/);
    await waitForReset(page); // resetProps after the error
    t.notOk(await page.isVisible("#cicd-done"), "nothing was deployed");
  });

  t.same(pageErrors, [], "no errors in the page");
  // onError handled the failure (the [ERROR] frame says handle_error: false): the page must not
  // report an error of its own (README: "the browser then shows no error of its own").
  t.same(consoleErrors, [], "no console errors, not even for the handled failure");
  run.kill("SIGINT");
  t.equal((await run.exit).code, 0, "the server exits cleanly");
});
