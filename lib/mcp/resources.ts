/**
 * The app as MCP resources, as Dash's MCP server exposes it: the layout (`dash://layout`), each
 * component with an id and its current props as the server knows them plus its prop schema
 * (`dash://components/{id}`), the callback graph (`dash://callbacks`), the clientside
 * callbacks' source (`dash://clientside/{name}`), and with Dash Pages the page registry
 * (`dash://pages`) and each page's layout (`dash://pages/{module}`). `McpOptions.include*`
 * decides which exist.
 */
import type { ReadResourceResult, Resource, ResourceTemplate } from "@modelcontextprotocol/sdk/types.js";
import type { ServedApp } from "../server/server-context.js";
import type { McpSettings } from "./mcp-options.js";
import { indexLayout, type LayoutIndex } from "./layout-index.js";
import { componentTypeName, propSchema, type JsonSchema } from "./tool-schema.js";
import { componentMetadata } from "./prop-metadata.js";
import { ToolInputError } from "./callback-tools.js";
import { pageRegistry, type PageEntry } from "../pages/registry.js";

const LAYOUT_URI = "dash://layout";
const CALLBACKS_URI = "dash://callbacks";
const COMPONENT_PREFIX = "dash://components/";
const CLIENTSIDE_PREFIX = "dash://clientside/";
const PAGES_URI = "dash://pages";
const PAGE_PREFIX = "dash://pages/";

/** A resource the client asked for that does not exist: the SDK answers it as an invalid-params error. */
export class UnknownResourceError extends ToolInputError {}

/** The fixed resources and one per component with an id. */
export async function listResources(app: ServedApp, settings: McpSettings): Promise<Resource[]> {
  const resources: Resource[] = [];
  if (settings.includeLayout) resources.push({ uri: LAYOUT_URI, name: "layout", title: "The app's layout", mimeType: "application/json", description: "The component tree the page starts from, as GET /_dash-layout sends it." });
  if (settings.includeCallbacks) resources.push({ uri: CALLBACKS_URI, name: "callbacks", title: "The callback graph", mimeType: "application/json", description: "Every callback's inputs, states and outputs, as GET /_dash-dependencies sends them." });
  if (settings.includeComponents) {
    const index = await indexLayout(app.options.layout);
    for (const [sid, { node }] of index.byId) {
      resources.push({ uri: COMPONENT_PREFIX + encodeURIComponent(sid), name: sid, title: `${componentTypeName(node)} ${sid}`, mimeType: "application/json" });
    }
  }
  if (settings.includeClientside) {
    for (const callback of app.registry.clientside()) {
      if (callback.source === undefined) continue;
      resources.push({ uri: CLIENTSIDE_PREFIX + encodeURIComponent(callback.functionName), name: callback.functionName, title: `Clientside callback for ${callback.id}`, mimeType: "text/javascript" });
    }
  }
  if (settings.includePages && pageRegistry.size > 0) {
    resources.push({ uri: PAGES_URI, name: "pages", title: "The app's pages", mimeType: "application/json", description: "Every page of the app (Dash Pages): its name, path (or path template), title, description and order." });
    for (const page of pageRegistry.values()) {
      resources.push({ uri: PAGE_PREFIX + encodeURIComponent(page.module), name: page.module, title: `Layout of the page ${page.name} (${page.path_template ?? page.path})`, mimeType: "application/json" });
    }
  }
  return resources;
}

/** `dash://components/{id}`, for clients that build URIs themselves. */
export function resourceTemplates(settings: McpSettings): ResourceTemplate[] {
  if (!settings.includeComponents) return [];
  return [{ uriTemplate: `${COMPONENT_PREFIX}{id}`, name: "component", title: "A component of the layout", mimeType: "application/json", description: "A component's type, its props in the layout and the JSON Schema of each of its props." }];
}

/** Read one resource. */
export async function readResource(app: ServedApp, settings: McpSettings, uri: string): Promise<ReadResourceResult> {
  const json = (value: unknown): ReadResourceResult => ({ contents: [{ uri, mimeType: "application/json", text: JSON.stringify(value, null, 1) }] });
  if (uri === LAYOUT_URI && settings.includeLayout) return json((await indexLayout(app.options.layout)).layout);
  if (uri === CALLBACKS_URI && settings.includeCallbacks) return json(app.registry.specs());
  if (uri.startsWith(COMPONENT_PREFIX) && settings.includeComponents) {
    const sid = decodeURIComponent(uri.slice(COMPONENT_PREFIX.length));
    const index = await indexLayout(app.options.layout);
    const found = componentResource(index, sid);
    if (found) return json(found);
  }
  if (uri.startsWith(CLIENTSIDE_PREFIX) && settings.includeClientside) {
    const name = decodeURIComponent(uri.slice(CLIENTSIDE_PREFIX.length));
    const callback = app.registry.clientside().find((c) => c.functionName === name && c.source !== undefined);
    if (callback?.source !== undefined) return { contents: [{ uri, mimeType: "text/javascript", text: callback.source }] };
  }
  if (uri === PAGES_URI && settings.includePages) return json([...pageRegistry.values()].map(pageSummary));
  if (uri.startsWith(PAGE_PREFIX) && settings.includePages) {
    const page = pageRegistry.get(decodeURIComponent(uri.slice(PAGE_PREFIX.length)));
    if (page) return json({ ...pageSummary(page), layout: await pageLayout(page) });
  }
  throw new UnknownResourceError(`Unknown resource ${JSON.stringify(uri.length > 200 ? `${uri.slice(0, 200)}…` : uri)}`);
}

function componentResource(index: LayoutIndex, sid: string): unknown {
  const found = index.byId.get(sid);
  if (!found) return undefined;
  const { node } = found;
  const names = new Set([...Object.keys(node.props), ...(componentMetadata(node.namespace, node.type)?.props.map((p) => p.name) ?? [])]);
  const schema: Record<string, JsonSchema> = {};
  for (const name of names) schema[name] = propSchema(found, name);
  return { id: found.id, type: node.type, namespace: node.namespace, props: node.props, propSchema: schema };
}

/** What an agent needs to know of a page, as Dash's page registry says it (no functions). */
function pageSummary(page: PageEntry): Record<string, unknown> {
  return {
    module: page.module,
    name: page.name,
    path: page.path,
    path_template: page.path_template,
    title: typeof page.title === "function" ? null : page.title,
    description: page.description,
    order: page.order,
    redirect_from: page.redirect_from,
  };
}

/**
 * A page's layout as a visit to its path shows it: a layout function is called as a visit without
 * a query string calls it (a path template's page gets its variables from the visit, so its
 * function is described, not called).
 */
async function pageLayout(page: PageEntry): Promise<unknown> {
  if (typeof page.layout !== "function") return page.layout;
  if (page.path_template) return { function: true, note: `the layout is made for each visit from the path's variables (${page.path_template}); open the page to see it` };
  return JSON.parse(JSON.stringify(await page.layout({}))) as unknown;
}
