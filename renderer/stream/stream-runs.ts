import { stringifyId } from "../../lib/protocol/ids.js";
import type { PropsUpdate, StreamFrame, UpdateRequest } from "../../lib/protocol/types.js";
import type { CallbackDef } from "../callbacks/graph.js";
import type { ErrorReporter } from "../errors/error-reporter.js";
import type { PropUpdater } from "../set-props.js";
import { jsonEqual } from "../../lib/protocol/json-equal.js";
import type { LayoutStore, StoreChange } from "../store/layout-store.js";
import { applyRunning, runningTargets } from "../callbacks/running.js";
import { FrameScheduler } from "./frame-scheduler.js";

/**
 * How a run's frames reach the page: `openStream` (its own response) or `openMultiplexedStream`
 * (the downlink). Calls `onFrame` in order; resolves at `[DONE]`; rejects when the run is lost.
 */
export type StreamTransport = (body: UpdateRequest, signal: AbortSignal, onFrame: (frame: StreamFrame) => void) => Promise<void>;

/**
 * The store changes of a task, in the order they came, each with the props it changed as
 * `"idStr.prop"` keys, made when first asked for (only a trigger of a callback with cancel inputs asks).
 */
type ChangeLog = Array<{ change: StoreChange; keys?: Set<string> }>;

interface Run {
  callback: CallbackDef;
  controller: AbortController;
  /** Its `runningOff` props are applied: a run ends once, whichever way. */
  ended: boolean;
}

/**
 * The event-callback runs of the page: at most one per callback. Starts a stream on a
 * trigger (aborting that callback's previous stream), feeds its frames through the frame
 * scheduler, ends it on a cancel input (applying reset_props), and treats an [ERROR] frame, a
 * failed request or a lost connection alike: reset_props applied, error shown. While a run
 * streams, its `running` props are set and their components are loading; however the run
 * ends, its frames land first and then its `runningOff` props.
 *
 * A trigger is dispatched in a microtask, so a cancel input that changes in the same task as
 * the trigger (`start.click(); cancel.click()`) comes before the run exists. The changes of the
 * current task are kept, so `start` can see a cancel that came after its trigger: such a run is
 * not opened, and its reset_props are applied as for any cancel.
 */
export class StreamRuns {
  private readonly runs = new Map<number, Run>();
  private readonly scheduler: FrameScheduler;
  /** The store changes of the current task, oldest first; cleared by the next task. */
  private changesThisTask: ChangeLog = [];

  constructor(
    private readonly transport: StreamTransport,
    private readonly store: LayoutStore,
    private readonly updater: PropUpdater,
    private readonly errors: ErrorReporter,
  ) {
    this.scheduler = new FrameScheduler((updates) => this.updater.apply(updates));
  }

  start(callback: CallbackDef, body: UpdateRequest): void {
    if (this.cancelledBeforeStart(callback, body)) {
      // as a cancel of a running stream would: the previous run (if any) ends, reset_props apply
      const running = this.runs.get(callback.index);
      if (running) this.cancel(running);
      else this.updater.apply(callback.spec.reset_props ?? []);
      return;
    }
    const previous = this.runs.get(callback.index);
    if (previous) {
      previous.controller.abort(new Error("superseded by a new trigger"));
      // Now, not when its request settles: the new run's `running` props must come after.
      this.end(previous);
    }
    const run: Run = { callback, controller: new AbortController(), ended: false };
    this.runs.set(callback.index, run);
    this.setRunning(run, true);
    const { signal } = run.controller;
    this.transport(body, signal, (frame) => {
      if (!signal.aborted) this.onFrame(run, frame);
    })
      .then(() => this.end(run))
      .catch((error: unknown) => {
        if (signal.aborted) return;
        this.fail(run, `Stream error in event callback ${callback.spec.output}: ${error instanceof Error ? error.message : String(error)}`, callback.spec.reset_props ?? []);
      })
      .finally(() => {
        if (this.runs.get(callback.index) === run) this.runs.delete(callback.index);
      });
  }

  /** Cancel inputs: a change ends the run, unless the cancel spec has a value and the input still equals it. */
  onPropsChanged(change: StoreChange, valueOf: (idStr: string, prop: string) => unknown): void {
    this.logChange(change);
    for (const run of [...this.runs.values()]) {
      if (changeCancels(run.callback, change, valueOf)) this.cancel(run);
    }
  }

