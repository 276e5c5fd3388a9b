/**
 * An event callback run as a streaming tool call. The run is the stream endpoint's own
 * (`prepareStream` + `runStream`); only its `FrameSink` differs: instead of writing SSE to an
 * HTTP response, each frame becomes one `notifications/progress` message on the tool call's
 * stream, in order, and the props it sets are folded into the final state the result reports.
 * `notifications/cancelled`, the client going away and a failed notification all cancel the
 * run, as the page's cancel input does (`ctx.signal` aborts, the generator's `finally` runs).
 */
import type { CallToolResult, ServerNotification } from "@modelcontextprotocol/sdk/types.js";
import type { FastifyBaseLogger } from "fastify";
import { DONE_DATA, type ComponentId, type JsonValue, type StreamFrame } from "../protocol/types.js";
import { applyPatch, isPatchValue } from "../protocol/patch-apply.js";
import { stringifyId } from "../protocol/ids.js";
import { frameTooLarge, prepareStream, runStream, type FrameSink, type StreamRun } from "../callbacks/run-stream.js";
import type { Props } from "../dsl/component.js";
import { runningRegistry, type CallbackRegistry } from "../callbacks/callback-registry.js";
import type { EventCallback } from "../callbacks/callback-types.js";
import type { UpdateRequest } from "../protocol/types.js";
import type { LayoutIndex } from "./layout-index.js";
import { previewText, propsResult } from "./tool-results.js";
import type { AnswerStream } from "./answer-stream.js";

/** Characters of a progress notification's message at most (the props are in its `_meta` in full). */
const MESSAGE_LIMIT = 500;

