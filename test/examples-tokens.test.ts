// examples/tokens.ts in Chromium, through `dash-events serve`: the answer is written into a
// dcc.Markdown token by token, each SSE frame carrying one token as a Patch; Stop ends it.
import t from "tap";
import { buildOnce } from "./helpers/cli.js";
import { openExample, textOf, waitForTextMatch } from "./examples-helpers.js";

buildOnce();

type Frame = [string, unknown, unknown];

/** The frames of an SSE response body (`data: <json>` lines), without the final [DONE]. */
function framesOf(body: string): Frame[] {
  return body
    .split("\n\n")
    .map((block) => block.trim())
    .filter((block) => block.startsWith("data: ") && block !== "data: [DONE]")
    .map((block) => JSON.parse(block.slice("data: ".length)) as Frame);
}

t.test("the token stream, as a user runs it", async (t) => {
  const { page, url, run, pageErrors, consoleErrors } = await openExample(t, "tokens");

  await t.test("Generate writes the whole answer, one token per frame", async (t) => {
    await page.fill("#tokens-prompt", "How do streams end?");
    const streamRequest = page.waitForRequest((request) => request.url().endsWith("/dash_update_component_sse"));
    await page.click("#tokens-start");
    t.ok(await page.waitForSelector("#tokens-start:disabled"), "Generate is disabled while writing");
    t.notOk(await page.isDisabled("#tokens-stop"), "Stop is enabled");
    // The Markdown renders as it grows: the heading first, then the list and the code block.
    await page.waitForFunction(() => document.querySelector("#tokens-answer h3")?.textContent === "How do streams end?");
    const done = await waitForTextMatch(page, "#tokens-stats", /^\d+ tokens, done$/);
    const count = Number(done.split(" ")[0]);
    t.equal(await page.locator("#tokens-answer li").count(), 4, "the list rendered");
    t.match(await textOf(page, "#tokens-answer pre"), /yield streamProps\("out", \{ children: "Hello Stream" \}\);/);
    t.match(await textOf(page, "#tokens-answer"), /the text written so far stays\.$/);
    t.equal(await page.locator("#tokens-trail span").count(), count, "one trail entry per token (Patch append)");
    t.notOk(await page.isDisabled("#tokens-start"));
    t.ok(await page.isDisabled("#tokens-stop"));

    // What goes over the wire: the page's own request is sent again from here, without its
    // downlink member, so the POST answers with the frames themselves (the per-request form).
    // After the opening batch, each frame holds one token as a Patch.
    const { downlink: _downlink, ...request } = JSON.parse((await streamRequest).postData() ?? "{}") as Record<string, unknown>;
    const body = JSON.stringify(request);
    const response = await fetch(new URL("dash_update_component_sse", url), { method: "POST", headers: { "content-type": "application/json" }, body });
    t.equal(response.headers.get("content-type")?.split(";")[0], "text/event-stream");
    const frames = framesOf(await response.text());
    const tokenFrames = frames.slice(1, -1);
    t.equal(tokenFrames.length, count, "one frame per token");
    t.same(new Set(tokenFrames.map(([kind]) => kind)), new Set(["[BATCH]"]), "token frames are batches");
    let text = "";
    for (const [, , pairs] of tokenFrames) {
      const [answer] = pairs as Array<[string, { children: { operations: Array<{ operation: string; params: { value: string } }> } }]>;
      const [operation] = answer[1].children.operations;
      if (operation?.operation !== "Add" || operation.params.value.length > 12) {
        t.fail(`a frame carried more than one token: ${JSON.stringify(answer)}`);
        break;
      }
      text += operation.params.value;
    }
    t.match(text, /^### How do streams end\?\n\nAn \*\*event callback\*\*/, "the tokens add up to the answer");
  });

  await t.test("Stop ends the answer where it is", async (t) => {
    await page.click("#tokens-start");
    await waitForTextMatch(page, "#tokens-stats", /^([2-9]\d|\d{3}) tokens$/);
    await page.click("#tokens-stop");
    await waitForTextMatch(page, "#tokens-stats", /^stopped$/);
    const partial = await textOf(page, "#tokens-answer");
    t.ok(partial.length > 0, "the text written so far stays");
    t.notMatch(partial, /the text written so far stays\.$/, "the answer was cut short");
    t.notOk(await page.isDisabled("#tokens-start"), "resetProps enabled Generate");
    t.ok(await page.isDisabled("#tokens-stop"), "resetProps disabled Stop");
    const trail = await page.locator("#tokens-trail span").count();
    await page.waitForTimeout(500); // 20 tokens' time: none may follow
    t.equal(await page.locator("#tokens-trail span").count(), trail, "no token after Stop");
  });

  t.same(pageErrors, [], "no errors in the page");
  t.same(consoleErrors, [], "no console errors");
  run.kill("SIGINT");
  t.equal((await run.exit).code, 0, "the server exits cleanly");
});
