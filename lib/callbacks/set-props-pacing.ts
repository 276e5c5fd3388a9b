/**
 * Backpressure for `setProps` that streams (a live regular callback, an event or background
 * callback): each call returns a thenable that settles once the page's transport can take more,
 * so `await ctx.setProps(...)` paces a callback against a page that reads slowly or not at all.
 * A callback that does not await and keeps sending into a transport that takes nothing is stopped
 * with a clear error after {@link MAX_UNPACED_FRAMES} frames, instead of growing memory without bound.
 */
import type { FrameSink } from "./frame-sink.js";

/** Frames `setProps` may queue, unawaited, while the transport takes nothing, before it throws. */
export const MAX_UNPACED_FRAMES = 1000;

/** What `setProps` returns when the transport has room (or the update was folded into the answer). */
export const PACED: PromiseLike<void> = Promise.resolve();

/**
 * @example
 * ```ts
 * const pacer = new SetPropsPacer("callback out.children");
 * pacer.check(sink);
 * sink.send(frame);
 * return pacer.paced(sink); // await it to wait for the page
 * ```
 */
export class SetPropsPacer {
  /** Frames sent since the sink was last seen taking more. */
  private backlog = 0;

  constructor(private readonly what: string) {}

  /** Before sending: throws when too many frames wait unawaited. */
  check(sink: FrameSink): void {
    if (sink.ready) this.backlog = 0;
    else if (this.backlog >= MAX_UNPACED_FRAMES) {
      throw new Error(
        `${this.what}: ${MAX_UNPACED_FRAMES} setProps updates wait for a page that is not reading them; \`await ctx.setProps(...)\` (or \`await setProps(...)\`) so the callback waits for the page instead`,
      );
    }
  }

  /** After sending: settles when the sink can take more (at once when it can now). Never rejects. */
  paced(sink: FrameSink): PromiseLike<void> {
    if (sink.ready) {
      this.backlog = 0;
      return PACED;
    }
    this.backlog++;
    return sink.writable();
  }
}
