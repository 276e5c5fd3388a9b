import { stringifyId } from "../../lib/protocol/ids.js";
import type { PropUpdates } from "../set-props.js";

/**
 * Merges the updates of stream frames that arrive within one animation frame into a single
 * commit — but never at the cost of a value: when an update sets an `(id, prop)` that a not yet
 * committed update also set, the earlier updates are committed first. So every component sees
 * every value, in order (each `rowTransaction`, each Patch), and a burst of frames to different
 * components costs one render.
 *
 * @example
 * ```ts
 * const scheduler = new FrameScheduler((updates) => updater.apply(updates));
 * scheduler.push([["progress", { value: 1 }]]);
 * scheduler.push([["log", { children: "x" }]]); // same commit as the first
 * scheduler.push([["progress", { value: 2 }]]); // commits the first two now, then waits
 * ```
 */
export class FrameScheduler {
  private queue: PropUpdates = [];
  private readonly keys = new Set<string>();
  private cancelFrame: (() => void) | null = null;

  /** `nextFrame(run)` schedules `run` for the next frame and returns a cancel function (tests pass their own). */
  constructor(
    private readonly commit: (updates: PropUpdates) => void,
    private readonly nextFrame: (run: () => void) => () => void = nextAnimationFrame,
  ) {}

  /** Queue the updates of one frame; a [BATCH] is pushed whole, so it always lands in one commit. */
  push(updates: PropUpdates): void {
    const keys = updates.flatMap(([id, props]) => Object.keys(props).map((prop) => `${stringifyId(id)}\u0000${prop}`));
    if (keys.some((key) => this.keys.has(key))) this.flush();
    this.queue.push(...updates);
    for (const key of keys) this.keys.add(key);
    this.cancelFrame ??= this.nextFrame(() => this.flush());
  }

  /** Commit everything queued now (before an error's reset_props, a cancel, or a conflicting update). */
  flush(): void {
    this.cancelFrame?.();
    this.cancelFrame = null;
    const queue = this.queue;
    this.queue = [];
    this.keys.clear();
    if (queue.length > 0) this.commit(queue);
  }
}

/** The next animation frame, or 100 ms if none comes first: hidden tabs get no frames, and updates must still land. */
function nextAnimationFrame(run: () => void): () => void {
  const frame = requestAnimationFrame(run);
  const timer = setTimeout(run, 100);
  return () => {
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
}
