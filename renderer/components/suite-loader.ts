/**
 * Suites on demand: a node whose namespace is not on `window` (a `dcc.Graph` a callback returns
 * into an empty Div, a `dash_table.DataTable` a stream builds) makes the renderer ask the server
 * for that suite's files (`GET <prefix>_dash-events/suite-for/<namespace>/<type>`), add its
 * stylesheets, run its scripts one after the other in the order given (those it requires first,
 * Plotly before dcc for a Graph), then render the node. One load per namespace (and per Graph);
 * files the page already has are not loaded again.
 */
import { SUITE_ON_DEMAND_PATH, type ChildrenProps, type SuiteOnDemand } from "../../lib/protocol/types.js";

/** Where the loader asks, and where a loaded suite's children props go. */
interface LoaderSettings {
  prefix: string;
  childrenProps: ChildrenProps;
}

let settings: LoaderSettings | undefined;
const loads = new Map<string, Promise<void>>();

/** Set once at boot (index.tsx): the requests prefix, and the runtime's children props to extend. */
export function configureSuiteLoader(value: LoaderSettings): void {
  settings = value;
}

/**
 * The load of the suite of `namespace` (a Graph also needs Plotly: its own key), started on the
 * first call. Resolves when its scripts have run; rejects when the server knows no such suite.
 *
 * @example
 * ```ts
 * await loadSuite("dash_core_components", "Graph"); // window.dash_core_components.Graph exists now
 * ```
 */
export function loadSuite(namespace: string, type: string): Promise<void> {
  const key = type === "Graph" ? `${namespace}.Graph` : namespace;
  let load = loads.get(key);
  if (!load) {
    load = fetchAndRun(namespace, type);
    loads.set(key, load);
  }
  return load;
}

async function fetchAndRun(namespace: string, type: string): Promise<void> {
  if (!settings) throw new Error("dash-events: the suite loader is not configured");
  const url = `${settings.prefix}${SUITE_ON_DEMAND_PATH}/${encodeURIComponent(namespace)}/${encodeURIComponent(type)}`;
  const response = await fetch(url, { headers: { Accept: "application/json" } });
  if (!response.ok) throw new Error(`no component suite for namespace ${namespace} (GET ${url}: HTTP ${response.status})`);
  const suite = (await response.json()) as SuiteOnDemand;
  for (const [ns, types] of Object.entries(suite.children_props)) settings.childrenProps[ns] ??= types;
  const present = new Set([...Array.from(document.querySelectorAll("script[src]"), (el) => el.getAttribute("src")), ...Array.from(document.querySelectorAll("link[href]"), (el) => el.getAttribute("href"))]);
  for (const href of suite.css) {
    if (present.has(href)) continue;
    const link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    document.head.appendChild(link);
  }
  for (const source of suite.inline) {
    const script = document.createElement("script");
    script.textContent = source;
    document.body.appendChild(script);
  }
  for (const src of suite.scripts) {
    if (present.has(src)) continue;
    await new Promise<void>((resolve, reject) => {
      const script = document.createElement("script");
      script.src = src;
      script.onload = () => resolve();
      script.onerror = () => reject(new Error(`could not load ${src}`));
      document.body.appendChild(script);
    });
  }
}
