/**
 * What a server knows about its event-callback streams while they run: one log line when each
 * starts and ends (callback, reason, duration, frames) through Fastify's logger, the running
 * streams themselves (for the debug tools' live-streams list and its cancel), and listeners such
 * as the Prometheus metrics. One monitor per server: two apps in one process never share one.
 */
import type { FastifyBaseLogger } from "fastify";
import type { FrameSink } from "../callbacks/frame-sink.js";
import { DONE_DATA } from "../protocol/types.js";

/** Why a stream ended. */
export type StreamEndReason = "done" | "error" | "client-closed" | "cancelled";

/** A stream that is running. */
export interface RunningStream {
  /** A number unique within the server, e.g. for a cancel request. */
  readonly id: number;
  /** The event callback's id (the request's `output`). */
  readonly callback: string;
  /** `Date.now()` when it started. */
  readonly startedAt: number;
  /** Frames sent so far (pings not counted). */
  readonly frames: number;
}

/** What listeners hear about streams. */
export interface StreamListener {
  started?(stream: RunningStream): void;
  frame?(stream: RunningStream): void;
  ended?(stream: RunningStream, reason: StreamEndReason, durationMs: number): void;
}

interface Tracked extends RunningStream {
  frames: number;
  reason: StreamEndReason | undefined;
  cancel: (() => void) | undefined;
}

/**
 * The streams of one server.
 *
 * @example
 * ```ts
 * const monitor = new StreamMonitor();
 * monitor.listen({ ended: (s, reason, ms) => console.log(s.callback, reason, ms) });
 * monitor.running(); // [{ id: 1, callback: "…", startedAt: …, frames: 12 }]
 * ```
 */
export class StreamMonitor {
  private readonly streams = new Map<number, Tracked>();
  private readonly listeners: StreamListener[] = [];
  private nextId = 1;

  /** Adds a listener for every stream started from now on. */
  listen(listener: StreamListener): void {
    this.listeners.push(listener);
  }

  /** The running streams, oldest first (a snapshot). */
  running(): RunningStream[] {
    return [...this.streams.values()].map(({ id, callback, startedAt, frames }) => ({ id, callback, startedAt, frames }));
  }

  /** Ends a running stream as a server shutdown would; false when there is no such stream. */
  cancel(id: number): boolean {
    const stream = this.streams.get(id);
    if (!stream?.cancel) return false;
    stream.reason ??= "cancelled";
    stream.cancel();
    return true;
  }

  /**
   * Tracks one stream: wraps its sink (to count frames and see how it ended), logs its start and
   * its end. Call `started(cancel)` once the run exists.
   */
  track(callback: string, sink: FrameSink, log: FastifyBaseLogger): { sink: FrameSink; started(cancel: () => void): void } {
    const stream: Tracked = { id: this.nextId++, callback, startedAt: Date.now(), frames: 0, reason: undefined, cancel: undefined };
    this.streams.set(stream.id, stream);
    log.info({ callback, stream: stream.id }, "event callback stream started");
    for (const listener of this.listeners) listener.started?.(stream);
    const finish = (): void => {
      if (!this.streams.delete(stream.id)) return;
      const reason = stream.reason ?? "done";
      const durationMs = Date.now() - stream.startedAt;
      log.info({ callback, stream: stream.id, reason, durationMs, frames: stream.frames }, "event callback stream ended");
      for (const listener of this.listeners) listener.ended?.(stream, reason, durationMs);
    };
    const tracked: FrameSink = {
      send: (frameData) => {
        if (frameData === DONE_DATA) stream.reason ??= "done";
        else {
          if (frameData.startsWith('["[ERROR]"')) stream.reason ??= "error";
          stream.frames++;
          for (const listener of this.listeners) listener.frame?.(stream);
        }
        sink.send(frameData);
      },
      ping: () => sink.ping(),
      get ready() {
        return sink.ready;
      },
      writable: () => sink.writable(),
      onClose: (listener) =>
        sink.onClose(() => {
          stream.reason ??= "client-closed";
          listener();
        }),
      end: () => {
        sink.end();
        finish();
      },
    };
    return {
      sink: tracked,
      started: (cancel) => {
        stream.cancel = cancel;
      },
    };
  }
}
