/**
 * The component suites dash-events knows how to host: for each, where its files live, which of
 * them the page loads (in order), and what must load before it. The script order mirrors the
 * `_js_dist` lists of the Python packages (e.g. dcc: the main bundle, then its `-shared` chunk).
 */

/** Where a suite's files come from. */
export type SuiteSource =
  /** An installed npm package, found in node_modules (the app's first, then dash-events' own). */
  | { kind: "npm"; package: string }
  /** A folder inside the dash-events package, built by `node scripts/build.js`. */
  | { kind: "builtin"; folder: string };

/** One component suite (or plain script library such as Plotly). */
export interface SuiteDefinition {
  /** URL segment under `/_dash-component-suites/`, and the name apps declare in `AppOptions.suites`. */
  readonly name: string;
  /** `window[namespace]` holds its components; layout nodes name it. `null` for a plain library (Plotly). */
  readonly namespace: string | null;
  readonly source: SuiteSource;
  /** Scripts the page loads, paths relative to the package folder, in load order. */
  readonly scripts: readonly string[];
  /** Stylesheets the page links, relative to the package folder. */
  readonly css: readonly string[];
  /** Suites (by name) whose scripts must run first. */
  readonly requires: readonly string[];
  /** Other names an app may use for it in `AppOptions.suites` (e.g. the Python module name). */
  readonly aliases: readonly string[];
}

/** Plotly for `dcc.Graph`, served from the npm package rather than a CDN. */
export const PLOTLY_SUITE: SuiteDefinition = {
  name: "plotly.js-dist-min",
  namespace: null,
  source: { kind: "npm", package: "plotly.js-dist-min" },
  scripts: ["plotly.min.js"],
  css: [],
  requires: [],
  aliases: ["plotly", "plotly.js"],
};

/**
 * The suites dash-events knows. dash_html_components is absent on purpose: the renderer draws
 * html elements itself, so its bundle is never loaded.
 *
 * @example
 * ```ts
 * KNOWN_SUITES.find((s) => s.namespace === "dash_core_components")?.name; // "dash-core-components"
 * ```
 */
export const KNOWN_SUITES: readonly SuiteDefinition[] = [
  {
    name: "dash-core-components",
    namespace: "dash_core_components",
    source: { kind: "npm", package: "dash-core-components" },
    scripts: ["dash_core_components/dash_core_components.js", "dash_core_components/dash_core_components-shared.js"],
    css: [],
    requires: [],
    aliases: ["dash_core_components", "dcc"],
  },
  {
    name: "dash_mantine_components",
    namespace: "dash_mantine_components",
    source: { kind: "npm", package: "dash_mantine_components" },
    // Mantine's CSS is injected by the bundle itself (style-loader), so no stylesheet here
    scripts: ["dash_mantine_components/dash_mantine_components.js"],
    css: [],
    requires: [],
    aliases: ["dash-mantine-components", "dmc"],
  },
  {
    name: "dash-bootstrap-components",
    namespace: "dash_bootstrap_components",
    source: { kind: "npm", package: "dash-bootstrap-components" },
    // the `dist/` build reads window.React like the Python package's bundle; `lib/` is a CommonJS/UMD library build.
    // Bootstrap's CSS is a theme the app picks (`stylesheets: [dbcThemes.…]`, Python's dbc.themes), not part of the suite.
    scripts: ["dist/dash_bootstrap_components.min.js"],
    css: [],
    requires: [],
    aliases: ["dash_bootstrap_components", "dbc"],
  },
  {
    name: "dash-table",
    namespace: "dash_table",
    source: { kind: "npm", package: "dash-table" },
    scripts: ["dash_table/bundle.js"],
    css: [],
    requires: [],
    aliases: ["dash_table"],
  },
  {
    name: "dash-ag-grid",
    namespace: "dash_ag_grid",
    source: { kind: "builtin", folder: "dist/components/dash-ag-grid" },
    scripts: ["dash_ag_grid.js"],
    css: ["dash_ag_grid.css"],
    requires: [],
    aliases: ["dash_ag_grid", "dag"],
  },
  {
    // ours, built on @iconify/react; its icons come from our icon route (lib/server/icon-routes.ts), never the Iconify API
    name: "dash_iconify",
    namespace: "dash_iconify",
    source: { kind: "builtin", folder: "dist/components/dash-iconify" },
    scripts: ["dash_iconify.js"],
    css: [],
    requires: [],
    aliases: ["dash-iconify"],
  },
  PLOTLY_SUITE,
];

/**
 * The known suite an app means by `name`: its URL name, an alias, or its namespace.
 *
 * @example
 * ```ts
 * findSuite("dcc")?.name; // "dash-core-components"
 * ```
 */
export function findSuite(name: string): SuiteDefinition | undefined {
  return KNOWN_SUITES.find((suite) => suite.name === name || suite.namespace === name || suite.aliases.includes(name));
}

/** The known suite whose components live in `window[namespace]`. */
export function suiteForNamespace(namespace: string): SuiteDefinition | undefined {
  return KNOWN_SUITES.find((suite) => suite.namespace === namespace);
}
