/**
 * Dash Pages' registry (`dash.register_page`, `dash.page_registry`): the pages of a multi-page
 * app, in Dash's order. As in Dash it is one registry per process; the app whose layout has
 * `pageContainer` routes between them.
 */
import type { Component } from "../dsl/component.js";
import type { LayoutNode } from "../protocol/types.js";

/** What a page's layout function gets: the `pathTemplate` variables and the query string's parameters. */
export type PageArguments = Readonly<Record<string, string>>;

/** A page's layout: a component, or a function of the path variables and query parameters. */
export type PageLayout = Component | LayoutNode | string | ((args: PageArguments) => Component | LayoutNode | string | Promise<Component | LayoutNode | string>);

/** Options of `registerPage` (Dash's `register_page` arguments). */
export interface PageOptions {
  layout: PageLayout;
  /** Shown in the browser tab. Default: the name. A function gets the path variables. */
  title?: string | ((args: PageArguments) => string);
  /** Default: from the path (`/sales-report` → "Sales report"). */
  name?: string;
  /** Position in `pageRegistry`; the page at `/` comes first unless orders are given. */
  order?: number;
  /** A path with variables, e.g. `/report/<report_id>`: they are passed to the layout function. */
  pathTemplate?: string;
  /** Old paths that redirect here (HTTP 302). */
  redirectFrom?: readonly string[];
  description?: string;
  /** Dash's module name; the page whose module ends with `not_found_404` is the 404 page. Default: from the path. */
  module?: string;
}

/** A `pageRegistry` entry, with Dash's keys. */
export interface PageEntry {
  module: string;
  path: string;
  path_template: string | null;
  name: string;
  title: string | ((args: PageArguments) => string);
  order: number | null;
  supplied_order: number | null;
  description: string;
  redirect_from: readonly string[];
  relative_path: string;
  layout: PageLayout;
}

/**
 * Dash's `page_registry`: the registered pages by module, ordered as Dash orders them (by
 * `order`, pages without one after, then by module).
 */
export const pageRegistry = new Map<string, PageEntry>();

/**
 * Register a page (Dash's `dash.register_page`).
 *
 * @example
 * ```ts
 * registerPage("/", { name: "Home", layout: html.H1("Home") });
 * registerPage("/report", { pathTemplate: "/report/<report_id>", title: ({ report_id }) => `Report ${report_id}`,
 *   layout: ({ report_id }) => html.Div(`Report ${report_id}`) });
 * registerPage("/404", { module: "not_found_404", layout: html.H1("Nothing here") });
 * ```
 */
export function registerPage(path: string, options: PageOptions): PageEntry {
  if (typeof path !== "string" || !path.startsWith("/")) throw new TypeError(`registerPage(path): a path starting with "/" is expected, got ${JSON.stringify(path)}`);
  if (typeof options !== "object" || options === null || options.layout === undefined) throw new TypeError(`registerPage(${JSON.stringify(path)}, { layout }): a layout is required`);
  const module = options.module ?? `pages.${path === "/" ? "home" : path.slice(1).replace(/[/-]/g, "_")}`;
  const name = options.name ?? (path === "/" ? "Home" : capitalize(path.split("/").filter(Boolean).join(" ").replace(/[-_]/g, " ")));
  for (const other of pageRegistry.values()) {
    if (other.path === path && other.module !== module) throw new Error(`registerPage: the path ${path} is already the page ${other.module}'s`);
  }
  const entry: PageEntry = {
    module,
    path,
    path_template: options.pathTemplate ?? null,
    name,
    title: options.title ?? name,
    order: options.order ?? null,
    supplied_order: options.order ?? null,
    description: options.description ?? "",
    redirect_from: [...(options.redirectFrom ?? [])],
    relative_path: path,
    layout: options.layout,
  };
  pageRegistry.set(module, entry);
  sortRegistry();
  return entry;
}

/** Dash's order: the page at `/` gets order 0 unless orders were given; then by order, pages without one last, then by module. */
function sortRegistry(): void {
  const entries = [...pageRegistry.values()];
  const supplied = entries.some((page) => page.supplied_order !== null);
  for (const page of entries) page.order = page.path === "/" && !supplied ? 0 : page.supplied_order;
  entries.sort((a, b) => (a.order === null ? 1 : 0) - (b.order === null ? 1 : 0) || (a.order ?? 0) - (b.order ?? 0) || a.module.localeCompare(b.module));
  pageRegistry.clear();
  for (const page of entries) pageRegistry.set(page.module, page);
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * Dash's `_path_to_page`: the page for a path, with its `pathTemplate` variables.
 *
 * @example
 * ```ts
 * pageForPath("/report/7"); // { page: <the /report page>, variables: { report_id: "7" } }
 * ```
 */
export function pageForPath(pathname: string): { page: PageEntry; variables: Record<string, string> } | undefined {
  const path = pathname.replace(/^\/+|\/+$/g, "");
  for (const page of pageRegistry.values()) {
    if (page.path_template) {
      const variables = pathVariables(path, page.path_template.replace(/^\/+|\/+$/g, ""));
      if (variables) return { page, variables };
    }
    if (path === page.path.replace(/^\/+|\/+$/g, "")) return { page, variables: {} };
  }
  return undefined;
}

function pathVariables(path: string, template: string): Record<string, string> | undefined {
  const names: string[] = [];
  const pattern = template.split(/<(.*?)>/).map((part, i) => {
    if (i % 2 === 1) {
      names.push(part);
      return "(.*)";
    }
    return part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  });
  const match = new RegExp(`^${pattern.join("")}$`).exec(path);
  if (!match) return undefined;
  return Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(match[i + 1] ?? "")]));
}

/** Where an old path redirects (a page's `redirectFrom`), if it does. */
export function pageRedirect(pathname: string): string | undefined {
  for (const page of pageRegistry.values()) if (page.redirect_from.includes(pathname)) return page.path;
  return undefined;
}
