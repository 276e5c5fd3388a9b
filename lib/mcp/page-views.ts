/**
 * A tool per page of a Dash Pages app, next to `open_app`: `open_page_<name>` shows the live
 * app in the conversation starting at that page. Each points at its own view resource,
 * `ui://dash-events/app<path>` (`/analytics` → `ui://dash-events/app/analytics`; the page at
 * `/` shares `open_app`'s `ui://dash-events/app`), whose HTML tells the view its start path.
 * A page with a path template (`/report/<report_id>`) has one resource for the template: its
 * tool takes each variable as a required string, and the view fills the template in with the
 * arguments the host sends it (`ui/notifications/tool-input`). The 404 page gets no tool.
 */
import type { Resource, Tool } from "@modelcontextprotocol/sdk/types.js";
import { pageRegistry, type PageEntry } from "../pages/registry.js";
import { fillTemplate, templateVariables } from "../protocol/mcp-view.js";
import { APP_VIEW_MIME, APP_VIEW_URI, type ViewStart } from "./app-view.js";
import type { JsonSchemaObject } from "./tool-schema.js";

/** The view of one page: its tool, its resource and where the view starts. */
export interface PageView {
  readonly tool: string;
  readonly uri: string;
  readonly page: PageEntry;
  readonly start: ViewStart;
  readonly inputSchema: JsonSchemaObject;
}

const TOOL_PREFIX = "open_page_";
/** MCP tool names: 1 to 128 of these characters (SEP-986). */
const MAX_TOOL_NAME = 128;

/** The page's name part of its tool name: its module without Dash's `pages.` (`pages.sales_report` → `sales_report`). */
function toolName(page: PageEntry, taken: ReadonlySet<string>): string {
  const base = `${TOOL_PREFIX}${page.module.replace(/^pages\./, "").replace(/[^A-Za-z0-9_-]/g, "_")}`.slice(0, MAX_TOOL_NAME - 4);
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}_${n}`;
  return name;
}

function pageTitle(page: PageEntry): string {
  return typeof page.title === "string" ? page.title : page.name;
}

/**
 * The views of the registered pages (none without Pages), their tool names made unique against
 * `taken` (the other tools' names).
 */
export function pageViews(taken: ReadonlySet<string>): PageView[] {
  const names = new Set(taken);
  const views: PageView[] = [];
  for (const page of pageRegistry.values()) {
    if (page.module.split(".").pop() === "not_found_404") continue;
    const tool = toolName(page, names);
    names.add(tool);
    const template = page.path_template ?? undefined;
    const variables = template === undefined ? [] : templateVariables(template);
    const properties = Object.fromEntries(variables.map((name) => [name, { type: "string", description: `<${name}> in the page's path ${template}` }]));
    views.push({
      tool,
      uri: page.path === "/" && template === undefined ? APP_VIEW_URI : `${APP_VIEW_URI}${encodeURI(page.path)}`,
      page,
      start: { path: page.relative_path, template },
      inputSchema: { type: "object", properties, required: variables, additionalProperties: false },
    });
  }
  return views;
}

/** A page's tool, pointing at its view. */
export function pageTool(view: PageView, appTitle: string): Tool {
  const { page, uri } = view;
  const where = view.start.template ?? page.path;
  const about = page.description ? ` ${page.description}` : "";
  return {
    name: view.tool,
    title: `Open ${page.name}`,
    description: `Shows the page "${pageTitle(page)}" (${where}) of the app's live page (${appTitle}) in the conversation, where its controls, links and streams work as in a browser tab.${about}`,
    inputSchema: view.inputSchema as Tool["inputSchema"],
    _meta: { ui: { resourceUri: uri }, "ui/resourceUri": uri, "dash-events/page": where },
  };
}

/** A page's view resource entry (none for the page at `/`, which is `open_app`'s resource). */
export function pageResource(view: PageView): Resource | undefined {
  if (view.uri === APP_VIEW_URI) return undefined;
  const { page } = view;
  const where = view.start.template ?? page.path;
  return { uri: view.uri, name: view.tool.slice(TOOL_PREFIX.length), title: pageTitle(page), mimeType: APP_VIEW_MIME, description: `The app's live page at ${where}, for hosts that show MCP Apps.${page.description ? ` ${page.description}` : ""}` };
}

/** The path a page's tool call opens: its path, or its template filled in with the (checked) arguments. */
export function pagePath(view: PageView, args: Readonly<Record<string, unknown>>): string {
  return view.start.template === undefined ? view.start.path : (fillTemplate(view.start.template, args) ?? view.start.path);
}
