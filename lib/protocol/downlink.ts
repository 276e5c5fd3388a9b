/**
 * The multiplexed downlink, defined once for the server and the renderer (browser-safe: no Node
 * imports). One long-lived `text/event-stream` per browser (shared by its tabs) carries the frames
 * of every run the page starts; a run starts with a short POST to the stream endpoint that names
 * the downlink, and its frames travel on the downlink.
 *
 * On the wire:
 * ```text
 * event: hello                                 ← first, on every (re)connect; no id
 * data: {"connection":"k3J….x1","resumed":false}
 *
 * id: 1                                        ← one per frame: the connection's sequence number
 * data: {"stream":"t7:1","frame":["[SINGLE]","out",{"children":"1"}]}
 *
 * id: 2
 * data: {"stream":"t7:1","frame":"[DONE]"}
 *
 * id: 3                                        ← the cursor fell off the log: every run ended
 * event: reset
 * data: {"message":"…"}
 * ```
 * The frames inside are the stream endpoint's (`[SINGLE]`, `[BATCH]`, `[ERROR]`, `[DONE]`),
 * plus `[CANCELLED]`: the server ended the run without a result (a cancel request, a newer
 * run of the same callback in the same tab, the tab closed, the downlink gone too long).
 *
 * Live callbacks (issue 19): a regular callback's `POST /_dash-update-component` may name the
 * downlink too (the same `downlink: {connection, stream, tab}` member). Its `setProps` calls then
 * travel at once as `[SINGLE]` frames of that stream, `ctx.getProp` asks the page with a
 * `[GET_PROPS]` frame (answered by `POST /_dash-live-reply`), and the stream ends with `[DONE]`
 * before the HTTP answer is sent. An answer whose callback streamed carries the
 * {@link LIVE_STREAM_HEADER} header: the page applies it only once it has seen that `[DONE]`, so
 * the response never lands before a `setProps` it follows. A callback still running after
 * `liveHoldMs` gets its POST answered 202 at once (so long callbacks hold no browser connection:
 * HTTP/1.1 allows 6 per host) and its answer comes later as a `[RESPONSE]` frame, just before
 * the stream's `[DONE]`.
 * ```text
 * id: 7
 * data: {"stream":"t7:3","frame":["[SINGLE]","progress",{"children":"40 %"}]}
 *
 * id: 8
 * data: {"stream":"t7:3","frame":["[GET_PROPS]",null,{"request":"r12","id":"name","props":["value"]}]}
 * ```
 */
import { checkFrame } from "./frames.js";
import { DONE_DATA, type ComponentId, type JsonValue, type StreamFrame, type UpdateRequest } from "./types.js";

/** Paths below the app's `requests_pathname_prefix`. */
export const DOWNLINK_ENDPOINTS = {
  /** `GET`: the downlink itself (`?connection=<id>` to resume one; `Last-Event-ID` says where). */
  downlink: "_dash-downlink",
  /** `POST` {@link CancelRequest}: end runs of a connection. */
  cancel: "_dash-stream-cancel",
  /** `POST` {@link LiveReply}: the page's answer to a `[GET_PROPS]` frame. */
  liveReply: "_dash-live-reply",
} as const;

/**
 * Response header of a live regular callback's answer (any status) whose callback sent frames on
 * its stream: the stream id. The page applies the answer after that stream's `[DONE]`.
 */
export const LIVE_STREAM_HEADER = "x-dash-live-stream";

/**
 * Request header of a regular callback's POST from a live page: where the callback may stream
 * (`LiveStart`, as URL-encoded `stream`, `tab` and, when the page's downlink is open,
 * `connection`). A header, not a body member, so the body stays exactly Dash's.
 */
export const LIVE_REQUEST_HEADER = "x-dash-live";

/**
 * The value of {@link LIVE_REQUEST_HEADER}.
 *
 * @example
 * ```ts
 * encodeLiveStart({ stream: "t1:3", tab: "t1" }); // "stream=t1%3A3&tab=t1"
 * ```
 */
