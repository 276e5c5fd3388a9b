/**
 * Drive an event callback's generator and write one SSE frame per yielded value, as soon as it
 * is yielded. The transport sits behind `FrameSink`, so a multiplexed downlink can replace the
 * one-response-per-run transport without touching this file.
 *
 * Backpressure: the next value is pulled only when the sink can take more. The run ends when the
 * generator returns (`[DONE]`), throws (`onError` updates, then `[ERROR]`), times out (same as a
 * throw), or the client goes away; in every case `ctx.signal` aborts and the generator is closed
 * with `return()`, so the user's `finally` blocks run.
 */
import { encodeDone, encodeFrame, encodePing } from "../protocol/frames.js";
import type { UpdateRequest } from "../protocol/types.js";
import { describe } from "../dsl/component.js";
import { StreamUpdate } from "../dsl/stream-props.js";
import { contextFromRequest, type CallbackContextBase, type EventCallbackContext } from "./context.js";
import type { EventCallback, StreamErrorResult, StreamGenerator } from "./types.js";
import { argValues, outputTargets } from "./resolve-args.js";

/** Where a run's encoded frames go: one HTTP response today. */
export interface FrameSink {
  /** Write one encoded chunk (ignored once closed). */
  write(chunk: string): void;
  /** Whether the client can take more data now. */
  readonly ready: boolean;
  /** Resolves when the sink can take more data, or has closed. */
  writable(): Promise<void>;
  /** Call `listener` once if the client goes away before `end()`. */
  onClose(listener: () => void): void;
  /** Finish the stream. */
  end(): void;
}

/** How runs behave and report. */
export interface StreamRunOptions {
  /** Send `: ping` after this many ms without a write. */
  pingIntervalMs: number;
  /** Put the stack trace in the `[ERROR]` frame's message (debug mode). */
  debug?: boolean;
  /** Server-side warnings (a skipped `undefined` yield). */
  warn(message: string): void;
  /** Server-side report of an error that ended a run. */
  error(message: string, error: unknown): void;
}

/** A running stream: `done` settles when the run has ended and the sink is closed. */
export interface StreamRun {
  readonly done: Promise<void>;
  /** End the run now (server shutdown): the generator is closed, no more frames are sent. */
  cancel(): void;
}

/** A request checked against its event callback, with the argument values in declared order. */
export interface PreparedStream {
  readonly callback: EventCallback;
  readonly args: unknown[];
  readonly context: CallbackContextBase;
}

/**
 * The error `onError` and the `[ERROR]` frame get when a run passes its `timeout`.
 *
 * @example
 * ```ts
 * eventCallback(Input("go", "n_clicks"), slowStream, {
 *   timeout: 30_000,
 *   onError: (err) => streamProps("out", { children: err instanceof StreamTimeoutError ? "Took too long" : "Failed" }),
 * });
 * ```
 */
export class StreamTimeoutError extends Error {
  constructor(ms: number) {
    super(`event callback timed out after ${ms} ms`);
    this.name = "StreamTimeoutError";
  }
}

/** Validate the request against the event callback (throws `RequestMismatchError`, 400) before any byte is streamed. */
export function prepareStream(callback: EventCallback, body: UpdateRequest): PreparedStream {
  outputTargets(callback.id, [], false, body);
  const inputValues = argValues(callback.id, callback.inputs, body.inputs, "inputs");
  const stateValues = argValues(callback.id, callback.states, body.state, "state");
  let i = 0;
  let s = 0;
  const args = callback.deps.map((dep) => (dep.kind === "input" ? inputValues[i++] : stateValues[s++]));
  return { callback, args, context: contextFromRequest(body) };
}

type StopReason = "closed" | "timeout" | "cancelled";
const STOPPED = Symbol("stopped");
const ignore = (): void => {};