  /**
   * Whether a change ends a trigger of `callback` that has not started yet (one the dispatcher
   * holds while its inputs are still being computed): the run is then never opened, and its
   * reset_props apply, as for a cancel of a running stream.
   */
  cancelWaiting(callback: CallbackDef, change: StoreChange, valueOf: (idStr: string, prop: string) => unknown): boolean {
    const hit = changeCancels(callback, change, valueOf);
    if (hit) this.updater.apply(callback.spec.reset_props ?? []);
    return hit;
  }

  private logChange(change: StoreChange): void {
    if (this.changesThisTask.length === 0) setTimeout(() => (this.changesThisTask = []), 0);
    this.changesThisTask.push({ change });
  }

  /** Whether, in this task, a change of one of the callback's cancel inputs came after the change that triggered it. */
  private cancelledBeforeStart(callback: CallbackDef, body: UpdateRequest): boolean {
    if (!callback.spec.cancel?.length || body.changedPropIds.length === 0) return false;
    const log = this.changesThisTask;
    let trigger = -1;
    log.forEach((entry, index) => {
      const keys = keysOf(entry);
      if (body.changedPropIds.some((key) => keys.has(key))) trigger = index;
    });
    if (trigger < 0) return false;
    const valueOf = (idStr: string, prop: string): unknown => this.store.get(idStr)?.props[prop];
    return log.slice(trigger + 1).some((entry) => [...keysOf(entry)].some((key) => cancels(callback, key, valueOf)));
  }

  private cancel(run: Run): void {
    run.controller.abort(new Error("cancelled"));
    this.runs.delete(run.callback.index);
    this.end(run);
    this.updater.apply(run.callback.spec.reset_props ?? []);
  }

  /** The run is over: its queued frames land, then its `runningOff` props; its components stop loading. */
  private end(run: Run): void {
    if (run.ended) return;
    run.ended = true;
    this.scheduler.flush();
    this.setRunning(run, false);
  }

  private setRunning(run: Run, on: boolean): void {
    const { running } = run.callback.spec;
    applyRunning(this.store, this.updater, running, on);
    this.store.setLoading(runningTargets(running).filter(([idStr]) => this.store.has(idStr)).map(([idStr, prop]) => [idStr, on ? prop : undefined]));
  }

  private onFrame(run: Run, frame: StreamFrame): void {
    if (frame[0] === "[SINGLE]") this.scheduler.push([[frame[1], frame[2]]]);
    else if (frame[0] === "[BATCH]") this.scheduler.push(frame[2]);
    else {
      // The server ends the stream after [ERROR]; stop reading so nothing later is applied.
      run.controller.abort(new Error("stream error"));
      // handle_error false: the app's onError dealt with it (its updates came before), so the page stays quiet.
      this.fail(run, frame[2].handle_error ? frame[2].error : null, frame[2].reset_props);
    }
  }

  /** End a run on an error: queued updates land, then reset_props; `message` (unless null) is shown. */
  private fail(run: Run, message: string | null, resetProps: PropsUpdate[]): void {
    if (this.runs.get(run.callback.index) === run) this.runs.delete(run.callback.index);
    this.end(run);
    this.updater.apply(resetProps);
    if (message !== null) this.errors.report(message);
  }
}

/** Whether a change of `key` (`"idStr.prop"`) cancels a run of `callback`: a cancel input, and (with a value) no longer equal to it. */
function cancels(callback: CallbackDef, key: string, valueOf: (idStr: string, prop: string) => unknown): boolean {
  return (callback.spec.cancel ?? []).some((spec) => {
    const idStr = stringifyId(spec.id);
    if (key !== `${idStr}.${spec.property}`) return false;
    return spec.value === undefined || !jsonEqual(valueOf(idStr, spec.property), spec.value);
  });
}

/** The `"idStr.prop"` keys of a logged change. */
function keysOf(entry: ChangeLog[number]): Set<string> {
  return (entry.keys ??= new Set(entry.change.changed.flatMap(({ idStr, props }) => props.map((prop) => `${idStr}.${prop}`))));
}

/** Whether one of the props a store change set is a cancel input of the callback. */
function changeCancels(callback: CallbackDef, change: StoreChange, valueOf: (idStr: string, prop: string) => unknown): boolean {
  // most callbacks have no cancel inputs: decided without a key per changed prop
  if (!callback.spec.cancel?.length) return false;
  return change.changed.some(({ idStr, props }) => props.some((prop) => cancels(callback, `${idStr}.${prop}`, valueOf)));
}
