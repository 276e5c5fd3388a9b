/**
 * A live regular callback's link to its page over the page's downlink: `setProps` becomes a
 * `[SINGLE]` frame of the request's own stream at once, `getProps` a `[GET_PROPS]` frame
 * answered through `PropRequests`. The stream (a channel of the connection) opens with the first
 * frame, so a callback that sends nothing costs nothing on the downlink; `finish()` ends it with
 * `[DONE]`, and the HTTP answer then names it (LIVE_STREAM_HEADER) for the page to wait for.
 */
import type { LiveLink } from "../../callbacks/live-link.js";
import type { FrameSink } from "../../callbacks/frame-sink.js";
import { SetPropsPacer } from "../../callbacks/set-props-pacing.js";
import { getPropsFrameData, type DownlinkStart } from "../../protocol/downlink.js";
import { stringifyId } from "../../protocol/ids.js";
import { DONE_DATA, type ComponentId, type JsonValue, type SingleFrame } from "../../protocol/types.js";
import type { DownlinkRuns } from "../downlink/downlinks.js";
import { openingSink } from "../downlink/opening-sink.js";
import type { PropRequests } from "./prop-requests.js";

/** What the update route does with a live callback's link, whether the page named its downlink or the server opens one. */
export interface RouteLiveLink extends LiveLink {
  /** Aborts when the page goes away or the connection ends the stream (a persistent callback's `ctx.signal`). */
  readonly signal: AbortSignal;
  /** End the stream (with `[DONE]`) if it was opened; returns its id then, else null. */
  finish(): string | null;
  /** End the stream with the callback's answer (a `[RESPONSE]` frame's JSON text), then `[DONE]`: the POST was answered 202. */
  finishWith(responseFrameData: string): void;
  /** Open the stream now (a persistent callback), keyed by `key`: a newer run of it in the same tab ends this one. */
  openNow(key: string): void;
}

/**
 * @example
 * ```ts
 * const link = new DownlinkLiveLink(connection, request.body.downlink, requests);
 * const outcome = await runCallback(callback, body, { live: link });
 * const stream = link.finish(); // set LIVE_STREAM_HEADER to it when not null
 * ```
 */
export class DownlinkLiveLink implements RouteLiveLink {
  private sink: FrameSink | null = null;
  private closed = false;
  /** Why the stream could not open (the Redis bus answers after the first frame): questions fail with it. */
  private refusal: string | null = null;
  private readonly asked = new Set<(error: Error) => void>();
  private readonly aborter = new AbortController();
  private readonly pacer: SetPropsPacer;
  readonly signal: AbortSignal = this.aborter.signal;

  /**
   * `runSink`: the channel of a run already open on the connection (an event callback's), used
   * as it is: the run owns its close (a question of a run that ended fails by its timeout).
   */
  constructor(
    /** The connection's runs, in this process or on the Redis bus (whose channel opens after a round trip: frames wait meanwhile). */
    private readonly connection: DownlinkRuns,
    private readonly target: DownlinkStart,
    private readonly requests: PropRequests,
    runSink?: FrameSink,
  ) {
    if (runSink) this.sink = runSink;
    this.pacer = new SetPropsPacer(`live stream ${target.stream}`);
  }

  setProps(id: ComponentId, props: Record<string, unknown>): PromiseLike<void> {
    const sink = this.channel();
    this.pacer.check(sink);
    const frame: SingleFrame = ["[SINGLE]", id, props as SingleFrame[2]];
    // serialized now: a value changed after the call must not change what the page gets
    sink.send(JSON.stringify(frame));
    return this.pacer.paced(sink);
  }

  async getProps(id: ComponentId, props: string[] | null): Promise<Record<string, JsonValue> | undefined> {
    const sink = this.channel();
    if (this.closed) throw new Error("ctx.getProp: the page is gone (its tab closed or its downlink expired)");
    const what = props === null ? `the props of ${stringifyId(id)}` : `${stringifyId(id)}.${props.join(",")}`;
    const question = this.requests.ask(this.target.connection, what);
    this.asked.add(question.cancel);
    try {
      sink.send(getPropsFrameData(question.request, id, props));
      return await question.answer;
    } finally {
      this.asked.delete(question.cancel);
    }
  }

  finish(): string | null {
    const sink = this.sink;
    if (!sink) return null;
    sink.send(DONE_DATA);
    sink.end();
    return this.target.stream;
  }

  finishWith(responseFrameData: string): void {
    const sink = this.channel();
    sink.send(responseFrameData);
    this.finish();
  }

  openNow(key: string): void {
    this.channel(`persistent:${key}`);
  }

  private channel(key?: string): FrameSink {
    if (this.sink) return this.sink;
    // keyed by the stream itself unless named: a live callback never supersedes another run of its tab
    const sink = openingSink(this.connection, this.target.stream, this.target.tab, key ?? `live:${this.target.stream}`, (error) => {
      this.refusal = `live callback: ${error.message}`;
    });
    if (!sink) throw new Error(`live callback: stream ${JSON.stringify(this.target.stream)} is already open on this downlink; name each request with a new stream id`);
    this.sink = sink;
    sink.onClose(() => this.onClosed());
    return sink;
  }

  /** The channel closed: questions waiting fail, the signal aborts. */
  private onClosed(): void {
    this.closed = true;
    this.aborter.abort(new Error("the page went away"));
    for (const cancel of [...this.asked]) cancel(new Error(this.refusal ?? "ctx.getProp: the page is gone (its tab closed or its downlink expired)"));
  }
}
