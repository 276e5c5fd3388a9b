/**
 * What the MCP endpoint serves and how it is guarded: `AppOptions.mcp`, `app.configureMcp()`
 * and the CLI's `--mcp`, merged once when the server is built.
 */
import type { JsonSchemaObject } from "./tool-schema.js";

/** Where the endpoint is served by default, as Dash serves `/_dash-*` routes. */
export const DEFAULT_MCP_PATH = "/_mcp";

/** The environment variable that sets the endpoint's bearer token when the options do not. */
export const MCP_TOKEN_ENV = "DASH_EVENTS_MCP_TOKEN";

/**
 * Options of the app's MCP endpoint (`new App({ mcp })`, `app.configureMcp()`).
 *
 * @example
 * ```ts
 * new App({ layout, mcp: { token: process.env.MY_TOKEN, includeLayout: false } });
 * ```
 */
export interface McpOptions {
  /** The endpoint's path. Default `"/_mcp"`. */
  path?: string;
  /**
   * A bearer token every request must carry (`Authorization: Bearer <token>`); else 401.
   * Default: the `DASH_EVENTS_MCP_TOKEN` environment variable, else none.
   */
  token?: string;
  /** The server's name in `initialize`. Default: the app's title. */
  name?: string;
  /** Text the client may show the model about this server (`instructions` in `initialize`). */
  instructions?: string;
  /** Expose the layout as `dash://layout`. Default true. */
  includeLayout?: boolean;
  /** Expose each component with an id as `dash://components/{id}`. Default true. */
  includeComponents?: boolean;
  /** Expose server callbacks (regular and event callbacks) as tools. Default true. */
  includeCallbacks?: boolean;
  /** Expose the clientside callbacks' source as `dash://clientside/{name}` resources. Default true. */
  includeClientside?: boolean;
  /** With Dash Pages: expose the page registry as `dash://pages` and each page's layout as `dash://pages/{module}`. Default true. */
  includePages?: boolean;
  /**
   * Offer the live page as an MCP App: a tool `open_app` and the resource `ui://dash-events/app`
   * that hosts show in a sandboxed iframe, and with Dash Pages a tool and a view per page
   * (`open_page_<name>`, lib/mcp/page-views.ts). The page's endpoints then also answer that iframe
   * (`Origin: null`, with CORS), i.e. any sandboxed page. Default false.
   */
  app?: boolean;
}

/** Per-callback MCP options (`callback(..., { mcp })`). */
export interface McpCallbackOptions {
  /** The tool's name. Default: the function's name, else one made from the outputs. */
  name?: string;
  /** The tool's description. Default: one made from the outputs and inputs. */
  description?: string;
}

/**
 * A plain function served as a tool (`app.mcpTool(fn, options)`), Dash's `mcp_enabled`.
 */
export interface McpToolOptions {
  /** The tool's name. Default: the function's name. */
  name?: string;
  description?: string;
  /** JSON Schema of the one argument object the function gets. Default: an object of anything. */
  inputSchema?: JsonSchemaObject;
}

/** A function registered with `app.mcpTool`: called with the tool's arguments object. */
export type McpToolFunction = (args: Record<string, unknown>) => unknown;

/** A registered plain tool. */
export interface McpToolDefinition {
  readonly name: string;
  readonly description: string;
  readonly inputSchema: JsonSchemaObject;
  readonly fn: McpToolFunction;
}

/** The endpoint's settings once merged. */
export interface McpSettings {
  readonly path: string;
  readonly token: string | undefined;
  readonly name: string;
  readonly instructions: string | undefined;
  readonly includeLayout: boolean;
  readonly includeComponents: boolean;
  readonly includeCallbacks: boolean;
  readonly includeClientside: boolean;
  readonly includePages: boolean;
  readonly app: boolean;
  /** The App's `allowedOrigins`: the endpoint refuses any other foreign `Origin`. */
  readonly allowedOrigins: readonly string[];
  readonly tools: readonly McpToolDefinition[];
}

/** `mcp: true | options`, with later layers (configureMcp, the CLI) over earlier ones; undefined when the endpoint is off. */
export function mcpSettings(
  layers: ReadonlyArray<boolean | McpOptions | undefined>,
  context: { title: string; allowedOrigins: readonly string[]; tools: readonly McpToolDefinition[] },
): McpSettings | undefined {
  let enabled = false;
  let merged: McpOptions = {};
  for (const layer of layers) {
    if (layer === undefined) continue;
    if (layer === false) {
      enabled = false;
      continue;
    }
    enabled = true;
    if (layer !== true) merged = { ...merged, ...checkMcpOptions(layer) };
  }
  if (!enabled) return undefined;
  const path = merged.path ?? DEFAULT_MCP_PATH;
  const envToken = process.env[MCP_TOKEN_ENV];
  return {
    path: path.startsWith("/") ? path : `/${path}`,
    token: merged.token ?? (envToken === undefined || envToken === "" ? undefined : envToken),
    name: merged.name ?? context.title,
    instructions: merged.instructions,
    includeLayout: merged.includeLayout ?? true,
    includeComponents: merged.includeComponents ?? true,
    includeCallbacks: merged.includeCallbacks ?? true,
    includeClientside: merged.includeClientside ?? true,
    includePages: merged.includePages ?? true,
    app: merged.app ?? false,
    allowedOrigins: context.allowedOrigins,
    tools: context.tools,
  };
}

const KNOWN_KEYS = new Set(["path", "token", "name", "instructions", "includeLayout", "includeComponents", "includeCallbacks", "includeClientside", "includePages", "app"]);

/** A bad option fails when the server is built, naming it. */
function checkMcpOptions(options: McpOptions): McpOptions {
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new TypeError("mcp: true, false, or an object of options ({ path, token, includeLayout, ... })");
  }
  for (const [key, value] of Object.entries(options)) {
    if (!KNOWN_KEYS.has(key)) throw new TypeError(`mcp: unknown option ${JSON.stringify(key)} (known: ${[...KNOWN_KEYS].join(", ")})`);
    if (value === undefined) continue;
    const wantsString = key === "path" || key === "token" || key === "name" || key === "instructions";
    if (wantsString ? typeof value !== "string" || value === "" : typeof value !== "boolean") {
      throw new TypeError(`mcp: ${key} must be ${wantsString ? "a non-empty string" : "true or false"}`);
    }
  }
  return options;
}
