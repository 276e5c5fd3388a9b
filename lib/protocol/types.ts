/**
 * The wire format of dash-events, defined once. The server (`lib/`) and the browser
 * renderer (`renderer/`) both import these types; nothing here may import Node or DOM code.
 * Shapes follow what Dash 4.3's server and dash-renderer exchange (see test/fixtures/dash-wire).
 */

/** A JSON value as it travels on the wire. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** Wildcards of pattern-matching ids, serialized as Dash does: `["MATCH"]`, `["ALL"]`, `["ALLSMALLER"]`. */
export type WildcardName = "MATCH" | "ALL" | "ALLSMALLER";
export type Wildcard = [WildcardName];

/** A key value inside an object id (a concrete id holds no wildcards). */
export type IdValue = string | number | boolean;

/** A component id: a string, or an object (pattern-matching id). */
export type ComponentId = string | { [key: string]: IdValue };

/** An id inside a dependency: an object id's values may be wildcards. */
export type DependencyId = string | { [key: string]: IdValue | Wildcard };

/**
 * The paths of Dash's endpoints and of the stream endpoint, below the app's
 * `requests_pathname_prefix` (`/` unless the app is mounted elsewhere).
 */
export const ENDPOINTS = {
  layout: "_dash-layout",
  dependencies: "_dash-dependencies",
  update: "_dash-update-component",
  stream: "dash_update_component_sse",
} as const;

/**
 * Ids of the JSON `<script>` elements of the index page: Dash's `_dash-config`, and the layout
 * and callback list, which our page carries inline so the renderer starts without fetching
 * them (it falls back to `GET /_dash-layout` and `/_dash-dependencies` when they are absent).
 */
export const PAGE_DATA = {
  config: "_dash-config",
  layout: "_dash-events-layout",
  dependencies: "_dash-events-dependencies",
} as const;

/** One layout node, exactly Dash's JSON: `{"type": "Div", "namespace": "dash_html_components", "props": {...}}`. */
// A type alias, not an interface: an alias gets an implicit index signature, so a node is also a
// JsonValue and may appear anywhere JSON may (Patch params, frames) without casts.
export type LayoutNode = {
  type: string;
  namespace: string;
  props: { [prop: string]: JsonValue | LayoutNode | Children };
};

/** What `children` (or any prop holding components) may be. */
export type Child = LayoutNode | string | number | null;
export type Children = Child | Child[];

/** The layout served by `GET /_dash-layout`: one root node, or a list of them. */
export type Layout = LayoutNode | LayoutNode[];

/** `{id, property}` of a callback's input, state or output in `/_dash-dependencies`; wildcard ids are stringified. */
export interface DependencyRef {
  id: string;
  property: string;
  /** An Input or State whose component may be missing (Dash's `allow_optional`); absent unless true. */
  allow_optional?: true;
}

/** Dash's `running` option: props set while the callback runs, and after. */
export interface RunningSpec {
  running: { [idDotProp: string]: JsonValue };
  runningOff: { [idDotProp: string]: JsonValue };
}

/** Where a clientside callback's function lives: `window.dash_clientside[namespace][function_name]`. */
export interface ClientsideFunction {
  namespace: string;
  function_name: string;
}

/** A cancel input of an event callback; with `value` (from `{ input, whileEquals }`), the stream runs only while the input equals it. */
export interface StreamCancelSpec extends DependencyRef {
  value?: JsonValue;
}

/** One entry of `GET /_dash-dependencies`. Dash's fields, plus `stream`, `cancel` and `reset_props` for event callbacks. */
export interface CallbackSpec {
  /** The callback id: `"id.prop"`, `"..a.p...b.p.."` for several outputs, or a sha256 hex id for no-output callbacks. */
  output: string;
  inputs: DependencyRef[];
  state: DependencyRef[];
  clientside_function: ClientsideFunction | null;
  prevent_initial_call: boolean;
  background: { interval: number } | null;
  dynamic_creator: boolean | null;
  no_output: boolean;
  optional: boolean;
  hidden: boolean;
  websocket: boolean;
  persistent: boolean;
  running?: RunningSpec;
  /** dash-events: an event callback; the client POSTs to the stream endpoint instead of `/_dash-update-component`. */
  stream?: true;
  /** dash-events: inputs whose change ends a running stream. */
  cancel?: StreamCancelSpec[];
  /** dash-events: props the client applies when the stream is cancelled or fails. */
  reset_props?: PropsUpdate[];
}

/** One input or state value in an update request. `value` is absent when the prop is undefined. */
export interface CallbackArg {
  id: ComponentId;
  property: string;
  value?: JsonValue;
}

/** An ALL/ALLSMALLER dependency arrives as an array of args, ordered as in the layout. */
export type CallbackArgOrList = CallbackArg | CallbackArg[];

/** An output target of an update request (MATCH resolved to the concrete id). */
export interface OutputTarget {
  id: ComponentId;
  property: string;
}

/**
 * Body of `POST /_dash-update-component` and `POST /dash_update_component_sse`.
 * `outputs` is an object for one output, an array for several (and ALL outputs), absent for no-output/event callbacks.
 */
