/**
 * The requests the MCP endpoint answers itself instead of through the SDK's transport: a POST
 * carrying one JSON-RPC `tools/call` (not a task) or `ping`, on a session that exists, whose
 * headers and message the SDK would take as they are. Everything else (initialize,
 * notifications, batches, GET, DELETE, tasks, lists, resources, and any request the SDK would
 * refuse, which it then refuses in its own words) still goes through the SDK.
 *
 * Why: the SDK's transport spends about a page-path call's whole server time on each request
 * (web `Request`/`Response`/stream objects, zod parses of the message, of the request and of the
 * result, its protocol layer's promises). A tool call is answered here by the same handler the
 * SDK's server registers (`SessionServer.callTool`), as `application/json` when nothing was sent
 * before the answer, else as the SSE stream the SDK would have written (progress first, then
 * the answer). `notifications/cancelled` for such a call (which reaches the SDK as any
 * notification does) is routed to it by the endpoint (`cancelDirect`).
 */
import type { IncomingHttpHeaders } from "node:http";
import { SUPPORTED_PROTOCOL_VERSIONS, type ProgressToken, type RequestId } from "@modelcontextprotocol/sdk/types.js";
import { isPlainObject } from "../protocol/plain-object.js";
import type { AnswerStream } from "./answer-stream.js";
import type { CallToolParams, SessionServer } from "./mcp-server.js";

/** The SDK's key of a request's related task in `_meta` (such requests are the SDK's). */
const RELATED_TASK_KEY = "io.modelcontextprotocol/related-task";
/** The keys a JSON-RPC request may have: the SDK refuses a message with any other. */
const REQUEST_KEYS = new Set(["jsonrpc", "id", "method", "params"]);
/** JSON-RPC's code for an error without a code of its own. */
const INTERNAL_ERROR = -32603;

/** A request answered here. */
export type DirectRequest =
  | { readonly method: "ping"; readonly id: RequestId }
  | { readonly method: "tools/call"; readonly id: RequestId; readonly params: CallToolParams; readonly progressToken: ProgressToken | undefined };

/** The session a direct request is answered on. */
export interface DirectSession {
  readonly id: string;
  readonly server: SessionServer;
  /** The direct tool calls in flight, by request id: `notifications/cancelled` aborts them. */
  readonly running: Map<RequestId, AbortController>;
}

/**
 * The request in a POST body when it is one this file answers, with headers the SDK's transport
 * accepts as they are (Accept, Content-Type, MCP-Protocol-Version); else undefined.
 *
 * @example
 * ```ts
 * directRequestOf({ jsonrpc: "2.0", id: 1, method: "ping" }, headers); // { method: "ping", id: 1 }
 * ```
 */
export function directRequestOf(body: unknown, headers: IncomingHttpHeaders): DirectRequest | undefined {
  const accept = headers.accept;
  if (typeof accept !== "string" || !accept.includes("application/json") || !accept.includes("text/event-stream")) return undefined;
  const type = headers["content-type"];
  if (type !== "application/json" && !(typeof type === "string" && /^application\/json\s*(;|$)/i.test(type))) return undefined;
  const version = headers["mcp-protocol-version"];
  if (version !== undefined && !(typeof version === "string" && SUPPORTED_PROTOCOL_VERSIONS.includes(version))) return undefined;
  if (!isPlainObject(body) || body.jsonrpc !== "2.0") return undefined;
  for (const key in body) if (!REQUEST_KEYS.has(key)) return undefined;
  const { id, method, params } = body;
  if (!(typeof id === "string" || Number.isSafeInteger(id))) return undefined;
  const requestId = id as RequestId;
  if (params !== undefined && !isPlainObject(params)) return undefined;
  const meta = params?._meta;
  if (meta !== undefined && !(isPlainObject(meta) && meta[RELATED_TASK_KEY] === undefined)) return undefined;
  const token = meta?.progressToken;
  if (token !== undefined && !(typeof token === "string" || Number.isSafeInteger(token))) return undefined;
  if (method === "ping") return { method, id: requestId };
  if (method !== "tools/call" || !params || typeof params.name !== "string" || params.task !== undefined) return undefined;
  if (params.arguments !== undefined && !isPlainObject(params.arguments)) return undefined;
  return { method, id: requestId, params: params as CallToolParams, progressToken: token as ProgressToken | undefined };
}

/**
 * Answer `request` on `answer`'s response. A call cancelled by the client gets no answer (as
 * the spec asks and the SDK does): its stream just ends.
 */
export async function answerDirect(session: DirectSession, request: DirectRequest, answer: AnswerStream, host: string | undefined, keepAliveMs: number): Promise<void> {
  // the head the SDK's transport gives a POST's SSE stream
  answer.setHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache, no-transform", "x-accel-buffering": "no", "mcp-session-id": session.id });
  if (request.method === "ping") return answer.json(`{"jsonrpc":"2.0","id":${JSON.stringify(request.id)},"result":{}}`);
  const { id } = request;
  const controller = new AbortController();
  const { signal } = controller;
  session.running.set(id, controller);
  // a call with nothing to send for a while keeps its connection open as the SDK's transport does
  const keepAlive = setInterval(() => answer.write(": keepalive\n\n"), keepAliveMs);
  keepAlive.unref();
  let message: string;
  try {
    const result = await session.server.callTool(request.params, {
      requestId: id,
      signal,
      progressToken: request.progressToken,
      host,
      // what the SDK's sendNotification does for a request: nothing once it is cancelled
      sendNotification: (notification) => {
        if (!signal.aborted) answer.notify({ jsonrpc: "2.0", ...notification });
        return Promise.resolve();
      },
    });
    message = JSON.stringify({ jsonrpc: "2.0", id, result });
  } catch (error) {
    message = JSON.stringify({ jsonrpc: "2.0", id, error: rpcError(error) });
  } finally {
    clearInterval(keepAlive);
    if (session.running.get(id) === controller) session.running.delete(id);
  }
  if (signal.aborted || answer.gone) return answer.end();
  if (!answer.started) return answer.json(message);
  answer.event(message);
  answer.end();
}

/** Abort the direct calls that the `notifications/cancelled` messages in a POST body name. */
export function cancelDirect(session: DirectSession, body: unknown): void {
  if (session.running.size === 0) return;
  for (const message of Array.isArray(body) ? (body as unknown[]) : [body]) {
    if (!isPlainObject(message) || message.method !== "notifications/cancelled" || !isPlainObject(message.params)) continue;
    const { requestId, reason } = message.params;
    if (typeof requestId !== "string" && typeof requestId !== "number") continue;
    session.running.get(requestId)?.abort(reason);
  }
}

/** A JSON-RPC error object for what a handler threw, as the SDK's protocol layer makes it. */
function rpcError(error: unknown): { code: number; message: string; data?: unknown } {
  const { code, message, data } = (typeof error === "object" && error !== null ? error : {}) as { code?: unknown; message?: unknown; data?: unknown };
  const made: { code: number; message: string; data?: unknown } = {
    code: Number.isSafeInteger(code) ? (code as number) : INTERNAL_ERROR,
    message: typeof message === "string" ? message : "Internal error",
  };
  if (data !== undefined) made.data = data;
  return made;
}
