/**
 * The `<script>` and `<link>` URLs of the component suites a page needs: the suites an app
 * declares plus those its layout uses, each after the suites it requires, with Dash-style
 * fingerprinted URLs (`/_dash-component-suites/dash-table/dash_table/bundle.v7_4_1m1718000000.js`).
 * Plotly is added, before dcc, only when the layout has a dcc.Graph.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { fingerprintPath } from "./fingerprint.js";
import { layoutUsage } from "./layout-usage.js";
import { locatePackage, locateSuite } from "./locate.js";
import { KNOWN_SUITES, PLOTLY_SUITE, findSuite, suiteForNamespace, type SuiteDefinition } from "./suite-registry.js";

/** URL prefix of every suite file. */
export const SUITES_PREFIX = "/_dash-component-suites/";

/** What the index page includes for the suites, in order. */
export interface SuiteAssets {
  /** Script URLs, each suite after those it requires. */
  scripts: string[];
  /** Stylesheet URLs. */
  css: string[];
  /** Small inline scripts to run before the suite scripts (e.g. where dcc finds Plotly when a Graph appears later). */
  inline: string[];
  /** Names (URL segments) of the suites the page may load files of, async chunks included. */
  packages: string[];
}

/**
 * The suite assets for a layout and the suites an app declares (`AppOptions.suites`: suite
 * names, npm package names or namespaces; an entry that is a URL or path is passed through as a
 * script or stylesheet URL). Throws when a declared suite is neither known nor installed.
 *
 * @example
 * ```ts
 * suiteAssets(html.Div([dcc.Graph({ id: "g" })]), ["dmc"]).scripts;
 * // ["/_dash-component-suites/dash_mantine_components/dash_mantine_components/dash_mantine_components.v2_2_0m….js",
 * //  "/_dash-component-suites/plotly.js-dist-min/plotly.min.v3_7_0m….js",
 * //  "/_dash-component-suites/dash-core-components/dash_core_components/dash_core_components.v4_5_0m….js", …]
 * ```
 */
export function suiteAssets(layout: unknown, declared: readonly string[] = []): SuiteAssets {
  const assets: SuiteAssets = { scripts: [], css: [], inline: [], packages: [] };
  const wanted: SuiteDefinition[] = [];
  for (const entry of declared) {
    if (isUrl(entry)) {
      (entry.split(/[?#]/)[0].endsWith(".css") ? assets.css : assets.scripts).push(entry);
      continue;
    }
    wanted.push(resolveSuite(entry));
  }
  const usage = layoutUsage(layout);
  for (const namespace of usage.keys()) {
    const suite = suiteForNamespace(namespace);
    if (suite) wanted.push(suite);
  }
  const usesGraph = usage.get("dash_core_components")?.has("Graph") === true;
  const added = new Set<string>();
  const add = (suite: SuiteDefinition, chain: readonly string[]): void => {
    if (added.has(suite.name)) return;
    if (chain.includes(suite.name)) throw new Error(`Component suites require each other in a cycle: ${[...chain, suite.name].join(" → ")}`);
    for (const name of suite.requires) add(resolveSuite(name), [...chain, suite.name]);
    if (suite.namespace === "dash_core_components" && usesGraph) add(PLOTLY_SUITE, [...chain, suite.name]);
    added.add(suite.name);
    includeSuite(suite, assets);
  };
  for (const suite of wanted) add(suite, []);
  // a Graph that a callback adds later makes dcc load Plotly itself, from this URL
  if (added.has("dash-core-components") && !added.has(PLOTLY_SUITE.name)) {
    const plotly = suiteUrls(PLOTLY_SUITE, PLOTLY_SUITE.scripts);
    if (plotly.length > 0) {
      assets.inline.push(`window._dashPlotlyJSURL = ${JSON.stringify(plotly[0])};`);
      assets.packages.push(PLOTLY_SUITE.name);
    }
  }
  return assets;
}

function includeSuite(suite: SuiteDefinition, assets: SuiteAssets): void {
  assets.packages.push(suite.name);
  assets.scripts.push(...suiteUrls(suite, suite.scripts, true));
  assets.css.push(...suiteUrls(suite, suite.css));
}

/**
 * Fingerprinted URLs of a suite's files. Files that do not exist are left out, except scripts
 * with `keepMissing`: their 404 in the browser says clearly what is missing.
 */
function suiteUrls(suite: SuiteDefinition, files: readonly string[], keepMissing = false): string[] {
  const located = locateSuite(suite);
  const urls: string[] = [];
  for (const file of files) {
    const path = located ? join(located.folder, file) : undefined;
    if (path && existsSync(path)) {
      urls.push(SUITES_PREFIX + suite.name + "/" + fingerprintPath(file, located!.version, statSync(path).mtimeMs / 1000));
    } else if (keepMissing) {
      urls.push(SUITES_PREFIX + suite.name + "/" + file);
    }
  }
  return urls;
}

/**
 * The suite an app means by `name`: a known one, or else an installed npm package whose `main`
 * is its bundle and whose namespace is its name with `_` for `-` (as Dash's boilerplate makes them).
 * Throws when it is neither.
 *
 * @example
 * ```ts
 * resolveSuite("dbc").name; // "dash-bootstrap-components"
 * ```
 */
export function resolveSuite(name: string): SuiteDefinition {
  const known = findSuite(name);
  if (known) return known;
  const located = locatePackage(name);
  if (!located) {
    const known = KNOWN_SUITES.map((suite) => suite.name).join(", ");
    throw new Error(`Unknown component suite ${JSON.stringify(name)}: it is not installed (npm install ${name}) and not one of ${known}`);
  }
  const manifest = JSON.parse(readFileSync(join(located.folder, "package.json"), "utf8")) as { main?: string };
  const main = (manifest.main ?? "index.js").replace(/^\.\//, "");
  return {
    name,
    namespace: name.replace(/^@[^/]+\//, "").replace(/-/g, "_"),
    source: { kind: "npm", package: name },
    scripts: [main],
    css: [],
    requires: [],
    aliases: [],
  };
}

function isUrl(entry: string): boolean {
  if (/^@[\w.-]+\/[\w.-]+$/.test(entry)) return false; // a scoped npm package name
  return entry.includes("/") || /^https?:/.test(entry) || /\.(js|css)([?#].*)?$/.test(entry);
}
