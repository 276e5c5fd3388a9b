/**
 * dash-events: Dash-compatible apps in TypeScript, with streaming event callbacks.
 *
 * @example
 * ```ts
 * import { App, html, Input, eventCallback, streamProps } from "dash-events";
 * const app = new App({ layout: html.Div([html.Button("Go", { id: "go" }), html.Div({ id: "out" })]) });
 * eventCallback(Input("go", "n_clicks"), async function* () {
 *   yield streamProps("out", { children: "hello" });
 * });
 * export default app;
 * ```
 */
export { html } from "./dsl/html.js";
export type { HtmlProps, HtmlCommonProps, CSSProperties } from "./dsl/html.js";
export { component, Component } from "./dsl/component.js";
export type { Props, PropValue, Children, ComponentFactory, TypedComponent, UntypedComponent, PropName, PropsOfComponent } from "./dsl/component.js";
export { Input, State, Output, MATCH, ALL, ALLSMALLER, Dependency } from "./dsl/dependencies.js";
export type { DependencyOptions, OutputOptions } from "./dsl/dependencies.js";
export { Patch, isPatch } from "./dsl/patch.js";
export { streamProps, StreamUpdate } from "./dsl/stream-props.js";
export type { StreamPropsFor, StreamTarget, StreamPair } from "./dsl/stream-props.js";
export { noUpdate, isNoUpdate, PreventUpdate } from "./dsl/no-update.js";
export type { NoUpdate, NoUpdateJson } from "./dsl/no-update.js";
export { callback, eventCallback, backgroundCallback, clientsideCallback, setProps } from "./callbacks/register.js";
export { ClientsideFunction, type ClientsideFunctionRef } from "./dsl/clientside-function.js";
export type { CallbackContext, EventCallbackContext, TriggeredProp, ArgsGroupingItem } from "./callbacks/callback-context.js";
export type { CallbackResponse, CookieOptions } from "./callbacks/response.js";
export type { CallbackOptions, ClientsideCallbackOptions, PreventInitialCall, EventCallbackOptions, CancelInput, CancelWhileEquals, ResetProps, OutputGrouping, InputGrouping, GroupingValue } from "./callbacks/callback-types.js";
export type { Grouping } from "./callbacks/grouping.js";
export { StreamTimeoutError, StreamRunError } from "./callbacks/run-stream.js";
export type { SecurityHeadersOptions } from "./server/security-headers.js";
export type { HttpsOptions } from "./server/https.js";
export { App } from "./app.js";
export type { AppOptions, ServeOptions, ServerOptions, RunningServer, LayoutOption } from "./app.js";
export type { StartupRouteHandler, StartupRouteMethod, StartupRouteRequest } from "./server/startup-routes.js";
export { sleep } from "./sleep.js";
export type {
  ComponentId,
  JsonValue,
  LayoutNode,
  Layout,
  PatchValue,
  StreamFrame,
  CallbackSpec,
  UpdateRequest,
  UpdateResponse,
} from "./protocol/types.js";
export * as dcc from "./dsl/suites/generated/dcc.js";
export * as dmc from "./dsl/suites/generated/dmc.js";
export * as dbc from "./dsl/suites/generated/dbc.js";
export * as dash_table from "./dsl/suites/generated/dash_table.js";
export * as dag from "./dsl/suites/dag.js";
export * as dash_iconify from "./dsl/suites/dash-iconify.js";
export { suiteComponent } from "./dsl/suites/factory.js";
export { dbcIcons, dbcThemes } from "./suites/theme-catalog.js";
export type { ExternalResource } from "./suites/theme-catalog.js";
export type { AnyArray, AnyObject, LeafFactory, ParentFactory } from "./dsl/suites/factory.js";
export { registerPage, pageRegistry, type PageOptions, type PageEntry, type PageLayout, type PageArguments } from "./pages/registry.js";
export { pageContainer } from "./pages/page-container.js";
export type { BackgroundCallbackOptions, SetProgress } from "./callbacks/background.js";
export type { McpOptions, McpCallbackOptions, McpToolOptions, McpToolFunction } from "./mcp/mcp-options.js";
export type { JsonSchema, JsonSchemaObject } from "./mcp/tool-schema.js";
export type { ConnectHook, RequestHook, HookRequest, AccessVerdict } from "./server/live/access-hooks.js";