export function encodeLiveStart(start: LiveStart): string {
  const params = new URLSearchParams({ stream: start.stream, tab: start.tab });
  if (start.connection !== undefined) params.set("connection", start.connection);
  return params.toString();
}

/** Read {@link LIVE_REQUEST_HEADER}; null when it is not a well-formed `LiveStart` (the same limits as {@link liveStartSchema}). */
export function decodeLiveStart(value: string): LiveStart | null {
  const params = new URLSearchParams(value);
  const stream = params.get("stream");
  const tab = params.get("tab");
  const connection = params.get("connection");
  const name = new RegExp(DOWNLINK_NAME_PATTERN);
  const isName = (text: string | null): text is string => text !== null && text.length <= MAX_DOWNLINK_NAME_LENGTH && name.test(text);
  if (!isName(stream) || !isName(tab)) return null;
  if (connection === null) return { stream, tab };
  if (connection.length === 0 || connection.length > 256) return null;
  return { connection, stream, tab };
}

/**
 * Response header of a request an `app.onConnect` or `app.onRequest` hook refused (its status, 403 by
 * default): the page stops asking (a refused downlink blocks its callbacks) with a clear error instead of
 * reconnecting forever. Its value says which hook: {@link REFUSED_BY}.
 */
export const ACCESS_REFUSED_HEADER = "x-dash-refused";

/** Values of {@link ACCESS_REFUSED_HEADER}: `connect` refuses the page (every callback of it stops), `request` one request. */
export const REFUSED_BY = { connect: "connect", request: "request" } as const;

/** The `event:` names of the downlink's control events. */
export const DOWNLINK_EVENTS = { hello: "hello", reset: "reset" } as const;

/** What the stream POST carries, besides Dash's update body, to run on a downlink. */
export interface DownlinkStart {
  /** The connection id the server issued in `hello`. */
  connection: string;
  /** The run's id, chosen by the client, unique among the connection's open runs. */
  stream: string;
  /** The tab (page) that starts it: a newer run of the same callback in the same tab ends the older one. */
  tab: string;
}

/**
 * What a live regular callback's POST (`/_dash-update-component`) carries. With `connection`: the
 * page's open downlink, as a stream start names it. Without: the page holds no open downlink but
 * can open one; the server opens a connection for this request only if the callback calls
 * `setProps` or `getProp` (then it answers 202 {@link LiveAccepted} naming it at once, and the page
 * opens the downlink on it from sequence 0). A callback that does neither costs the page nothing.
 */
export interface LiveStart {
  connection?: string;
  stream: string;
  tab: string;
}

/** The stream endpoint's body on the multiplexed transport. */
export interface MultiplexedStartRequest extends UpdateRequest {
  downlink: DownlinkStart;
}

/** The stream endpoint's answer to a multiplexed start (HTTP 202): the run is on its way. */
export interface MultiplexedStartResponse {
  stream: string;
}

/** `POST /_dash-stream-cancel`: end the named runs, or every run of a tab. */
export interface CancelRequest {
  connection: string;
  streams?: string[];
  tab?: string;
}

/** Its answer: how many runs it ended (0 when they had ended already). */
export interface CancelResponse {
  cancelled: number;
}

/** Why the server ended a run without a result. */
export type CancelReason = "cancelled" | "superseded" | "tab-closed" | "expired" | "server";

/** The terminal frame of a run the server ended without `[DONE]` or `[ERROR]`. */
export type CancelledFrame = ["[CANCELLED]", null, { reason: CancelReason }];

/**
 * The server asks the page for props a component holds now (`ctx.getProp`): `props` names them,
 * null asks for all. The page answers with a {@link LiveReply}.
 */
export type GetPropsFrame = ["[GET_PROPS]", null, { request: string; id: ComponentId; props: string[] | null }];

