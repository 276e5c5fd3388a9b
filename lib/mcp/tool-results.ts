/**
 * What a tool call answers: the props a callback set as structured content (`{"out.children": ...}`)
 * plus a short text rendering, or a tool error. Errors in user code follow the server's rule:
 * the callback's message in debug mode; outside it, which callback failed and an error id, the
 * details going to the server log only.
 */
import type { CallToolResult } from "@modelcontextprotocol/sdk/types.js";
import type { FastifyBaseLogger } from "fastify";
import type { JsonValue, PropsById } from "../protocol/types.js";
import { CallbackError } from "../callbacks/run-callback.js";
import { RequestMismatchError } from "../callbacks/resolve-args.js";
import { newErrorId } from "../callbacks/error-id.js";
import { HttpError } from "../server/errors.js";
import { ToolInputError } from "./callback-tools.js";

/** `response`/`sideUpdate` (keyed by stringified id, then prop) → `{"id.prop": value}`. */
export function flattenProps(target: Record<string, JsonValue>, byId: PropsById | undefined): Record<string, JsonValue> {
  if (!byId) return target;
  for (const [id, props] of Object.entries(byId)) {
    for (const [prop, value] of Object.entries(props)) target[`${id}.${prop}`] = value;
  }
  return target;
}

/** The result of props that were set: structured, and as `key = value` lines. */
export function propsResult(props: Record<string, JsonValue>, note?: string): CallToolResult {
  const lines = Object.entries(props).map(([key, value]) => `${key} = ${preview(value)}`);
  if (note) lines.unshift(note);
  if (lines.length === 0) lines.push("No prop changed.");
  return { content: [{ type: "text", text: lines.join("\n") }], structuredContent: props };
}

/** A JSON value shown in one line, cut at `limit` characters. */
export function preview(value: unknown, limit = 300): string {
  return previewText(JSON.stringify(value) ?? "undefined", limit);
}

/** {@link preview} of a value's JSON text already made. */
export function previewText(text: string, limit: number): string {
  return text.length > limit ? `${text.slice(0, limit)}… (${text.length} characters; the structured content has all of it)` : text;
}

/** A failed call as a tool error (never a protocol error: the agent should read it and adapt). */
export function errorResult(error: unknown, debug: boolean, log: FastifyBaseLogger, toolName: string): CallToolResult {
  let text: string;
  if (error instanceof ToolInputError || error instanceof RequestMismatchError || (error instanceof HttpError && error.statusCode < 500)) {
    text = `Invalid arguments for ${toolName}: ${error.message}`;
  } else {
    const errorId = newErrorId();
    log.error({ err: error, errorId }, `MCP tool ${toolName} failed (error id ${errorId})`);
    if (debug) text = error instanceof Error ? error.stack ?? error.message : String(error);
    else text = `${error instanceof CallbackError ? `Callback ${error.callbackId} failed` : `Tool ${toolName} failed`} (error id ${errorId}; the server log has the details)`;
  }
  return { content: [{ type: "text", text }], isError: true };
}
