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
import { prepareStream, runStream, type FrameSink, type StreamRun } from "../callbacks/run-stream.js";
import { runningRegistry, type CallbackRegistry } from "../callbacks/callback-registry.js";
import type { EventCallback } from "../callbacks/callback-types.js";
import type { UpdateRequest } from "../protocol/types.js";
import type { LayoutIndex } from "./layout-index.js";
import { previewText, propsResult } from "./tool-results.js";
import type { AnswerStream } from "./answer-stream.js";

/** Characters of a progress notification's message at most (the props are in its `_meta` in full). */
const MESSAGE_LIMIT = 500;

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
  const sink = new ProgressSink(index, extras);
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
  /** The notification being put together by `applyProps`: its message, and its props' JSON. */
  private message = "";
  private propsJson = "";
  /** The progress token as JSON, made once. */
  private tokenJson: string | undefined;
  private closed = false;
  private readonly closeListeners: Array<() => void> = [];

  constructor(
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

  send(frameData: string): void {
    if (this.closed || frameData === DONE_DATA) return;
    // the run's own frames (run-stream.ts made them): parsed, not checked again as a client's would be
    this.apply(JSON.parse(frameData) as StreamFrame);
  }

  /** The MCP transport has its own keep-alive. */
  ping(): void {}

  private apply(frame: StreamFrame): void {
    if (frame[0] === "[ERROR]") {
      this.error = frame[2].error;
      return;
    }
    this.message = "";
    this.propsJson = "";
    const token = this.extras.progressToken;
    const answer = this.extras.answer;
    const props = token !== undefined && !answer ? {} : undefined;
    if (frame[0] === "[SINGLE]") this.applyProps(frame[1], frame[2], props);
    else for (const [id, set] of frame[2]) this.applyProps(id, set, props);
    this.frames += 1;
    if (token === undefined) return;
    let message = this.message;
    if (message.length > MESSAGE_LIMIT) message = `${message.slice(0, MESSAGE_LIMIT)}…`;
    if (answer) {
      // a cancelled request gets nothing more, as the SDK's sendNotification does
      if (this.extras.signal.aborted) return;
      this.tokenJson ??= JSON.stringify(token);
      answer.event(
        `{"jsonrpc":"2.0","method":"notifications/progress","params":{"progressToken":${this.tokenJson},"progress":${this.frames},"message":${JSON.stringify(message)},"_meta":{"dash-events/props":{${this.propsJson}}}}}`,
      );
      return;
    }
    const notification = {
      method: "notifications/progress" as const,
      params: { progressToken: token, progress: this.frames, message, _meta: { "dash-events/props": props } },
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

  /**
   * Fold one component's props into the state and, when progress is sent, into the notification:
   * its message (`key = value` items, cut at MESSAGE_LIMIT: what lies beyond is not made) and
   * its props as JSON text (written directly) or as an object (`props`, sent through the SDK).
   * Each value is made JSON once, for both, instead of once more inside a whole-notification
   * JSON.stringify.
   */
  private applyProps(id: ComponentId, set: Record<string, JsonValue>, props: Record<string, JsonValue> | undefined): void {
    const sid = typeof id === "string" ? id : stringifyId(id);
    const progress = this.extras.progressToken !== undefined;
    for (const prop in set) {
      const key = `${sid}.${prop}`;
      const value = set[prop];
      const next = isPatchValue(value) ? this.patched(key, sid, prop, value) ?? value : value;
      this.state[key] = next;
      if (!progress) continue;
      const text = JSON.stringify(next);
      if (props) props[key] = next;
      else this.propsJson += `${this.propsJson === "" ? "" : ","}${JSON.stringify(key)}:${text}`;
      if (this.message.length <= MESSAGE_LIMIT) this.message += `${this.message === "" ? "" : ", "}${key} = ${previewText(text, 80)}`;
    }
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