/** A character JSON escapes in a string: a quote, a backslash, a control character, or half of a surrogate pair (a lone one is escaped). */
const NEEDS_ESCAPE = /["\\\u0000-\u001f\ud800-\udfff]/;

/** A prop's `"id.prop"` key, and that key as JSON. */
interface NamedKey {
  readonly key: string;
  readonly json: string;
}

const hasOwn = (object: object, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key);

/** What the run needs from the server. */
export interface StreamToolContext {
  readonly registry: CallbackRegistry;
  readonly debug: boolean;
  readonly log: FastifyBaseLogger;
  readonly pingIntervalMs: number;
  readonly maxFrameBytes?: number;
  readonly onErrorTimeoutMs?: number;
  /** Open runs, so the server's close can end them. */
  readonly runs: Set<StreamRun>;
}

/** What the tool call gives the run: the SDK's request extras, narrowed to what is used. */
export interface ToolCallExtras {
  readonly signal: AbortSignal;
  readonly progressToken: string | number | undefined;
  sendNotification(notification: ServerNotification): Promise<void>;
  /** Register what to do when the client goes away mid-call. */
  onGone(listener: () => void): void;
  /** The HTTP response that carries the call's notifications, for backpressure; undefined when unknown. */
  readonly flow: ResponseFlow | undefined;
  /** The same response, where notifications are written directly (else through `sendNotification`). */
  readonly answer: AnswerStream | undefined;
}

/** Whether the response carrying a call's messages can take more now (Node's buffer below its mark). */
export interface ResponseFlow {
  readonly ready: boolean;
  /** Resolves when it can take more, or has closed. */
  writable(): Promise<void>;
}

/**
 * Run `callback` for `request`; resolves with the final state of every prop the run set, or a
 * tool error carrying the `[ERROR]` frame's message.
 */
export async function runStreamTool(callback: EventCallback, request: UpdateRequest, index: LayoutIndex, extras: ToolCallExtras, context: StreamToolContext): Promise<CallToolResult> {
  const prepared = prepareStream(callback, request);
  const sink = new ProgressSink(callback.id, index, extras);
  const { log } = context;
  const run = runningRegistry.run(context.registry, () =>
    runStream(prepared, sink, {
      pingIntervalMs: context.pingIntervalMs,
      debug: context.debug,
      maxFrameBytes: context.maxFrameBytes,
      onErrorTimeoutMs: context.onErrorTimeoutMs,
      warn: (message) => log.warn(message),
      error: (message, error) => log.error({ err: error }, message),
    }),
  );
  context.runs.add(run);
  const cancel = (): void => {
    sink.cancelled = true;
    run.cancel();
  };
  if (extras.signal.aborted) cancel();
  else extras.signal.addEventListener("abort", cancel, { once: true });
  extras.onGone(cancel);
  sink.onFailure = cancel;
  try {
    await run.done;
  } finally {
    extras.signal.removeEventListener("abort", cancel);
    context.runs.delete(run);
  }
  const note = `${sink.frames} update${sink.frames === 1 ? "" : "s"} streamed`;
  if (sink.cancelled) return { content: [{ type: "text", text: `Cancelled after ${note}.` }], structuredContent: sink.state, isError: true };
  if (sink.error !== undefined) {
    return { content: [{ type: "text", text: `${sink.error}\n(${note} before the error)` }], structuredContent: sink.state, isError: true };
  }
  return propsResult(sink.state, `${note}; final values:`);
}

/**
 * The run's frames as progress notifications. `ready` is false while a notification is being
 * handed to the transport or the HTTP response waits for 'drain', so a generator that yields
 * faster than the client reads is paced as on the page's stream (the run pulls its next value
 * only when the sink is ready) and nothing piles up in between.
 */
class ProgressSink implements FrameSink {
  /** `"id.prop"` → the value the run last set (Patches applied). */
  readonly state: Record<string, JsonValue> = {};
  frames = 0;
  error: string | undefined;
  cancelled = false;
  /** Called when a notification cannot be sent (the client is gone). */
  onFailure: () => void = () => undefined;
  private pending: Promise<void> | undefined;
  /** The notification being put together (`begin`, `fold`, `finish`): its message, and its props as JSON text or as an object. */
  private message = "";
  private propsJson = "";
  private props: Record<string, JsonValue> | undefined;
  /** The JSON texts of an update's values, reused from update to update. */
  private readonly texts: Array<string | undefined> = [];
  /** Component id → prop → its key and the key's JSON (`keyOf`). */
  private readonly keys = new Map<string, Map<string, NamedKey>>();
  /** The progress token as JSON, made once. */
  private tokenJson: string | undefined;
  private closed = false;
  private readonly closeListeners: Array<() => void> = [];

  constructor(
    private readonly callbackId: string,
    private readonly index: LayoutIndex,
    private readonly extras: ToolCallExtras,
  ) {}

  get ready(): boolean {
    return this.closed || (this.pending === undefined && (this.extras.flow?.ready ?? true));
  }

  async writable(): Promise<void> {
    if (this.pending) await this.pending;
    const flow = this.extras.flow;
    if (flow && !flow.ready && !this.closed) await flow.writable();
  }

  onClose(listener: () => void): void {
    this.closeListeners.push(listener);
  }

  end(): void {
    this.closed = true;
  }

  /** A frame as JSON text: `[DONE]`, an `[ERROR]` frame, or an update the run sent as text. */
  send(frameData: string): void {
    if (this.closed || frameData === DONE_DATA) return;
    // the run's own frames (run-stream.ts made them): parsed, not checked again as a client's would be
    const frame = JSON.parse(frameData) as StreamFrame;
    if (frame[0] === "[ERROR]") {
      this.error = frame[2].error;
      return;
    }
    this.begin();
    for (const [id, set] of frame[0] === "[SINGLE]" ? [[frame[1], frame[2]] as const] : frame[2]) {
      const sid = typeof id === "string" ? id : stringifyId(id);
      for (const prop of Object.keys(set)) this.fold(sid, prop, set[prop], undefined);
    }
    this.finish();
  }

  /**
   * An update as yielded: each value is made JSON here, once, for the state, the message and the
   * notification's props alike (what the page's frame would hold: a value JSON leaves out is
   * left out), instead of a whole frame's JSON the sink would parse again.
   */
  sendUpdate(updates: ReadonlyArray<readonly [ComponentId, Props]>, maxBytes: number): void {
    if (this.closed) return;
    const texts = this.texts;
    let count = 0;
    let length = 0;
    // indexed loops and for...in over own keys: no iterator or key array per update
    for (let u = 0; u < updates.length; u++) {
      const props = updates[u][1];
      for (const prop in props) {
        if (!hasOwn(props, prop)) continue;
        const text = JSON.stringify(props[prop]) as string | undefined;
        texts[count++] = text;
        if (text !== undefined) length += text.length + prop.length;
      }
    }
    // as the run checks a frame's size (a string's length bounds its UTF-8 size from below, 3× from above)
    if (length * 3 > maxBytes) {
      let bytes = 0;
      for (let k = 0; k < count; k++) bytes += texts[k] === undefined ? 0 : Buffer.byteLength(texts[k]!);
      if (bytes > maxBytes) {
        texts.length = 0;
        throw frameTooLarge(this.callbackId, bytes, maxBytes);
      }
    }
    this.begin();
    let k = 0;
    for (let u = 0; u < updates.length; u++) {
      const [id, props] = updates[u];
      const sid = typeof id === "string" ? id : stringifyId(id);
      for (const prop in props) {
        if (!hasOwn(props, prop)) continue;
        const text = texts[k];
        texts[k++] = undefined;
        if (text === undefined) continue;
        const value = props[prop];
        // a string, boolean or finite number is its own JSON value; anything else is what its JSON says
        const json = typeof value === "string" || typeof value === "boolean" || (typeof value === "number" && Number.isFinite(value)) ? value : (JSON.parse(text) as JsonValue);
        this.fold(sid, prop, json, text);
      }
    }
    if (texts.length > 64) texts.length = 0;
    this.finish();
  }

  /** The MCP transport has its own keep-alive. */
  ping(): void {}

  /** Start the next notification. */
  private begin(): void {
    this.message = "";
    this.propsJson = "";
    this.props = this.extras.progressToken !== undefined && !this.extras.answer ? {} : undefined;
  }

  /**
   * Fold one prop's value (and its JSON text, when known) into the state and, when progress is
   * sent, into the notification: its message (`key = value` items, cut at MESSAGE_LIMIT: what
   * lies beyond is not made) and its props, as JSON text (written directly) or as an object
   * (`props`, sent through the SDK).
   */
  private fold(sid: string, prop: string, value: JsonValue, text: string | undefined): void {
    const named = this.keyOf(sid, prop);
    const key = named.key;
    let next = value;
    if (isPatchValue(value)) {
      const patched = this.patched(key, sid, prop, value);
      if (patched !== undefined) {
        next = patched;
        text = undefined;
      }
    }
    this.state[key] = next;
    if (this.extras.progressToken === undefined) return;
    text ??= JSON.stringify(next);
    if (this.props) this.props[key] = next;
    else this.propsJson += `${this.propsJson === "" ? "" : ","}${named.json}:${text}`;
    if (this.message.length <= MESSAGE_LIMIT) this.message += `${this.message === "" ? "" : ", "}${key} = ${previewText(text, 80)}`;
  }

  /** The notification put together since `begin()` goes out. */
  private finish(): void {
    this.frames += 1;
    const token = this.extras.progressToken;
    if (token === undefined) return;
    let message = this.message;
    if (message.length > MESSAGE_LIMIT) message = `${message.slice(0, MESSAGE_LIMIT)}…`;
    const answer = this.extras.answer;
    if (answer) {
      // a cancelled request gets nothing more, as the SDK's sendNotification does
      if (this.extras.signal.aborted) return;
      this.tokenJson ??= JSON.stringify(token);
      // most messages hold nothing JSON must escape (a number, an id without quotes): quoted as they are
      const messageJson = NEEDS_ESCAPE.test(message) ? JSON.stringify(message) : `"${message}"`;
      answer.event(
        `{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":${this.tokenJson},"progress":${this.frames},"message":${messageJson},"_meta":{"dash-events/props":{${this.propsJson}}}}}`,
      );
      return;
    }
    const notification = {
      method: "notifications/progress" as const,
      params: { progressToken: token, progress: this.frames, message, _meta: { "dash-events/props": this.props ?? {} } },
    };
    const sent = this.extras
      .sendNotification(notification)
      .catch(() => {
        // the client is gone: the run ends as it would on the page when the tab closes
        if (!this.extras.signal.aborted && !this.closed) this.onFailure();
      });
    // notifications go out in order: each waits for the one before
    const chained = (this.pending ?? Promise.resolve()).then(() => sent);
    this.pending = chained;
    void chained.then(() => {
      if (this.pending === chained) this.pending = undefined;
    });
  }

  /** The `"id.prop"` key of a component's prop, and that key as JSON, made once per run. */
  private keyOf(sid: string, prop: string): NamedKey {
    let byProp = this.keys.get(sid);
    if (!byProp) this.keys.set(sid, (byProp = new Map<string, NamedKey>()));
    let named = byProp.get(prop);
    if (!named) {
      const key = `${sid}.${prop}`;
      byProp.set(prop, (named = { key, json: JSON.stringify(key) }));
    }
    return named;
  }

  /** A Patch applies to what the run set before, else to the layout's value, as the page applies it. */
  private patched(key: string, sid: string, prop: string, patch: Parameters<typeof applyPatch>[1]): JsonValue | undefined {
    const previous = key in this.state ? this.state[key] : this.index.byId.get(sid)?.node.props[prop];
    try {
      return applyPatch(previous, patch);
    } catch {
      // a Patch of a prop the server cannot see (set in the browser only): the Patch itself is reported
      return undefined;
    }
  }
}