/** Start a run; frames go to `sink` until the run ends. */
export function runStream(prepared: PreparedStream, sink: FrameSink, options: StreamRunOptions): StreamRun {
  const { callback, args } = prepared;
  const controller = new AbortController();
  const ctx: EventCallbackContext = { ...prepared.context, signal: controller.signal };
  let generator: StreamGenerator | undefined;
  let stopReason: StopReason | null = null;
  let ended = false;
  let interrupt: (stopped: typeof STOPPED) => void = ignore;
  /**
   * `promise`, or STOPPED as soon as the run stops (a fresh race per wait: no reactions pile up on
   * a shared promise). Its handlers also take a rejection that comes after the stop, when nobody
   * awaits it any more. One wait per yield of every open stream: it allocates as little as it can.
   */
  const unlessStopped = <T>(promise: Promise<T>): Promise<T | typeof STOPPED> =>
    new Promise<T | typeof STOPPED>((resolve, reject) => {
      interrupt = resolve;
      promise.then(resolve, reject);
    });
  // one timer, pushed back by every write (refresh() re-arms it without allocating a new one)
  const pingTimer = setTimeout(() => write(encodePing()), options.pingIntervalMs);
  const write = (chunk: string): void => {
    if (ended) return;
    sink.write(chunk);
    pingTimer.refresh();
  };

  const closeGenerator = (): void => {
    const current = generator;
    generator = undefined;
    if (!current) return;
    try {
      // a queued return() of an async generator settles later; its rejection is the user's finally failing
      Promise.resolve(current.return(undefined)).catch((error: unknown) => options.error(`event callback ${callback.id}: error while closing the generator`, error));
    } catch (error) {
      options.error(`event callback ${callback.id}: error while closing the generator`, error);
    }
  };

  const stop = (reason: StopReason): void => {
    if (ended || stopReason) return;
    stopReason = reason;
    // abort first so that finally blocks already see ctx.signal.aborted
    controller.abort(reason === "timeout" ? new StreamTimeoutError(callback.options.timeout!) : new Error(`event callback run ${reason}`));
    closeGenerator();
    interrupt(STOPPED);
  };

  const sendError = async (error: unknown): Promise<void> => {
    options.error(`event callback ${callback.id} failed`, error);
    let handled = false;
    const onError = callback.options.onError;
    if (onError) {
      try {
        for (const update of updatesOf(await onError(error, ctx))) write(encodeFrame(update.toFrame()));
        handled = true;
      } catch (handlerError) {
        options.error(`event callback ${callback.id}: onError raised an error`, handlerError);
      }
    }
    const message = error instanceof Error ? (options.debug && error.stack ? error.stack : error.message) : String(error);
    write(encodeFrame(["[ERROR]", null, { error: message, handle_error: !handled, reset_props: callback.spec.reset_props ?? [] }]));
  };

  const loop = async (): Promise<void> => {
    try {
      const made: unknown = callback.fn(...args, ctx);
      if (!isGenerator(made)) {
        throw new TypeError(`event callback ${callback.id}: the function must be a generator function (function* or async function*), it returned ${describe(made)}`);
      }
      generator = made;
      for (;;) {
        if (stopReason) break;
        // backpressure: pull the next value only once the client can take more
        if (!sink.ready && (await unlessStopped(sink.writable())) === STOPPED) break;
        if (stopReason || !generator) break;
        const result = await unlessStopped(Promise.resolve(generator.next()));
        if (result === STOPPED || stopReason) break;
        if (result.done) {
          generator = undefined;
          write(encodeDone());
          break;
        }
        const value: unknown = result.value;
        if (value === undefined || value === null) {
          options.warn(`event callback ${callback.id} yielded ${String(value)}; skipped (yield streamProps(...) values)`);
          continue;
        }
        if (!(value instanceof StreamUpdate)) {
          throw new TypeError(`event callback ${callback.id} yielded ${describe(value)}; yield streamProps(...) values`);
        }
        write(encodeFrame(value.toFrame()));
      }
      if (stopReason === "timeout") await sendError(new StreamTimeoutError(callback.options.timeout!));
    } catch (error) {
      // after a stop, errors are the generator reacting to the abort: nobody is listening any more
      if (!stopReason) {
        // a generator that threw is finished already; one that yielded a bad value is closed now
        closeGenerator();
        await sendError(error);
      }
    } finally {
      ended = true;
      clearTimeout(pingTimer);
      clearTimeout(timeoutTimer);
      closeGenerator();
      if (!controller.signal.aborted) controller.abort(new Error("event callback run ended"));
      sink.end();
    }
  };

  const timeoutTimer = callback.options.timeout === undefined ? undefined : setTimeout(() => stop("timeout"), callback.options.timeout);
  sink.onClose(() => stop("closed"));
  const done = loop();
  return { done, cancel: () => stop("cancelled") };
}

function isGenerator(value: unknown): value is StreamGenerator {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as StreamGenerator).next === "function" &&
    typeof (value as StreamGenerator).return === "function"
  );
}

function updatesOf(result: StreamErrorResult): StreamUpdate[] {
  if (result === undefined || result === null) return [];
  const list = Array.isArray(result) ? result : [result];
  return list.filter((item): item is StreamUpdate => {
    if (item === undefined || item === null) return false;
    if (!(item instanceof StreamUpdate)) throw new TypeError(`onError returned ${describe(item)}; return streamProps(...) values`);
    return true;
  });
}
