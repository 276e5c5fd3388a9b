// Dash Pages (examples/pages.ts, from Dash's docs): registerPage, pageContainer, pageRegistry,
// titles, path templates, query parameters, redirects and the 404 page.
import t from "tap";
import { openExample } from "./examples-helpers.js";

const title = (page: import("playwright-core").Page, text: string) => page.waitForFunction((want) => document.querySelector("#page-title")?.textContent === want, text);

t.test("navigating, deep links, titles, path variables, query parameters, redirect, 404", async (t) => {
  const { page, url, pageErrors } = await openExample(t, "pages");
  await title(page, "This is our Home page");
  await page.waitForFunction(() => document.title === "Home page");
  t.same(await page.locator("#nav a").allTextContents(), ["Home - /", "Analytics - /analytics", "Archive - /archive", "Report - /report"], "pageRegistry in Dash's order");
  await page.click("text=Analytics - /analytics");
  await title(page, "This is our Analytics page");
  await page.waitForFunction(() => document.querySelector("#analytics-output")?.textContent === "You selected: Montreal");
  t.equal(new URL(page.url()).pathname, "/analytics");
  await page.waitForFunction(() => document.title === "Analytics");
  await page.goto(new URL("/report/42?view=chart", url).href);
  await title(page, "Report 42");
  t.equal(await page.textContent("#report-view"), "view: chart");
  await page.waitForFunction(() => document.title === "Report 42");
  await page.goto(new URL("/old-archive", url).href);
  await title(page, "This is our Archive page");
  t.equal(new URL(page.url()).pathname, "/archive", "redirected");
  await page.goto(new URL("/no/such/page", url).href);
  await title(page, "This page does not exist");
  await page.waitForFunction(() => document.title === "Not found");
  t.same(pageErrors, []);
});
