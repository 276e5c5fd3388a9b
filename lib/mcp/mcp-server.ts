/**
 * One MCP server per client session: its tools (the app's callbacks, `app.mcpTool` functions)
 * and resources, answered from the app as it is at each request (a layout function is called,
 * callbacks registered at run time appear).
 */
// The low-level Server, not McpServer: our tool schemas are JSON Schema built at each request
// from the layout, while McpServer's registerTool wants fixed zod schemas.
import { Server } from "@modelcontextprotocol/sdk/server/index.js";
import {
  CallToolRequestSchema,
  ErrorCode,
  ListResourcesRequestSchema,
  ListResourceTemplatesRequestSchema,
  ListToolsRequestSchema,
  McpError,
  ReadResourceRequestSchema,
  type CallToolRequest,
  type CallToolResult,
  type CreateTaskResult,
  type ProgressToken,
  type RequestId,
  type ServerNotification,
  type Tool,
} from "@modelcontextprotocol/sdk/types.js";
import type { RequestTaskStore } from "@modelcontextprotocol/sdk/shared/protocol.js";
import type { FastifyBaseLogger, FastifyInstance } from "fastify";
import type { JsonValue } from "../protocol/types.js";
import type { ServedApp } from "../server/server-context.js";
import { runCallback } from "../callbacks/run-callback.js";
import type { EventCallback, RegularCallback } from "../callbacks/callback-types.js";
import type { UpdateRequest } from "../protocol/types.js";
import { findJsonProblem, jsonProblemMessage } from "../callbacks/json-check.js";
import type { McpSettings, McpToolDefinition } from "./mcp-options.js";
import { indexLayout, type LayoutIndex } from "./layout-index.js";
import { callbackTools, checkArguments, inputSchemaOf, updateRequestOf, type CallbackTool } from "./callback-tools.js";
import { errorResult, flattenProps, preview, propsResult } from "./tool-results.js";
import { runStreamTool, type ResponseFlow, type StreamToolContext } from "./stream-tool.js";
import { MAX_QUEUED, TASK_POLL_INTERVAL_MS, taskTtl, type McpTasks } from "./run-tasks.js";
import type { AnswerStream } from "./answer-stream.js";
import { listResources, readResource, resourceTemplates, UnknownResourceError } from "./resources.js";
import { APP_VIEW_URI, appViewResource, OPEN_APP_TOOL, openAppTool, originOf, readAppView } from "./app-view.js";
import { pagePath, pageResource, pageTool, pageViews, type PageView } from "./page-views.js";
import { pageRegistry } from "../pages/registry.js";

/** What every session's server shares. */
export interface McpServerContext extends StreamToolContext {
  readonly app: ServedApp;
  /** The Fastify server, whose index page the MCP App's view is made from. */
  readonly server: FastifyInstance;
  readonly settings: McpSettings;
  readonly log: FastifyBaseLogger;
  /** Tasks (long runs the client polls), shared by every session. */
  readonly tasks: McpTasks;
}

/** Tracks which tool calls are in flight on a session, so a client that goes away ends them. */
export interface InFlight {
  onGone(requestId: string | number, listener: () => void): void;
  /** The backpressure of the response that carries `requestId`'s messages. */
  flow(requestId: string | number): ResponseFlow | undefined;
  /** The response that carries `requestId`'s messages, for notifications written directly. */
  answerStream(requestId: string | number): AnswerStream | undefined;
}

interface ToolSet {
  readonly callbacks: CallbackTool[];
  readonly plain: readonly McpToolDefinition[];
  /** Callback tools by name. */
  readonly byName: ReadonlyMap<string, CallbackTool>;
  /** The registry's size it was made at: callbacks are only ever added, so a new size means a new set. */
  readonly size: number;
}

/** The tool set of each shared context, made again when a callback was registered since. */
const toolSets = new WeakMap<McpServerContext, ToolSet>();

