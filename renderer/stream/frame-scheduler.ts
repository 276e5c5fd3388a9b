import { stringifyId } from "../../lib/protocol/ids.js";
import type { PropUpdates } from "../set-props.js";

/** Updates that commit together, and the `(id, prop)` keys they set. */
interface Group {
  updates: PropUpdates;
  keys: Set<string>;
}

/** Schedules `run` and returns a function that cancels it. */
export type Scheduler = (run: () => void) => () => void;

/**
 * Merges the updates of stream frames that arrive within one animation frame into a single
 * commit — but never at the cost of a value: when an update sets an `(id, prop)` that a not yet
 * committed update also set, the earlier updates form a complete group, committed first and
 * in a task of its own. So every component sees every value, in order (each `rowTransaction`,
 * each Patch, each `extendData`), and gets to finish its work on one value (effects, promises:
 * dcc.Graph extends its traces asynchronously) before the next arrives. A burst of frames to
 * different components costs one render.
 *
 * @example
 * ```ts
 * const scheduler = new FrameScheduler((updates) => updater.apply(updates));
 * scheduler.push([["progress", { value: 1 }]]);
 * scheduler.push([["log", { children: "x" }]]); // same commit as the first
 * scheduler.push([["progress", { value: 2 }]]); // the first two commit in the next task, this one after
 * ```
 */
export class FrameScheduler {
  private groups: Group[] = [];
  private cancelScheduled: (() => void) | null = null;
  private scheduledSoon = false;

  /**
   * `nextFrame(run)` runs `run` at the next animation frame, `nextTask(run)` in the next task
   * (tests pass their own); both return a cancel function.
   */
  constructor(
    private readonly commit: (updates: PropUpdates) => void,
    private readonly nextFrame: Scheduler = nextAnimationFrame,
    private readonly nextTask: Scheduler = nextMacrotask,
  ) {}

  /** Queue the updates of one frame; a [BATCH] is pushed whole, so it always lands in one commit. */
  push(updates: PropUpdates): void {
    const keys = updates.flatMap(([id, props]) => Object.keys(props).map((prop) => `${stringifyId(id)}\u0000${prop}`));
    let open = this.groups[this.groups.length - 1];
    if (!open || keys.some((key) => open!.keys.has(key))) {
      open = { updates: [], keys: new Set() };
      this.groups.push(open);
    }
    open.updates.push(...updates);
    for (const key of keys) open.keys.add(key);
    this.schedule();
  }

  /** Commit everything queued now, group by group (before an error's reset_props, or a cancel). */
  flush(): void {
    this.cancelScheduled?.();
    this.cancelScheduled = null;
    const groups = this.groups;
    this.groups = [];
    for (const group of groups) this.commit(group.updates);
  }

  /** Complete groups go in the next task; the open one waits for the animation frame, to gather more. */
  private schedule(): void {
    if (this.groups.length === 0) return;
    const soon = this.groups.length > 1;
    if (this.cancelScheduled && (this.scheduledSoon || !soon)) return;
    this.cancelScheduled?.();
    this.scheduledSoon = soon;
    this.cancelScheduled = (soon ? this.nextTask : this.nextFrame)(() => {
      this.cancelScheduled = null;
      const group = this.groups.shift();
      if (group) this.commit(group.updates);
      this.schedule();
    });
  }
}

/** The next animation frame, or 100 ms if none comes first: hidden tabs get no frames, and updates must still land. */
function nextAnimationFrame(run: () => void): () => void {
  const cancel = () => {
    cancelAnimationFrame(frame);
    clearTimeout(timer);
  };
  const once = () => {
    cancel();
    run();
  };
  const frame = requestAnimationFrame(once);
  const timer = setTimeout(once, 100);
  return cancel;
}

/**
 * The end of the current task (a microtask): with `new FrameScheduler(commit, nextMicrotask)`,
 * the calls made within one task commit together, before the browser renders.
 */
export function nextMicrotask(run: () => void): () => void {
  let cancelled = false;
  queueMicrotask(() => {
    if (!cancelled) run();
  });
  return () => {
    cancelled = true;
  };
}

/** The next task, without setTimeout's 4 ms clamp: a MessageChannel message. */
function nextMacrotask(run: () => void): () => void {
  const channel = new MessageChannel();
  let cancelled = false;
  channel.port1.onmessage = () => {
    channel.port1.close();
    if (!cancelled) run();
  };
  channel.port2.postMessage(null);
  return () => {
    cancelled = true;
    channel.port1.close();
  };
}
