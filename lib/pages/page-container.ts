/**
 * Dash's `page_container` and the routing callbacks of Dash Pages (dash.py `router`): the
 * location's pathname and search pick the page, whose layout goes into `_pages_content` and
 * whose title into `_pages_store`, from where a clientside callback puts it on the document.
 */
import { Component } from "../dsl/component.js";
import type { CallbackRegistry } from "../callbacks/callback-registry.js";
import { defineCallback, defineClientsideCallback } from "../callbacks/definitions.js";
import { Input, Output } from "../dsl/dependencies.js";
import { html } from "../dsl/html.js";
import * as dcc from "../dsl/suites/generated/dcc.js";
import { pageForPath, pageRegistry, type PageArguments } from "./registry.js";

const ID_CONTENT = "_pages_content";
const ID_LOCATION = "_pages_location";
const ID_STORE = "_pages_store";
const ID_DUMMY = "_pages_dummy";

/**
 * Where the current page goes (Dash's `dash.page_container`): put it in the app's layout.
 *
 * @example
 * ```ts
 * new App({ layout: html.Div([html.Nav([...pageRegistry.values()].map((p) => dcc.Link(p.name, { href: p.path }))), pageContainer]) });
 * ```
 */
export const pageContainer: Component = html.Div([
  dcc.Location({ id: ID_LOCATION, refresh: "callback-nav" }),
  html.Div({ id: ID_CONTENT, disable_n_clicks: true }),
  dcc.Store({ id: ID_STORE }),
  html.Div({ id: ID_DUMMY, disable_n_clicks: true }),
]);

const installed = new WeakSet<CallbackRegistry>();

/**
 * Register the routing callbacks in an app's registry when pages are registered; once per app
 * (called when its server is built). `appTitle` is the title of the 404 page without its own.
 */
export function installPageRouting(registry: CallbackRegistry, appTitle: string): void {
  if (pageRegistry.size === 0 || installed.has(registry)) return;
  installed.add(registry);
  registry.add(defineCallback([
    [Output(ID_CONTENT, "children"), Output(ID_STORE, "data")],
    { pathname_: Input(ID_LOCATION, "pathname"), search_: Input(ID_LOCATION, "search") },
    async ({ pathname_, search_ }: { pathname_: unknown; search_: unknown }) => {
      const query = Object.fromEntries(new URLSearchParams(typeof search_ === "string" ? search_ : ""));
      const found = pageForPath(typeof pathname_ === "string" ? pathname_ : "/");
      let layout: unknown;
      let title: unknown;
      let args: PageArguments = query;
      if (found) {
        layout = found.page.layout;
        title = found.page.title;
        args = { ...found.variables, ...query };
      } else {
        const notFound = [...pageRegistry.values()].find((page) => page.module.split(".").pop() === "not_found_404");
        layout = notFound ? notFound.layout : html.H1("404 - Page not found");
        title = notFound ? notFound.title : appTitle;
      }
      if (typeof layout === "function") layout = await (layout as (a: PageArguments) => unknown)(args);
      if (typeof title === "function") title = (title as (a: PageArguments) => string)(found?.variables ?? {});
      return [layout, { title }];
    },
    // agents open pages with the page tools (lib/mcp/page-views.ts), not this router
    { preventInitialCall: true, mcp: false },
  ]));
  // no page routed yet, no title: the store is empty until the location is known, which in an MCP
  // App view of a path-template page waits for the tool's arguments (lib/mcp/page-views.ts)
  registry.add(defineClientsideCallback("function (data) { if (data) document.title = data.title; }", Output(ID_DUMMY, "children"), Input(ID_STORE, "data")));
}