/** The 202 answer of a live callback's POST whose answer follows on the downlink. */
export interface LiveAccepted {
  stream: string;
  /** A persistent callback: it runs on; the page does not wait for its answer. */
  persistent?: boolean;
  /**
   * The connection the server opened for this request (it named none): the page opens its
   * downlink on it (`?connection=`, `Last-Event-ID: 0`) and gets every frame of the stream from
   * the first.
   */
  connection?: string;
}

/**
 * A live callback's answer that came after its POST was answered (202): the status and body the
 * HTTP answer would have had (an `UpdateResponse`, an `ErrorBody`, or none for 204).
 */
export type LiveResponseFrame = ["[RESPONSE]", null, { status: number; body?: unknown }];

/**
 * The `[RESPONSE]` frame's JSON text; `bodyJson` is the answer's JSON text, embedded as it is.
 *
 * @example
 * ```ts
 * liveResponseFrameData(200, '{"multi":true,"response":{}}'); // '["[RESPONSE]",null,{"status":200,"body":{"multi":true,"response":{}}}]'
 * ```
 */
export function liveResponseFrameData(status: number, bodyJson?: string): string {
  return `["[RESPONSE]",null,{"status":${status}${bodyJson === undefined ? "" : `,"body":${bodyJson}`}}]`;
}

/** `POST /_dash-live-reply`: the page's answer to a `[GET_PROPS]` frame. */
export interface LiveReply {
  connection: string;
  request: string;
  /** False: no component with that id on the page (the callback gets `undefined`). */
  found: boolean;
  /** The props asked for that the component has (all of them for a null `props`). */
  props?: Record<string, JsonValue>;
}

/** What one downlink event carries for a run. */
export type DownlinkFrame = StreamFrame | CancelledFrame | GetPropsFrame | LiveResponseFrame | typeof DONE_DATA;

/** The data of `event: hello`. */
export interface DownlinkHello {
  connection: string;
  /** False when the server had no state for the connection (new, expired, or restarted): runs the client still holds are gone. */
  resumed: boolean;
}

/** The data of `event: reset`: the client's cursor fell off the log; every run of the connection has ended. */
export interface DownlinkReset {
  message: string;
}

/** Longest stream id and tab id the server accepts. */
export const MAX_DOWNLINK_NAME_LENGTH = 128;
/** Stream and tab ids: short, printable, no spaces. */
export const DOWNLINK_NAME_PATTERN = "^[A-Za-z0-9_.:-]+$";

/** JSON Schema of the `downlink` member of a multiplexed start. */
export const downlinkStartSchema = {
  type: "object",
  required: ["connection", "stream", "tab"],
  additionalProperties: false,
  properties: {
    connection: { type: "string", minLength: 1, maxLength: 256 },
    stream: { type: "string", minLength: 1, maxLength: MAX_DOWNLINK_NAME_LENGTH, pattern: DOWNLINK_NAME_PATTERN },
    tab: { type: "string", minLength: 1, maxLength: MAX_DOWNLINK_NAME_LENGTH, pattern: DOWNLINK_NAME_PATTERN },
  },
} as const;

/** JSON Schema of {@link LiveStart}: a {@link DownlinkStart} whose `connection` may be absent. */
export const liveStartSchema = { ...downlinkStartSchema, required: ["stream", "tab"] } as const;

/** JSON Schema of {@link CancelRequest}. */
export const cancelRequestSchema = {
  type: "object",
  required: ["connection"],
  additionalProperties: false,
  properties: {
    connection: { type: "string", minLength: 1, maxLength: 256 },
    streams: {
      type: "array",
      maxItems: 1000,
      items: { type: "string", minLength: 1, maxLength: MAX_DOWNLINK_NAME_LENGTH, pattern: DOWNLINK_NAME_PATTERN },
    },
    tab: { type: "string", minLength: 1, maxLength: MAX_DOWNLINK_NAME_LENGTH, pattern: DOWNLINK_NAME_PATTERN },
  },
} as const;

