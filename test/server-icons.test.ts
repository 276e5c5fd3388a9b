// The icon route of dash_iconify, over HTTP: icon data from @iconify/json in the Iconify API's
// form, only the icons asked for, with caching, and a clear 4xx for what is not an icon request.
import t, { type Test } from "tap";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { App, html } from "../lib/index.js";
import { IconSets } from "../lib/suites/icon-sets.js";
import { ICONS_PATH } from "../lib/protocol/icons.js";
import { startApp, getPath } from "./helpers/server.js";

interface IconSetJson {
  icons: Record<string, { body: string; width?: number; height?: number }>;
  aliases?: Record<string, { parent: string }>;
  width?: number;
  height?: number;
}

/** A set as the package has it, read here independently of the server's reader. */
function packagedSet(prefix: string): IconSetJson {
  return JSON.parse(readFileSync(join("node_modules/@iconify/json/json", `${prefix}.json`), "utf8")) as IconSetJson;
}

const mdi = packagedSet("mdi");

async function started(t: Test, options: ConstructorParameters<typeof App>[0] = { layout: html.Div("icons") }) {
  const server = await startApp(new App(options));
  t.teardown(() => server.close());
  return server.url;
}

t.test("answers only the requested icons of a set, in IconifyJSON form", async (t) => {
  const url = await started(t);
  const res = await getPath(url, `/${ICONS_PATH}/mdi.json?icons=home,account`);
  t.equal(res.status, 200);
  t.match(res.contentType, /^application\/json/);
  const body = res.json as IconSetJson & { prefix: string; not_found?: string[] };
  t.equal(body.prefix, "mdi");
  t.strictSame(Object.keys(body.icons).sort(), ["account", "home"], "the two icons, no others");
  t.equal(body.icons.home.body, mdi.icons.home.body, "the body of @iconify/json's mdi:home");
  t.equal(body.width, mdi.width, "the set's default box comes along");
  t.equal(body.height, mdi.height);
  t.equal(body.aliases, undefined, "no aliases when none was asked for");
  t.equal(body.not_found, undefined);
  t.ok(res.text.length < 2000, `a small answer (${res.text.length} bytes), not the 3 MB set`);
});

t.test("an alias comes with the icon it names; names the set lacks are listed in not_found", async (t) => {
  const url = await started(t);
  const [alias, { parent }] = Object.entries(mdi.aliases ?? {}).find(([, a]) => a.parent in mdi.icons)!;
  const res = await getPath(url, `/${ICONS_PATH}/mdi.json?icons=${alias},no-such-icon-here`);
  t.equal(res.status, 200);
  const body = res.json as IconSetJson & { not_found?: string[] };
  t.strictSame(Object.keys(body.aliases ?? {}), [alias]);
  t.strictSame(Object.keys(body.icons), [parent], "the parent icon the alias points to");
  t.equal(body.icons[parent].body, mdi.icons[parent].body);
  t.strictSame(body.not_found, ["no-such-icon-here"]);
});

t.test("ETag and Cache-Control: a revalidation with the ETag is a 304", async (t) => {
  const url = await started(t);
  const first = await fetch(`${url}/${ICONS_PATH}/mdi.json?icons=home`);
  t.equal(first.status, 200);
  const etag = first.headers.get("etag");
  t.ok(etag, "has an ETag");
  t.match(first.headers.get("cache-control"), /max-age=\d+/);
  await first.text();
  const again = await fetch(`${url}/${ICONS_PATH}/mdi.json?icons=home`, { headers: { "if-none-match": etag! } });
  t.equal(again.status, 304);
  t.equal(await again.text(), "");
  const other = await fetch(`${url}/${ICONS_PATH}/mdi.json?icons=account`);
  t.not(other.headers.get("etag"), etag, "another icon, another ETag");
  await other.text();
});

