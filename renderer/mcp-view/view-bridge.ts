/**
 * The bridge between the app's MCP App view (the `ui://dash-events/app` resource, where alone
 * this bundle is loaded) and the host that shows it, through `@modelcontextprotocol/ext-apps`:
 * after the `ui/initialize` handshake the view tells the host its size (and again whenever it
 * changes), and it offers the host one tool, `get_view_state`, which reports the props of every
 * component with an id as the page holds them now (what the user and the streams set), so the
 * model can see what the user sees.
 *
 * It also gives the view its own location (virtual-location.ts, view-location.ts): the host's
 * iframe is `about:srcdoc`, so routing (`dcc.Location`, Dash Pages) follows a path kept here,
 * starting at the page the resource names (`<meta>` tags of lib/protocol/mcp-view.ts); a page
 * with a path template starts once the host sent the tool's arguments (`ontoolinput`).
 */
import { App } from "@modelcontextprotocol/ext-apps";
import { stringifyId } from "../../lib/protocol/ids.js";
import { fillTemplate, VIEW_PATH_META, VIEW_TEMPLATE_META } from "../../lib/protocol/mcp-view.js";
import type { ComponentId } from "../../lib/protocol/types.js";
import { moveView, routeHistoryToView, viewPath } from "./virtual-location.js";
import { installViewLocation, navigateView } from "./view-location.js";

/** The view-side tool that reports the page's current state. */
export const VIEW_STATE_TOOL = "get_view_state";

interface Node {
  type: string;
  namespace: string;
  props: Record<string, unknown>;
}

function isNode(value: unknown): value is Node {
  return typeof value === "object" && value !== null && typeof (value as Node).type === "string" && typeof (value as Node).namespace === "string" && typeof (value as Node).props === "object";
}

/**
 * Every component with an id and its props now, keyed by id; a prop holding components is left
 * out (the components in it are listed on their own), and text children are kept.
 */
function viewState(): Record<string, { type: string; props: Record<string, unknown> }> {
  const api = (window as { dash_component_api?: { getLayout(pathOrId: unknown): unknown } }).dash_component_api;
  const root = api?.getLayout([]);
  const components: Record<string, { type: string; props: Record<string, unknown> }> = {};
  const visit = (value: unknown): boolean => {
    if (Array.isArray(value)) return value.map(visit).some(Boolean);
    if (!isNode(value)) return false;
    const id = value.props.id;
    const hasId = typeof id === "string" || (typeof id === "object" && id !== null);
    // the tree holds each component as it was placed; its current props are the store's, by id
    const current = hasId ? api?.getLayout(id) : undefined;
    const node = isNode(current) ? current : value;
    const props: Record<string, unknown> = {};
    for (const [key, prop] of Object.entries(node.props)) {
      if (!visit(prop)) props[key] = prop;
    }
    if (hasId) components[stringifyId(id as ComponentId)] = { type: `${node.namespace}.${node.type}`, props };
    return true;
  };
  visit(root);
  return components;
}

/** A path-template page without arguments from the host by then (after the script ran) starts at its page's path. */
const TOOL_INPUT_WAIT_MS = 3000;

function meta(name: string): string | undefined {
  return document.querySelector<HTMLMetaElement>(`meta[name="${name}"]`)?.content;
}

// before the renderer starts (this deferred script runs before DOMContentLoaded, where it starts)
const startPath = meta(VIEW_PATH_META) ?? "/";
const template = meta(VIEW_TEMPLATE_META);
routeHistoryToView();
installViewLocation();
if (template === undefined) moveView(startPath);
let startedWithout = false;
/**
 * Start a path-template page where the tool's arguments say, else (none, or not all) at its
 * page's path. Arguments that come after the view started without them (a slow host) move it
 * there, unless the user went elsewhere meanwhile.
 */
const startAt = (args: Readonly<Record<string, unknown>> | undefined): void => {
  const filled = args && fillTemplate(template!, args);
  const now = viewPath();
  if (!now) {
    moveView(filled ?? startPath);
    startedWithout = filled === undefined;
  } else if (filled !== undefined && startedWithout && now.pathname === startPath) {
    startedWithout = false;
    navigateView(filled);
  }
};
if (template !== undefined) setTimeout(() => startAt(undefined), TOOL_INPUT_WAIT_MS);

const app = new App({ name: "dash-events view", version: "1" }, { tools: { listChanged: false } }, { autoResize: true });
app.registerTool(
  VIEW_STATE_TOOL,
  {
    title: "Current state of the app's page",
    description: "The props of every component with an id as the page shows them now (values the user entered, updates streamed so far).",
    annotations: { readOnlyHint: true },
  },
  () => {
    const components = viewState();
    const count = Object.keys(components).length;
    return Promise.resolve({ content: [{ type: "text", text: `${count} components: ${JSON.stringify(components)}` }], structuredContent: { components } });
  },
);
if (template !== undefined) app.ontoolinput = ({ arguments: args }) => startAt(args);
// outside a host (the page opened by itself) nobody answers the handshake: the page works without it
app
  .connect()
  .catch((error: unknown) => {
    console.warn("dash-events: the MCP Apps host did not connect", error);
    if (template !== undefined) startAt(undefined);
  });