/** JSON Schema of {@link LiveReply}. */
export const liveReplySchema = {
  type: "object",
  required: ["connection", "request", "found"],
  additionalProperties: false,
  properties: {
    connection: { type: "string", minLength: 1, maxLength: 256 },
    request: { type: "string", minLength: 1, maxLength: MAX_DOWNLINK_NAME_LENGTH, pattern: DOWNLINK_NAME_PATTERN },
    found: { type: "boolean" },
    props: { type: "object" },
  },
} as const;

/**
 * The `[GET_PROPS]` frame's JSON text, for {@link encodeDownlinkFrame}.
 *
 * @example
 * ```ts
 * getPropsFrameData("r1", "name", ["value"]); // '["[GET_PROPS]",null,{"request":"r1","id":"name","props":["value"]}]'
 * ```
 */
export function getPropsFrameData(request: string, id: ComponentId, props: string[] | null): string {
  const frame: GetPropsFrame = ["[GET_PROPS]", null, { request, id, props }];
  return JSON.stringify(frame);
}

/** `[DONE]` as the frame of a downlink event. */
const DONE_JSON = JSON.stringify(DONE_DATA);

/**
 * One frame event of the downlink. `frameData` is the frame's JSON text (or `[DONE]`) as the
 * stream endpoint would put it in `data:`, embedded as it is: nothing is parsed again.
 * `head` ({@link downlinkFrameHead} of `stream`) may be passed by a caller that made it once.
 *
 * @example
 * ```ts
 * encodeDownlinkFrame(4, "t1:2", '["[SINGLE]","out",{"children":"hi"}]');
 * // 'id: 4\ndata: {"stream":"t1:2","frame":["[SINGLE]","out",{"children":"hi"}]}\n\n'
 * ```
 */
export function encodeDownlinkFrame(seq: number, stream: string, frameData: string, head = downlinkFrameHead(stream)): string {
  return `id: ${seq}${head}${frameData === DONE_DATA ? DONE_JSON : frameData}}\n\n`;
}

/**
 * What every frame event of `stream` holds between its sequence number and its frame: made once
 * per run, so that a frame's event is its `id:`, this, the frame and a closing brace.
 *
 * @example
 * ```ts
 * downlinkFrameHead("t1:2"); // '\ndata: {"stream":"t1:2","frame":'
 * ```
 */
export function downlinkFrameHead(stream: string): string {
  return `\ndata: {"stream":${JSON.stringify(stream)},"frame":`;
}

/**
 * The `[CANCELLED]` frame's JSON text, for {@link encodeDownlinkFrame}.
 *
 * @example
 * ```ts
 * cancelledFrameData("superseded"); // '["[CANCELLED]",null,{"reason":"superseded"}]'
 * ```
 */
export function cancelledFrameData(reason: CancelReason): string {
  const frame: CancelledFrame = ["[CANCELLED]", null, { reason }];
  return JSON.stringify(frame);
}

/**
 * The `hello` event that opens every (re)connected downlink.
 *
 * @example
 * ```ts
 * encodeHello({ connection: "abc.def", resumed: true }); // 'event: hello\ndata: {"connection":"abc.def","resumed":true}\n\n'
 * ```
 */
export function encodeHello(hello: DownlinkHello): string {
  return `event: ${DOWNLINK_EVENTS.hello}\ndata: ${JSON.stringify(hello)}\n\n`;
}

/**
 * The `reset` event, with the sequence number it takes in the log; null: a reset outside the log
 * (the server lost the Redis bus), which has no `id:` and so moves no client's cursor.
 *
 * @example
 * ```ts
 * encodeReset(9, { message: "lost" }); // 'id: 9\nevent: reset\ndata: {"message":"lost"}\n\n'
 * encodeReset(null, { message: "lost" }); // 'event: reset\ndata: {"message":"lost"}\n\n'
 * ```
 */
