import { stringifyId } from "../../lib/protocol/ids.js";
import type { PropsUpdate, StreamFrame, UpdateRequest } from "../../lib/protocol/types.js";
import type { CallbackDef } from "../callbacks/graph.js";
import type { ErrorReporter } from "../errors/error-reporter.js";
import type { PropUpdater } from "../set-props.js";
import { jsonEqual } from "../../lib/protocol/json-equal.js";
import type { LayoutStore, StoreChange } from "../store/layout-store.js";
import { applyRunning, runningTargets } from "../callbacks/running.js";
import { FrameScheduler } from "./frame-scheduler.js";
import { openStream } from "./stream-client.js";

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
 */
export class StreamRuns {
  private readonly runs = new Map<number, Run>();
  private readonly scheduler: FrameScheduler;

  constructor(
    private readonly streamPath: string,
    private readonly store: LayoutStore,
    private readonly updater: PropUpdater,
    private readonly errors: ErrorReporter,
  ) {
    this.scheduler = new FrameScheduler((updates) => this.updater.apply(updates));
  }

  start(callback: CallbackDef, body: UpdateRequest): void {
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
    openStream(this.streamPath, body, signal, (frame) => {
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
    for (const run of [...this.runs.values()]) {
      const cancels = run.callback.spec.cancel ?? [];
      const hit = cancels.some((spec) =>
        change.changed.some(
          ({ idStr, props }) =>
            idStr === stringifyId(spec.id) &&
            props.includes(spec.property) &&
            (spec.value === undefined || !jsonEqual(valueOf(idStr, spec.property), spec.value)),
        ),
      );
      if (hit) this.cancel(run);
    }
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
