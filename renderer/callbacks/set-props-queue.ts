import type { PropUpdates } from "../set-props.js";
import { FrameScheduler, nextMicrotask } from "../stream/frame-scheduler.js";

/**
 * `window.dash_clientside.set_props`: calls made within one task commit together at its end
 * (one render for a loop of calls), grouped as stream frames are, so a second value for the
 * same (id, prop) goes in a later commit and no value is lost. Any other update first commits
 * what is queued here (`flushBeforeOtherUpdate`, the updater's `beforeApply` hook).
 *
 * @example
 * ```ts
 * const queue = new SetPropsQueue((updates) => updater.apply(updates));
 * window.dash_clientside.set_props = (id, props) => queue.push(id, props);
 * ```
 */
export class SetPropsQueue {
  private readonly scheduler: FrameScheduler;
  /** Inside our own commit: the groups after it keep their later tasks. */
  private committing = false;

  constructor(commit: (updates: PropUpdates) => void) {
    this.scheduler = new FrameScheduler((updates) => {
      this.committing = true;
      try {
        commit(updates);
      } finally {
        this.committing = false;
      }
    }, nextMicrotask);
  }

  push(id: string | Record<string, string | number | boolean>, props: Record<string, unknown>): void {
    this.scheduler.push([[id, props]]);
  }

  /** Commit what is queued before an update from elsewhere lands (not from inside our own commit). */
  flushBeforeOtherUpdate(): void {
    if (!this.committing) this.scheduler.flush();
  }
}