export interface UpdateRequest {
  output: string;
  outputs?: OutputTarget | Array<OutputTarget | OutputTarget[]>;
  inputs: CallbackArgOrList[];
  state?: CallbackArgOrList[];
  changedPropIds: string[];
  parsedChangedPropsIds?: Array<string | ComponentId>;
}

/** Props keyed by stringified component id, as in `response` and `sideUpdate`. */
export interface PropsById {
  [stringifiedId: string]: { [prop: string]: JsonValue };
}

/** Body of a 200 answer of `/_dash-update-component`. `sideUpdate` comes first when present, as in Dash. */
export interface UpdateResponse {
  multi: true;
  sideUpdate?: PropsById;
  response: PropsById;
}

/** A JSON error body of a 4xx/5xx answer. `detail` (e.g. a stack trace) only in debug mode. */
export interface ErrorBody {
  error: string;
  statusCode: number;
  /** A 5xx outside debug mode: the id under which the server logged the full error. */
  errorId?: string;
  detail?: string;
}

/** One `[id, props]` pair of a stream update. */
export type PropsUpdate = [ComponentId, { [prop: string]: JsonValue }];

/** The SSE frames of the stream endpoint; each is the JSON in one `data:` field. */
export type SingleFrame = ["[SINGLE]", ComponentId, { [prop: string]: JsonValue }];
export type BatchFrame = ["[BATCH]", null, PropsUpdate[]];
export interface StreamErrorPayload {
  error: string;
  handle_error: boolean;
  reset_props: PropsUpdate[];
}
export type ErrorFrame = ["[ERROR]", null, StreamErrorPayload];
export type StreamFrame = SingleFrame | BatchFrame | ErrorFrame;
/** The `data:` of the last frame of a stream that ended normally. */
export const DONE_DATA = "[DONE]";

/** Dash's Patch value, applied by the client to the prop's previous value. */
export const PATCH_MARKER = "__dash_patch_update";
export type PatchOperationName =
  | "Assign"
  | "Delete"
  | "Append"
  | "Prepend"
  | "Insert"
  | "Extend"
  | "Remove"
  | "Clear"
  | "Reverse"
  | "Merge"
  | "Add"
  | "Sub"
  | "Mul"
  | "Div";
export interface PatchOperation {
  operation: PatchOperationName;
  location: Array<string | number>;
  params: { [param: string]: JsonValue };
}
export interface PatchValue {
  __dash_patch_update: typeof PATCH_MARKER;
  operations: PatchOperation[];
}

/** The `_dash-config` JSON the index page embeds. */
export interface DashConfig {
  url_base_pathname: string | null;
  requests_pathname_prefix: string;
  ui: boolean;
  props_check: boolean;
  show_undo_redo: boolean;
  suppress_callback_exceptions: boolean;
  update_title: string;
  /** dash-events: detailed errors shown in the page. */
  debug: boolean;
  /** dash-events: path of the stream endpoint. */
  stream_path: string;
  /** dash-events: how the page receives event-callback frames (default multiplexed). */
  stream_transport?: "multiplexed" | "per-request";
  /** dash-events: the downlink's path (multiplexed transport). */
  downlink_path?: string;
  /** dash-events: the path of the cancel request (multiplexed transport). */
  stream_cancel_path?: string;
  /** dash-events: the SharedWorker script that shares one downlink among tabs; absent: each tab holds its own. */
  downlink_worker?: string;
  /** dash-events: ms an idle downlink stays open after the last run ended. */
  downlink_idle_ms?: number;
  /** dash-events: regular callbacks are live (streamed `setProps`, `ctx.getProp`): each request says the page can take a downlink, and names it when it is open. */
  live_callbacks?: boolean;
  /** dash-events: the app has `onConnect` hooks: the page opens its downlink (the hooks' verdict) before its first live callback, so a refusal stops it once. */
  live_connect_first?: boolean;
  /** dash-events: where the page answers `[GET_PROPS]` frames. */
  live_reply_path?: string;
  /** The props that hold components, by namespace and type, as Dash lists them (see `ChildrenProps`). */
  children_props: ChildrenProps;
}

/**
 * Dash's `children_props`: for each component type, the props that hold components, named as
 * Dash's component generator names them — `"leftSection"`, `"modalProps.title"` (inside an
 * object), `"marks[].label"` (in each item of a list), `"icons{}"` (each value of an object).
 */
export interface ChildrenProps {
  [namespace: string]: { readonly [type: string]: readonly string[] };
}

/** Where the renderer asks for a suite it has not loaded: `GET /<this>/<namespace>/<type>` (under the requests prefix). */
export const SUITE_ON_DEMAND_PATH = "_dash-events/suite-for";

/** The answer of the suites-on-demand route: the suite's files in load order (those it requires first), and its children props. */
export interface SuiteOnDemand {
  scripts: string[];
  css: string[];
  /** Small scripts to run before the suite scripts (where dcc finds Plotly). */
  inline: string[];
  children_props: ChildrenProps;
}
