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
 * Merges the updates of stream frames into as few commits as the screen can show — but never at
 * the cost of a value: when an update sets an `(id, prop)` that a not yet committed update also
 * set, the earlier updates form a complete group, committed first and in a task of its own. So
 * every component sees every value, in order (each `rowTransaction`, each Patch, each
 * `extendData`), and gets to finish its work on one value (effects, promises: dcc.Graph extends
 * its traces asynchronously) before the next arrives.
 *
 * When nothing has been committed since the last animation frame began, the first updates
 * commit at the end of the current task (with every frame that arrived in it): an update after a
 * quiet spell is not held back for up to a frame. Updates that follow within the same animation
 * frame wait for the next one and are merged: a burst of frames costs one render per frame. So
 * do updates that set an `(id, prop)` committed in this animation frame or the one before: the
 * component may still be working on that value (dcc.Graph extends its traces asynchronously and
 * applies again what it has not finished when the next `extendData` comes).
 *
 * @example
 * ```ts
 * const scheduler = new FrameScheduler((updates) => updater.apply(updates));
 * scheduler.push([["progress", { value: 1 }]]);
 * scheduler.push([["log", { children: "x" }]]); // same commit as the first, at the end of this task
 * scheduler.push([["progress", { value: 2 }]]); // the first two commit at the end of this task, this one at the next frame
 * ```
 */
export class FrameScheduler {
  private groups: Group[] = [];
  private scheduled: { cancel: () => void; wait: Wait } | null = null;
  private frameWatch = false;
  /** The `(id, prop)` keys committed in this animation frame (none: nothing was), and in the one before. */
  private committedKeys = new Set<string>();
  private previousFrameKeys = new Set<string>();
  /** A queued update sets a key of those two sets. */
  private queuedRecentKey = false;

  /**
   * `nextFrame(run)` runs `run` at the next animation frame, `nextTask(run)` in the next task,
   * `endOfTask(run)` once the current task's code is done (tests pass their own); each returns
   * a cancel function.
   */
  constructor(
    private readonly commit: (updates: PropUpdates) => void,
    private readonly nextFrame: Scheduler = nextAnimationFrame,
    private readonly nextTask: Scheduler = nextMacrotask,
    private readonly endOfTask: Scheduler = nextMicrotask,
  ) {}

  /** Queue the updates of one frame; a [BATCH] is pushed whole, so it always lands in one commit. */
  push(updates: PropUpdates): void {
    const open = this.groups[this.groups.length - 1];
    // Nothing committed lately (the usual case after a quiet spell): no key can be a recent one.
    const checkRecent = !this.queuedRecentKey && (this.committedKeys.size > 0 || this.previousFrameKeys.size > 0);
    if (!open) {
      // a new group: its keys go straight into its set
      const group: Group = { updates: updates.slice(), keys: new Set() };
      for (const [id, props] of updates) {
        const idStr = stringifyId(id);
        for (const prop of Object.keys(props)) {
          const key = idStr + "\u0000" + prop;
          if (checkRecent) this.queuedRecentKey ||= this.committedKeys.has(key) || this.previousFrameKeys.has(key);
          group.keys.add(key);
        }
      }
      this.groups.push(group);
      this.schedule();
      return;
    }
    const keys: string[] = [];
    let repeats = false;
    for (const [id, props] of updates) {
      const idStr = stringifyId(id);
      for (const prop of Object.keys(props)) {
        const key = idStr + "\u0000" + prop;
        repeats ||= open.keys.has(key);
        if (checkRecent) this.queuedRecentKey ||= this.committedKeys.has(key) || this.previousFrameKeys.has(key);
        keys.push(key);
      }
    }
    let target = open;
    if (repeats) {
      target = { updates: [], keys: new Set() };
      this.groups.push(target);
    }
    for (const update of updates) target.updates.push(update);
    for (const key of keys) target.keys.add(key);
    this.schedule();
  }

  /** Commit everything queued now, group by group (before an error's reset_props, or a cancel). */
  flush(): void {
    this.scheduled?.cancel();
    this.scheduled = null;
    const groups = this.groups;
    this.groups = [];
    for (const group of groups) this.commitGroup(group);
  }

  private commitGroup(group: Group): void {
    // (a committed group's keys are not used again: the first one of a frame becomes the frame's set)
    if (this.committedKeys.size === 0) this.committedKeys = group.keys;
    else for (const key of group.keys) this.committedKeys.add(key);
    if (this.groups.length === 0) this.queuedRecentKey = false;
    this.watchFrames();
    this.commit(group.updates);
  }

  /** Until two animation frames have passed without a commit: at each, the frame's keys age by one frame. */
  private watchFrames(): void {
    if (this.frameWatch) return;
    this.frameWatch = true;
    this.nextFrame(() => {
      this.frameWatch = false;
      this.previousFrameKeys = this.committedKeys;
      this.committedKeys = new Set();
      if (this.previousFrameKeys.size > 0) this.watchFrames();
    });
  }

  /**
   * The first group goes at the end of this task if nothing was committed in this animation frame
   * and no queued prop was committed in it or the frame before; otherwise complete groups go in
   * the next task and the open one waits for the frame, to gather more. A sooner wait replaces a
   * later one.
   */
  private schedule(): void {
    if (this.groups.length === 0) return;
    const quiet = this.committedKeys.size === 0 && !this.queuedRecentKey;
    const wait: Wait = quiet ? Wait.EndOfTask : this.groups.length > 1 ? Wait.NextTask : Wait.NextFrame;
    if (this.scheduled && this.scheduled.wait <= wait) return;
    this.scheduled?.cancel();
    const run = () => {
      this.scheduled = null;
      const group = this.groups.shift();
      if (group) this.commitGroup(group);
      this.schedule();
    };
    const scheduler = wait === Wait.EndOfTask ? this.endOfTask : wait === Wait.NextTask ? this.nextTask : this.nextFrame;
    this.scheduled = { cancel: scheduler(run), wait };
  }
}

/** How long a scheduled commit waits, soonest first. */
const enum Wait {
  EndOfTask,
  NextTask,
  NextFrame,
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
