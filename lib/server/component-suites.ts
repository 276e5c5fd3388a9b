/**
 * `GET /_dash-component-suites/<suite>/<file path>`: the files of the component suites an app
 * declares or its layout uses (bundles, async chunks, source maps, CSS, fonts), from
 * node_modules, through lib/server/package-files.ts (its guards and caching). Other packages
 * are a 404.
 *
 * Async chunks need nothing special: the suites' webpack runtime takes the folder of its own
 * `<script src>` as public path, so `…/dash_core_components/async-graph.js` is requested from the
 * same folder as the main bundle, which this route maps 1:1 onto the package folder.
 */
import type { FastifyInstance } from "fastify";
import { locateSuite } from "../suites/locate.js";
import { SUITES_PREFIX, resolveSuite, suiteAssets, type SuiteAssets } from "../suites/suite-assets.js";
import { notFound, resolvePackageFile, routeSegments, sendPackageFile } from "./package-files.js";
import { suiteForNamespace } from "../suites/suite-registry.js";
import { childrenPropsOf } from "../suites/children-props.js";
import { pathPrefixes, prefixedInlineScript, prefixedUrl } from "./path-prefix.js";
import { SUITE_ON_DEMAND_PATH, type SuiteOnDemand } from "../protocol/types.js";
import type { ServedApp, ServerContext } from "./server-context.js";

/** Suites each app's pages have included so far (a layout function may use different suites per call). */
const includedByApp = new WeakMap<ServedApp, Set<string>>();

/**
 * The suite assets of a page of the app: its declared suites plus those `layout` (the layout that
 * page shows; null if it could not be made) uses. Records them, so their files may then be served.
 *
 * @example
 * ```ts
 * const { scripts, css, inline } = appSuiteAssets(app, await currentLayout(app.options.layout));
 * ```
 */
export function appSuiteAssets(app: ServedApp, layout: unknown): SuiteAssets {
  const assets = suiteAssets(layout, app.options.suites ?? []);
  let included = includedByApp.get(app);
  if (!included) includedByApp.set(app, (included = new Set()));
  for (const name of assets.packages) included.add(name);
  return assets;
}

/**
 * The Fastify plugin of the route. A declared suite that is not installed fails here, at start-up.
 *
 * @example
 * ```ts
 * await server.register(componentSuitesRoute, { app, debug: false });
 * ```
 */
// eslint-disable-next-line @typescript-eslint/require-await -- a Fastify plugin is async: register() awaits it
export async function componentSuitesRoute(server: FastifyInstance, { app }: ServerContext): Promise<void> {
  const option = app.options.layout;
  // a static layout's suites are known now; a layout function's are learnt from the pages served
  const fixed = new Set(suiteAssets(typeof option === "function" ? null : option, app.options.suites ?? []).packages);
  const allowed = (name: string): boolean => fixed.has(name) || includedByApp.get(app)?.has(name) === true;

  server.get(`${SUITES_PREFIX}*`, async (request, reply) => {
    const target = parseSuitePath(request.raw.url ?? "");
    if (!target || !allowed(target.suite)) throw notFound(request);
    const located = locateSuite(resolveSuite(target.suite));
    const file = located && resolvePackageFile(located.folder, target.file);
    if (!file) throw notFound(request);
    return sendPackageFile(request, reply, file);
  });

  // Suites on demand: a node of a suite the page has not loaded (a dcc.Graph returned into an
  // empty Div) makes the renderer ask here for that suite's files, in dependency order, Plotly
  // included for a Graph. The answer also allows those files to be served from now on.
  const { requests } = pathPrefixes(app.options);
  // eslint-disable-next-line @typescript-eslint/require-await -- Fastify sends an async handler's value as the answer
  server.get<{ Params: { namespace: string; type: string } }>(`/${SUITE_ON_DEMAND_PATH}/:namespace/:type`, async (request) => {
    const { namespace, type } = request.params;
    if (!suiteForNamespace(namespace)) throw notFound(request);
    const assets = appSuiteAssets(app, { type, namespace, props: {} });
    const answer: SuiteOnDemand = {
      scripts: assets.scripts.map((url) => prefixedUrl(requests, url)),
      css: assets.css.map((url) => prefixedUrl(requests, url)),
      inline: assets.inline.map((source) => prefixedInlineScript(requests, source)),
      children_props: childrenPropsOf(assets.packages),
    };
    return answer;
  });
}

/**
 * Split `/_dash-component-suites/<suite>/<file>` into its parts, or `undefined` when the path is
 * not a plain relative file path (see `routeSegments`).
 */
function parseSuitePath(url: string): { suite: string; file: string } | undefined {
  const segments = routeSegments(url, SUITES_PREFIX);
  if (!segments) return undefined;
  const suiteLength = segments[0].startsWith("@") ? 2 : 1; // scoped npm packages: @scope/name
  if (segments.length <= suiteLength) return undefined;
  return { suite: segments.slice(0, suiteLength).join("/"), file: segments.slice(suiteLength).join("/") };
}