function toolSet(context: McpServerContext): ToolSet {
  const size = context.app.registry.size;
  const cached = toolSets.get(context);
  if (cached?.size === size) return cached;
  const taken = new Set(context.settings.tools.map((t) => t.name));
  const callbacks = context.settings.includeCallbacks ? callbackTools(context.app.registry, taken) : [];
  const made = { callbacks, plain: context.settings.tools, byName: new Map(callbacks.map((tool) => [tool.name, tool])), size };
  toolSets.set(context, made);
  return made;
}

/** The page views made for a tool set, and how many pages there were (a page registered later makes them again). */
const pageViewSets = new WeakMap<ReturnType<typeof toolSet>, { pages: number; views: PageView[] }>();

/** The views of the app's pages, named apart from every other tool; none unless the page is an MCP App. Made once per tool set: every tools/call asks. */
function pageViewsOf(context: McpServerContext): PageView[] {
  if (!context.settings.app || pageRegistry.size === 0) return [];
  const tools = toolSet(context);
  const made = pageViewSets.get(tools);
  if (made?.pages === pageRegistry.size) return made.views;
  const views = pageViews(new Set([OPEN_APP_TOOL, ...tools.callbacks.map((t) => t.name), ...tools.plain.map((t) => t.name)]));
  pageViewSets.set(tools, { pages: pageRegistry.size, views });
  return views;
}

/** The params of a `tools/call` request. */
export type CallToolParams = CallToolRequest["params"];

/** What a tools/call needs besides its params: the SDK's request extras, or the endpoint's own for a call it answers itself. */
export interface CallExtras {
  readonly requestId: RequestId;
  readonly signal: AbortSignal;
  readonly progressToken: ProgressToken | undefined;
  /** The `Host` the client reached the endpoint with. */
  readonly host: string | undefined;
  readonly sendNotification: (notification: ServerNotification) => Promise<void>;
  /** The SDK's task store of the request: a call that asks for a task goes through the SDK. */
  readonly taskStore?: RequestTaskStore;
}

/** One session's MCP server, and its tools/call handler for the requests the endpoint answers itself. */
export interface SessionServer {
  readonly server: Server;
  callTool(params: CallToolParams, extras: CallExtras): Promise<CallToolResult | CreateTaskResult>;
}

