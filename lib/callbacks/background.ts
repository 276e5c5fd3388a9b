/**
 * Dash's background callbacks (`background=True` with `progress`, `progress_default`, `running`,
 * `cancel` and `set_progress`), run on the stream transport: no job queue and no polling. The
 * function runs on the server like an event callback's generator; `setProgress(value)` is sent at
 * once as a stream frame to the `progress` outputs, the return value to the outputs when it
 * ends, and the `progress` outputs get `progressDefault` then (and on cancel), as in Dash.
 * `/_dash-dependencies` lists it with Dash's `output` id and `"background": {"interval": 1000}`,
 * plus `stream: true`.
 */
import type { Dependency } from "../dsl/dependencies.js";
import { isNoUpdate } from "../dsl/no-update.js";
import { streamProps, type StreamPair, type StreamUpdate } from "../dsl/stream-props.js";
import { toJsonValue } from "../dsl/component.js";
import type { ComponentId, PropsUpdate } from "../protocol/types.js";
import { PreventUpdate } from "../dsl/no-update.js";
import { callbackId, defineEventCallback } from "./definitions.js";
import type { CallbackOptions, EventCallback, EventCallbackOptions } from "./callback-types.js";

/** The options of a background callback (Dash's `background=True` arguments). */
export interface BackgroundCallbackOptions extends Pick<CallbackOptions, "preventInitialCall"> {
  background: true;
  /** Outputs `setProgress` writes (Dash's `progress`). */
  progress?: Dependency | readonly Dependency[];
  /** Their values when the callback is not running (Dash's `progress_default`). */
  progressDefault?: unknown;
  /** `[Output, whileRunning, afterwards]`, as Dash's `running`. */
  running?: EventCallbackOptions["running"];
  /** Inputs whose change cancels a run (Dash's `cancel`). */
  cancel?: EventCallbackOptions["cancel"];
}

/** Dash's `set_progress`: one value for one progress output, a list for several. */
export type SetProgress = (value: unknown) => void;

const INTERVAL = 1000;

/**
 * Build the registration of a background callback: `fn(setProgress, ...values)`.
 *
 * @example
 * ```ts
 * callback(Output("result", "children"), Input("run", "n_clicks"), async (setProgress, n) => {
 *   for (let i = 1; i <= 10; i++) { setProgress([String(i), "10"]); await sleep(100); }
 *   return `done ${n}`;
 * }, { background: true, progress: [Output("bar", "value"), Output("bar", "max")], progressDefault: ["0", "10"] });
 * ```
 */
export function defineBackgroundCallback(
  outputsArg: Dependency | readonly Dependency[],
  deps: readonly Dependency[],
  fn: (setProgress: SetProgress, ...args: unknown[]) => unknown,
  options: BackgroundCallbackOptions,
): EventCallback {
  const multi = Array.isArray(outputsArg);
  const outputs = (multi ? outputsArg : [outputsArg]) as readonly Dependency[];
  const progressMulti = Array.isArray(options.progress);
  const progress = (options.progress === undefined ? [] : progressMulti ? options.progress : [options.progress]) as readonly Dependency[];
  const pairs = (targets: readonly Dependency[], value: unknown, many: boolean): StreamPair[] => {
    const values = many ? (value as unknown[]) : [value];
    return targets.flatMap((target, i): StreamPair[] => (isNoUpdate(values[i]) ? [] : [[target.id as ComponentId, { [target.property]: toJsonValue(values[i]) }]]));
  };
  const progressReset = options.progressDefault === undefined ? [] : pairs(progress, options.progressDefault, progressMulti);
  async function* run(...args: unknown[]): AsyncGenerator<StreamUpdate> {
    const values = args.slice(0, -1);
    const queue: StreamUpdate[] = [];
    let wake: (() => void) | undefined;
    const setProgress: SetProgress = (value) => {
      const batch = pairs(progress, value, progressMulti);
      if (batch.length > 0) queue.push(streamProps(batch));
      wake?.();
    };
    let settled = false;
    const result = Promise.resolve()
      .then(() => fn(setProgress, ...values))
      .finally(() => {
        settled = true;
        wake?.();
      });
    result.catch(() => undefined);
    while (!settled || queue.length > 0) {
      if (queue.length > 0) {
        yield queue.shift()!;
        continue;
      }
      await new Promise<void>((resolve) => (wake = resolve));
      wake = undefined;
    }
    let value: unknown;
    try {
      value = await result;
    } catch (error) {
      if (error instanceof PreventUpdate) {
        if (progressReset.length > 0) yield streamProps(progressReset);
        return;
      }
      throw error;
    }
    const final = [...(isNoUpdate(value) ? [] : pairs(outputs, value, multi)), ...progressReset];
    if (final.length > 0) yield streamProps(final);
  }
  const registration = defineEventCallback([...deps, run, { preventInitialCall: options.preventInitialCall === true, running: options.running, cancel: options.cancel, resetProps: progressReset as unknown as PropsUpdate[] }]);
  const id = callbackId(outputs, multi, registration.inputs);
  registration.spec.output = id;
  registration.spec.no_output = false;
  registration.spec.background = { interval: INTERVAL };
  return { ...registration, id, outputs, multi };
}
