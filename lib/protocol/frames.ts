/**
 * SSE frames of the stream endpoint, encoded and decoded in one place. Used by the server to
 * write a run's frames and by the renderer's stream client to read them, so it must stay
 * browser-safe: no Node imports.
 */
import { DONE_DATA } from "./types.js";
import type { BatchFrame, ComponentId, ErrorFrame, PropsUpdate, SingleFrame, StreamErrorPayload, StreamFrame } from "./types.js";

/**
 * The frame of one component's props: `["[SINGLE]", id, props]`.
 *
 * @example
 * ```ts
 * singleFrame("out", { children: "hi" }); // ["[SINGLE]", "out", { children: "hi" }]
 * ```
 */
export function singleFrame(id: ComponentId, props: SingleFrame[2]): SingleFrame {
  return ["[SINGLE]", id, props];
}

/**
 * The compact JSON text of `singleFrame(id, props)`: the same text as
 * `JSON.stringify(singleFrame(id, props))`, without building the frame (the hot path of a stream
 * of small updates; a string id's JSON is reused while the id repeats).
 *
 * @example
 * ```ts
 * singleFrameJson("out", { children: "hi" }); // '["[SINGLE]","out",{"children":"hi"}]'
 * ```
 */
export function singleFrameJson(id: ComponentId, props: SingleFrame[2]): string {
  const propsJson = JSON.stringify(props) as string | undefined;
  // a toJSON() that returns undefined: JSON.stringify of the frame puts null there
  if (propsJson === undefined) return JSON.stringify(singleFrame(id, props));
  return `["[SINGLE]",${idJson(id)},${propsJson}]`;
}

let lastId: string | undefined;
let lastIdJson = "";
function idJson(id: ComponentId): string {
  if (typeof id !== "string") return JSON.stringify(id);
  if (id !== lastId) {
    lastIdJson = JSON.stringify(id);
    lastId = id;
  }
  return lastIdJson;
}

/**
 * The frame of several components' props, applied in one render: `["[BATCH]", null, [[id, props], ...]]`.
 *
 * @example
 * ```ts
 * batchFrame([["a", { x: 1 }], ["b", { y: 2 }]]); // ["[BATCH]", null, [["a", { x: 1 }], ["b", { y: 2 }]]]
 * ```
 */
export function batchFrame(updates: PropsUpdate[]): BatchFrame {
  return ["[BATCH]", null, updates];
}

/**
 * The frame that ends a failed run: the message, whether the client should report it
 * (`handle_error`: no `onError` handled it) and the props to reset.
 *
 * @example
 * ```ts
 * errorFrame("boom", true, [["go", { disabled: false }]]);
 * // ["[ERROR]", null, { error: "boom", handle_error: true, reset_props: [["go", { disabled: false }]] }]
 * ```
 */
export function errorFrame(message: string, handleError: boolean, resetProps: PropsUpdate[]): ErrorFrame {
  return ["[ERROR]", null, { error: message, handle_error: handleError, reset_props: resetProps }];
}

/**
 * One SSE event carrying a frame: `data: <compact JSON>\n\n`. Compact JSON never holds a raw
 * line break (JSON escapes them inside strings), so one `data:` line always suffices.
 *
 * @example
 * ```ts
 * encodeFrame(["[SINGLE]", "out", { children: "hi" }]);
 * // 'data: ["[SINGLE]","out",{"children":"hi"}]\n\n'
 * ```
 */
export function encodeFrame(frame: StreamFrame): string {
  return encodeData(JSON.stringify(frame));
}

/**
 * One SSE event whose `data:` is `data` (a frame's compact JSON, or `[DONE]`).
 *
 * @example
 * ```ts
 * encodeData("[DONE]"); // "data: [DONE]\n\n"
 * ```
 */
export function encodeData(data: string): string {
  return `data: ${data}\n\n`;
}

/**
 * The last event of a stream that ended normally.
 *
 * @example
 * ```ts
 * encodeDone(); // "data: [DONE]\n\n"
 * ```
 */
export function encodeDone(): string {
  return `data: ${DONE_DATA}\n\n`;
}

/**
 * An SSE comment that keeps an idle stream open through proxies; parsers ignore it.
 *
 * @example
 * ```ts
 * encodePing(); // ": ping\n\n"
 * ```
 */
export function encodePing(): string {
  return ": ping\n\n";
}

/**
 * Parse the `data` of one SSE event into a frame, or `"done"` for `[DONE]`.
 * Throws an `Error` naming what is wrong when the data is not a well-formed frame,
 * so a client never applies half-understood updates.
 *
 * @example
 * ```ts
 * decodeFrameData('["[SINGLE]","out",{"children":"hi"}]'); // ["[SINGLE]", "out", { children: "hi" }]
 * decodeFrameData("[DONE]"); // "done"
 * ```
 */
export function decodeFrameData(data: string): StreamFrame | "done" {
  if (data === DONE_DATA) return "done";
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    throw new Error(`stream frame is not JSON: ${preview(data)}`);
  }
  return checkFrame(parsed);
}

/**
 * Check an already parsed frame (e.g. one inside a downlink event); throws as
 * {@link decodeFrameData} does.
 *
 * @example
 * ```ts
 * checkFrame(["[SINGLE]", "out", { children: "hi" }]); // the same frame, typed
 * ```
 */
export function checkFrame(parsed: unknown): StreamFrame {
  if (!Array.isArray(parsed) || parsed.length !== 3) {
    throw new Error(`stream frame must be a 3-element array, got ${preview(JSON.stringify(parsed))}`);
  }
  const [kind, id, payload] = parsed as [unknown, unknown, unknown];
  switch (kind) {
    case "[SINGLE]":
      if (!isComponentId(id)) throw new Error(`[SINGLE] frame: id must be a string or an object id, got ${preview(JSON.stringify(id))}`);
      if (!isProps(payload)) throw new Error("[SINGLE] frame: props must be an object");
      return singleFrame(id, payload);
    case "[BATCH]":
      if (id !== null) throw new Error("[BATCH] frame: second element must be null");
      if (!isUpdateList(payload)) throw new Error("[BATCH] frame: expected a list of [id, props] pairs");
      return batchFrame(payload);
    case "[ERROR]":
      if (id !== null) throw new Error("[ERROR] frame: second element must be null");
      if (!isErrorPayload(payload)) {
        throw new Error("[ERROR] frame: expected {error: string, handle_error: boolean, reset_props: [[id, props], ...]}");
      }
      return ["[ERROR]", null, payload];
    default:
      throw new Error(`unknown stream frame kind ${preview(JSON.stringify(kind))}`);
  }
}

function isComponentId(value: unknown): value is ComponentId {
  if (typeof value === "string") return true;
  if (!isObject(value)) return false;
  return Object.values(value).every((v) => typeof v === "string" || typeof v === "number" || typeof v === "boolean");
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isProps(value: unknown): value is PropsUpdate[1] {
  return isObject(value);
}

function isUpdateList(value: unknown): value is PropsUpdate[] {
  return Array.isArray(value) && value.every((pair) => Array.isArray(pair) && pair.length === 2 && isComponentId(pair[0]) && isProps(pair[1]));
}

function isErrorPayload(value: unknown): value is StreamErrorPayload {
  return (
    isObject(value) &&
    typeof value.error === "string" &&
    typeof value.handle_error === "boolean" &&
    isUpdateList(value.reset_props)
  );
}

/** A short excerpt for error messages: frames can be megabytes long. */
function preview(text: string | undefined): string {
  const shown = text ?? "undefined";
  return shown.length > 80 ? `${shown.slice(0, 80)}…` : shown;
}