/** A new server for one session. */
export function createMcpServer(context: McpServerContext, inFlight: InFlight, version: string): SessionServer {
  const { app, settings } = context;
  const server = new Server(
    { name: settings.name, version },
    {
      capabilities: { tools: { listChanged: false }, resources: {}, logging: {}, tasks: { list: {}, cancel: {}, requests: { tools: { call: {} } } } },
      taskStore: context.tasks.store,
      taskMessageQueue: context.tasks.queue,
      maxTaskQueueSize: MAX_QUEUED,
      defaultTaskPollInterval: TASK_POLL_INTERVAL_MS,
      instructions: settings.instructions ?? `The tools run this Dash app's callbacks: give them the values of their inputs ("id.prop" keys) and they return the props the app would set on its page. Streaming tools send each update as a progress notification. Resources hold the layout and each component's props.`,
    },
  );

  server.setRequestHandler(ListToolsRequestSchema, async () => {
    const tools = toolSet(context);
    const index = await indexLayout(app.options.layout);
    const listed: Tool[] = tools.callbacks.map(({ name, description, callback }) => ({
      name,
      description,
      inputSchema: inputSchemaOf(callback, index) as Tool["inputSchema"],
      annotations: { title: name, readOnlyHint: false, openWorldHint: false },
      // a streaming run may also be a task: the client polls it instead of holding the request open
      ...(callback.kind === "event" ? { execution: { taskSupport: "optional" as const } } : {}),
      _meta: { "dash-events/callback": callback.id, "dash-events/streaming": callback.kind === "event" },
    }));
    for (const tool of tools.plain) listed.push({ name: tool.name, description: tool.description, inputSchema: tool.inputSchema as Tool["inputSchema"] });
    if (settings.app) listed.push(openAppTool(settings.name));
    for (const view of pageViewsOf(context)) listed.push(pageTool(view, settings.name));
    return { tools: listed };
  });

  /** One tools/call, whichever way it came: through the SDK (below) or answered by the endpoint itself (direct-requests.ts). */
  const callTool = async (params: CallToolParams, extras: CallExtras): Promise<CallToolResult | CreateTaskResult> => {
    const { name, arguments: args } = params;
    if (settings.app && name === OPEN_APP_TOOL) {
      const url = `${originOf(extras.host)}/`;
      return { content: [{ type: "text", text: `The app is shown in the conversation (also at ${url}).` }], structuredContent: { url } };
    }
    const pageView = pageViewsOf(context).find((view) => view.tool === name);
    if (pageView) {
      try {
        const path = pagePath(pageView, checkArguments(pageView.inputSchema, args));
        const url = `${originOf(extras.host)}${path}`;
        return { content: [{ type: "text", text: `The page ${pageView.page.name} (${path}) is shown in the conversation (also at ${url}).` }], structuredContent: { url, path } };
      } catch (error) {
        return errorResult(error, context.debug, context.log, name);
      }
    }
    const tools = toolSet(context);
    const plain = tools.plain.find((t) => t.name === name);
    const tool = tools.byName.get(name);
    if (!plain && !tool) throw new McpError(ErrorCode.InvalidParams, `Unknown tool ${JSON.stringify(name)}`);
    const taskParams = params.task;
    // the spec's answer to a task request for a tool that does not run as one
    if (taskParams && tool?.callback.kind !== "event") throw new McpError(ErrorCode.MethodNotFound, `Tool ${name} does not run as a task (only streaming tools do)`);
    try {
      if (plain) return await callPlain(plain, args);
      const { callback } = tool!;
      const index = await indexLayout(app.options.layout);
      const checked = checkArguments(inputSchemaOf(callback, index), args);
      const body = updateRequestOf(callback, checked, index);
      if (callback.kind === "regular") return await callRegular(context, callback, body);
      if (taskParams && extras.taskStore) return await startTask(context, server, callback, body, index, taskParams.ttl, extras.taskStore, extras.progressToken);
      return await runStreamTool(callback, body, index, {
        signal: extras.signal,
        progressToken: extras.progressToken,
        sendNotification: extras.sendNotification,
        onGone: (listener) => inFlight.onGone(extras.requestId, listener),
        flow: inFlight.flow(extras.requestId),
        answer: inFlight.answerStream(extras.requestId),
      }, context);
    } catch (error) {
      return errorResult(error, context.debug, context.log, name);
    }
  };

  server.setRequestHandler(CallToolRequestSchema, (request, extra) =>
    // a CreateTaskResult is an answer the SDK's tools/call wrapper accepts when the call asked for a task
    callTool(request.params, {
      requestId: extra.requestId,
      signal: extra.signal,
      progressToken: extra._meta?.progressToken,
      host: hostOf(extra.requestInfo?.headers),
      sendNotification: extra.sendNotification,
      taskStore: extra.taskStore,
    }) as Promise<CallToolResult>,
  );

  server.setRequestHandler(ListResourcesRequestSchema, async () => {
    const resources = await listResources(app, settings);
    if (settings.app) resources.push(appViewResource(settings.name));
    for (const view of pageViewsOf(context)) {
      const resource = pageResource(view);
      if (resource) resources.push(resource);
    }
    return { resources };
  });
  server.setRequestHandler(ListResourceTemplatesRequestSchema, () => ({ resourceTemplates: resourceTemplates(settings) }));
  server.setRequestHandler(ReadResourceRequestSchema, async (request, extra) => {
    try {
      const { uri } = request.params;
      if (settings.app && uri === APP_VIEW_URI) return await readAppView(context.server, originOf(hostOf(extra.requestInfo?.headers)));
      const pageView = uri.startsWith(`${APP_VIEW_URI}/`) ? pageViewsOf(context).find((view) => view.uri === uri) : undefined;
      if (pageView) return await readAppView(context.server, originOf(hostOf(extra.requestInfo?.headers)), uri, pageView.start);
      return await readResource(app, settings, uri);
    } catch (error) {
      if (error instanceof UnknownResourceError) throw new McpError(ErrorCode.InvalidParams, error.message);
      throw error;
    }
  });
  return { server, callTool };
}

