/**
 * Dash's path prefixes (`url_base_pathname`, `routes_pathname_prefix`, `requests_pathname_prefix`,
 * see dash/_configs.py `pathname_configs`): the server answers its routes under the routes prefix,
 * and every URL the page uses starts with the requests prefix. They differ behind a proxy that
 * strips a path (routes `/`, requests `/dashboard/`).
 */
import type { IncomingMessage } from "node:http";

/** The prefix options of an App, as Dash names them. */
export interface PathPrefixOptions {
  /** Both prefixes at once (Dash's `url_base_pathname`), e.g. `"/dashboard/"`. */
  urlBasePathname?: string;
  /** Where the server answers (Dash's `routes_pathname_prefix`). Default `"/"`. */
  routesPathnamePrefix?: string;
  /** What the page puts in front of every URL it uses (Dash's `requests_pathname_prefix`). Default: the routes prefix. */
  requestsPathnamePrefix?: string;
}

/** The two prefixes, checked: each starts and ends with `/`, and the requests prefix ends with the routes prefix. */
export interface PathPrefixes {
  routes: string;
  requests: string;
  /** `url_base_pathname` as `_dash-config` carries it (null when not set). */
  urlBase: string | null;
}

/**
 * Dash's rules for the prefix options; throws with Dash's messages when they do not hold.
 *
 * @example
 * ```ts
 * pathPrefixes({ urlBasePathname: "/dash/" }); // { routes: "/dash/", requests: "/dash/", urlBase: "/dash/" }
 * pathPrefixes({ requestsPathnamePrefix: "/proxy/" }); // { routes: "/", requests: "/proxy/", urlBase: null }
 * ```
 */
export function pathPrefixes(options: PathPrefixOptions): PathPrefixes {
  const { urlBasePathname, routesPathnamePrefix, requestsPathnamePrefix } = options;
  if (urlBasePathname !== undefined && (routesPathnamePrefix !== undefined || requestsPathnamePrefix !== undefined)) {
    throw new TypeError("new App(): urlBasePathname sets both routesPathnamePrefix and requestsPathnamePrefix; give it alone, or those two");
  }
  const routes = urlBasePathname ?? routesPathnamePrefix ?? "/";
  const requests = urlBasePathname ?? requestsPathnamePrefix ?? routes;
  for (const [name, value] of [["routesPathnamePrefix", routes], ["requestsPathnamePrefix", requests]] as const) {
    if (typeof value !== "string" || !value.startsWith("/") || !value.endsWith("/")) {
      throw new TypeError(`new App({ ${name} }): must start and end with "/", got ${JSON.stringify(value)}`);
    }
  }
  if (!requests.endsWith(routes)) {
    throw new TypeError(`new App(): requestsPathnamePrefix ${JSON.stringify(requests)} needs to end with routesPathnamePrefix ${JSON.stringify(routes)}`);
  }
  return { routes, requests, urlBase: urlBasePathname ?? null };
}

/**
 * Fastify's `rewriteUrl` for a routes prefix other than `/`: `/dashboard/x` is routed as `/x`
 * (and `/dashboard` as `/`); a path outside the prefix is routed to one no route has, a 404.
 */
export function routesPrefixRewriter(routes: string): ((req: Pick<IncomingMessage, "url">) => string) | undefined {
  if (routes === "/") return undefined;
  const bare = routes.slice(0, -1);
  return (req) => {
    const url = req.url ?? "/";
    if (url.startsWith(routes)) return url.slice(bare.length);
    if (url === bare || url.startsWith(`${bare}?`)) return `/${url.slice(bare.length)}`;
    return `/_dash-events-outside-prefix${url}`;
  };
}

/**
 * A URL the page uses, under the requests prefix: a path from the server root (`/assets/x.css`)
 * gets it; an absolute URL (`https://…`, `//cdn…`) stays as it is.
 *
 * @example
 * ```ts
 * prefixedUrl("/dash/", "/assets/app.css"); // "/dash/assets/app.css"
 * ```
 */
export function prefixedUrl(requests: string, url: string): string {
  if (!url.startsWith("/") || url.startsWith("//")) return url;
  return requests + url.slice(1);
}

/**
 * A suite's small inline script (`window._dashPlotlyJSURL = "/_dash-component-suites/…"`, where
 * dcc finds Plotly later) with its server paths under the requests prefix.
 */
export function prefixedInlineScript(requests: string, source: string): string {
  return source.replace(/"(\/_dash-component-suites\/[^"]*)"/g, (_all, path: string) => JSON.stringify(prefixedUrl(requests, path)));
}