export function encodeReset(seq: number | null, reset: DownlinkReset): string {
  return `${seq === null ? "" : `id: ${seq}\n`}event: ${DOWNLINK_EVENTS.reset}\ndata: ${JSON.stringify(reset)}\n\n`;
}

/** A decoded downlink event. */
export type DownlinkEvent =
  | { kind: "hello"; hello: DownlinkHello }
  | { kind: "reset"; reset: DownlinkReset }
  | { kind: "frame"; stream: string; frame: StreamFrame | CancelledFrame | GetPropsFrame | LiveResponseFrame | "done" };

/**
 * Decode one SSE event of the downlink (its `event:` name and `data:`). Throws an `Error` naming
 * what is wrong when it is malformed, so a client never applies half-understood updates.
 *
 * @example
 * ```ts
 * decodeDownlinkEvent(undefined, '{"stream":"t1:2","frame":"[DONE]"}'); // { kind: "frame", stream: "t1:2", frame: "done" }
 * ```
 */
export function decodeDownlinkEvent(event: string | undefined, data: string): DownlinkEvent {
  const parsed = parseObject(data, event ?? "frame");
  if (event === DOWNLINK_EVENTS.hello) {
    if (typeof parsed.connection !== "string" || typeof parsed.resumed !== "boolean") throw new Error("downlink hello: expected {connection: string, resumed: boolean}");
    return { kind: "hello", hello: { connection: parsed.connection, resumed: parsed.resumed } };
  }
  if (event === DOWNLINK_EVENTS.reset) {
    if (typeof parsed.message !== "string") throw new Error("downlink reset: expected {message: string}");
    return { kind: "reset", reset: { message: parsed.message } };
  }
  if (event !== undefined && event !== "message") throw new Error(`unknown downlink event ${JSON.stringify(event).slice(0, 80)}`);
  const { stream, frame } = parsed;
  if (typeof stream !== "string") throw new Error("downlink frame: expected a string stream");
  if (frame === DONE_DATA) return { kind: "frame", stream, frame: "done" };
  if (Array.isArray(frame) && frame[0] === "[CANCELLED]") {
    const payload = frame[2] as { reason?: unknown } | null | undefined;
    if (frame.length !== 3 || typeof payload?.reason !== "string") throw new Error("[CANCELLED] frame: expected {reason: string}");
    return { kind: "frame", stream, frame: ["[CANCELLED]", null, { reason: payload.reason as CancelReason }] };
  }
  if (Array.isArray(frame) && frame[0] === "[GET_PROPS]") {
    const payload = frame[2] as { request?: unknown; id?: unknown; props?: unknown } | null | undefined;
    const okId = typeof payload?.id === "string" || (typeof payload?.id === "object" && payload.id !== null && !Array.isArray(payload.id));
    const okProps = payload?.props === null || (Array.isArray(payload?.props) && payload.props.every((prop) => typeof prop === "string"));
    if (frame.length !== 3 || typeof payload?.request !== "string" || !okId || !okProps) throw new Error("[GET_PROPS] frame: expected {request: string, id, props: string[] | null}");
    return { kind: "frame", stream, frame: ["[GET_PROPS]", null, { request: payload.request, id: payload.id as ComponentId, props: payload.props as string[] | null }] };
  }
  if (Array.isArray(frame) && frame[0] === "[RESPONSE]") {
    const payload = frame[2] as { status?: unknown; body?: unknown } | null | undefined;
    if (frame.length !== 3 || typeof payload?.status !== "number") throw new Error("[RESPONSE] frame: expected {status: number, body?}");
    return { kind: "frame", stream, frame: ["[RESPONSE]", null, { status: payload.status, body: payload.body }] };
  }
  return { kind: "frame", stream, frame: checkFrame(frame) };
}

function parseObject(data: string, what: string): Record<string, unknown> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    throw new Error(`downlink ${what}: data is not JSON: ${data.slice(0, 80)}`);
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new Error(`downlink ${what}: data must be a JSON object`);
  return parsed as Record<string, unknown>;
}