t.test("unknown sets and icons are a clear 404", async (t) => {
  const url = await started(t);
  const noSet = await getPath(url, `/${ICONS_PATH}/no-such-set.json?icons=home`);
  t.equal(noSet.status, 404);
  t.match((noSet.json as { error: string }).error, /Unknown icon set "no-such-set"/);
  const noIcon = await getPath(url, `/${ICONS_PATH}/mdi.json?icons=no-such-icon`);
  t.equal(noIcon.status, 404);
  t.match((noIcon.json as { error: string }).error, /No icon "no-such-icon" in icon set "mdi"/);
  const notJson = await getPath(url, `/${ICONS_PATH}/mdi.svg?icons=home`);
  t.equal(notJson.status, 404);
});

t.test("hostile input is a 4xx and the server keeps answering", async (t) => {
  const url = await started(t);
  const cases: [string, number, RegExp][] = [
    [`/${ICONS_PATH}/..%2F..%2Fpackage.json?icons=home`, 404, /Unknown icon set/],
    [`/${ICONS_PATH}/..%2F..%2F..%2Fpackage.json?icons=name`, 404, /Unknown icon set/],
    [`/${ICONS_PATH}/%2e%2e.json?icons=home`, 404, /Unknown icon set/],
    [`/${ICONS_PATH}/MDI.json?icons=home`, 404, /Unknown icon set/],
    [`/${ICONS_PATH}/mdi.json`, 400, /Missing the icons/],
    [`/${ICONS_PATH}/mdi.json?icons=`, 400, /Not an icon name/],
    [`/${ICONS_PATH}/mdi.json?icons=home&icons=account`, 400, /Give the icons once/],
    [`/${ICONS_PATH}/mdi.json?icons=..%2Fhome`, 400, /Not an icon name/],
    [`/${ICONS_PATH}/mdi.json?icons=constructor,__proto__`, 400, /Not an icon name: "__proto__"/],
    [`/${ICONS_PATH}/mdi.json?icons=%3Cscript%3E`, 400, /Not an icon name/],
    [`/${ICONS_PATH}/mdi.json?icons=${"a".repeat(500)}`, 400, /Not an icon name/],
    [`/${ICONS_PATH}/mdi.json?icons=${Array.from({ length: 300 }, (_, i) => `i${i}`).join(",")}`, 400, /Too many icons/],
  ];
  for (const [path, status, message] of cases) {
    const res = await getPath(url, path);
    t.equal(res.status, status, path.slice(0, 80));
    t.match((res.json as { error?: string } | null)?.error, message, path.slice(0, 80));
  }
  const constructorOnly = await getPath(url, `/${ICONS_PATH}/mdi.json?icons=constructor`);
  t.equal(constructorOnly.status, 404, "a name that is an Object.prototype key finds nothing");
  const still = await getPath(url, `/${ICONS_PATH}/mdi.json?icons=home`);
  t.equal(still.status, 200, "still answering");
});

t.test("under a requests and routes prefix the route is under the prefix", async (t) => {
  const url = await started(t, { layout: html.Div("x"), urlBasePathname: "/dash/" });
  t.equal((await getPath(url, `/dash/${ICONS_PATH}/mdi.json?icons=home`)).status, 200);
  t.equal((await getPath(url, `/${ICONS_PATH}/mdi.json?icons=home`)).status, 404);
});

t.test("sets are read on first use and kept within a byte budget, least recently used out first", async (t) => {
  const size = (prefix: string) => readFileSync(join("node_modules/@iconify/json/json", `${prefix}.json`)).length;
  // a budget that holds any two of the three sets but not all three
  const sets = new IconSets(size("el") + size("gg") + size("fa") - 1);
  t.strictSame(sets.keptPrefixes(), [], "nothing read up front");
  await sets.load("el");
  await sets.load("gg");
  t.strictSame(sets.keptPrefixes(), ["el", "gg"]);
  await sets.load("el");
  t.strictSame(sets.keptPrefixes(), ["gg", "el"], "el used again: gg is now the least recently used");
  const first = sets.load("fa");
  const second = sets.load("fa");
  t.equal(await first, await second, "two loads of one set at once share one read");
  t.strictSame(sets.keptPrefixes(), ["el", "fa"], "gg went out to make room");

  const small = new IconSets(1024);
  const { set } = await small.load("mdi");
  t.equal(set.icons.home.body, mdi.icons.home.body, "a set larger than the budget is still answered");
  t.strictSame(small.keptPrefixes(), [], "but not kept");
});