/** The `Host` the client reached the endpoint with. */
function hostOf(headers: Record<string, string | string[] | undefined> | undefined): string | undefined {
  const host = headers?.host;
  return Array.isArray(host) ? host[0] : host;
}

/** A regular callback through the code path of `POST /_dash-update-component`. */
async function callRegular(context: McpServerContext, callback: RegularCallback, body: ReturnType<typeof updateRequestOf>): Promise<CallToolResult> {
  const outcome = await runCallback(callback, body, { onError: context.app.options.onError, registry: context.app.registry });
  if (outcome.status === 204) return propsResult({}, "The callback prevented the update (PreventUpdate): nothing changed.");
  // through JSON, as the endpoint sends it: components and Patches in outputs serialize themselves
  const answer = JSON.parse(JSON.stringify(outcome.body)) as typeof outcome.body;
  const props = flattenProps(flattenProps({}, answer.sideUpdate), answer.response);
  return propsResult(props);
}

/** An `app.mcpTool` function: its return value as structured content when it is an object. */
async function callPlain(tool: McpToolDefinition, args: unknown): Promise<CallToolResult> {
  const checked = checkArguments(tool.inputSchema, args);
  const value: unknown = await tool.fn(checked);
  const problem = findJsonProblem(value);
  if (problem) throw new Error(jsonProblemMessage(`tool ${tool.name}`, problem));
  const json = JSON.parse(JSON.stringify(value ?? null)) as JsonValue;
  const text = typeof json === "string" ? json : preview(json, 4000);
  const structured = typeof json === "object" && json !== null && !Array.isArray(json);
  return structured ? { content: [{ type: "text", text }], structuredContent: json } : { content: [{ type: "text", text }] };
}

export type { LayoutIndex };

/**
 * Start `callback`'s run as a task and answer with it at once (`CreateTaskResult`). The run
 * outlives the request: a client gone does not end it, `tasks/cancel` does; its result is stored
 * for `tasks/result` as the call's would have been.
 */
async function startTask(
  context: McpServerContext,
  server: Server,
  callback: EventCallback,
  body: UpdateRequest,
  index: LayoutIndex,
  ttl: number | undefined,
  taskStore: RequestTaskStore,
  progressToken: ProgressToken | undefined,
): Promise<CreateTaskResult> {
  const task = await taskStore.createTask({ ttl: taskTtl(ttl), pollInterval: TASK_POLL_INTERVAL_MS });
  const { taskId } = task;
  const controller = new AbortController();
  context.tasks.store.onCancel(taskId, () => controller.abort());
  void runStreamTool(
    callback,
    body,
    index,
    {
      signal: controller.signal,
      progressToken,
      // queued for tasks/result; a full queue drops progress, not the run
      sendNotification: (notification) => server.notification(notification, { relatedTask: { taskId } }).catch(() => undefined),
      onGone: () => undefined,
      flow: undefined,
      answer: undefined,
    },
    context,
  )
    .then(async (result) => {
      context.tasks.store.forget(taskId);
      // a cancelled task keeps its status; its run's partial state is not a result
      if (controller.signal.aborted) return;
      await taskStore.storeTaskResult(taskId, result.isError ? "failed" : "completed", result);
    })
    .catch((error: unknown) => context.log.error({ err: error }, `MCP task ${taskId} of ${callback.id} could not store its result`));
  return { task };
}
