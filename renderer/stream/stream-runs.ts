import { stringifyId } from "../../lib/protocol/ids.js";
import type { JsonValue, PropsUpdate, StreamFrame, UpdateRequest } from "../../lib/protocol/types.js";
import type { CallbackDef } from "../callbacks/graph.js";
import type { ErrorReporter } from "../errors/error-reporter.js";
import type { PropUpdater } from "../set-props.js";
import type { StoreChange } from "../store/layout-store.js";
import { FrameScheduler } from "./frame-scheduler.js";
import { openStream } from "./stream-client.js";

interface Run {
  callback: CallbackDef;
  controller: AbortController;
}

/**
 * The event-callback runs of the page: at most one per callback. Starts a stream on a
 * trigger (aborting that callback's previous stream), feeds its frames through the frame
 * scheduler, ends it on a cancel input (applying reset_props), and treats an [ERROR] frame, a
 * failed request or a lost connection alike: reset_props applied, error shown.
 */
export class StreamRuns {
  private readonly runs = new Map<number, Run>();
  private readonly scheduler: FrameScheduler;

  constructor(
    private readonly streamPath: string,
    private readonly updater: PropUpdater,
    private readonly errors: ErrorReporter,
  ) {
    this.scheduler = new FrameScheduler((updates) => this.updater.apply(updates));
  }

  start(callback: CallbackDef, body: UpdateRequest): void {
    this.runs.get(callback.index)?.controller.abort(new Error("superseded by a new trigger"));
    const run: Run = { callback, controller: new AbortController() };
    this.runs.set(callback.index, run);
    const { signal } = run.controller;
    openStream(this.streamPath, body, signal, (frame) => {
      if (!signal.aborted) this.onFrame(run, frame);
    })
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
            (spec.value === undefined || !sameJson(valueOf(idStr, spec.property), spec.value)),
        ),
      );
      if (hit) this.cancel(run);
    }
  }

  private cancel(run: Run): void {
    run.controller.abort(new Error("cancelled"));
    this.runs.delete(run.callback.index);
    this.scheduler.flush();
    this.updater.apply(run.callback.spec.reset_props ?? []);
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
    this.scheduler.flush();
    this.updater.apply(resetProps);
    if (message !== null) this.errors.report(message);
  }
}

function sameJson(a: unknown, b: JsonValue): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}
