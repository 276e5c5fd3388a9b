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
import { errorFrame } from "../protocol/frames.js";
import { DONE_DATA, type UpdateRequest } from "../protocol/types.js";
import { describe, type Props } from "../dsl/component.js";
import { StreamUpdate } from "../dsl/stream-props.js";
import { contextFromRequest, currentSideUpdates, isThenable, SideUpdates, type CallbackContextBase, type EventCallbackContext } from "./callback-context.js";
import { PACED, SetPropsPacer } from "./set-props-pacing.js";
import { streamProps } from "../dsl/stream-props.js";
import type { ComponentId } from "../protocol/types.js";
import { pageReaders, type LiveLink } from "./live-link.js";
import type { EventCallback, StreamErrorResult, StreamGenerator } from "./callback-types.js";
import { argValues, outputTargets } from "./resolve-args.js";
import { keepSleepListener } from "../sleep.js";
import { newErrorId } from "./error-id.js";
import type { FrameSink } from "./frame-sink.js";

export type { FrameSink } from "./frame-sink.js";

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
  /** Largest encoded frame in bytes; a bigger yield ends the run with an error. Default 16 MiB. */
  maxFrameBytes?: number;
  /** How long `onError` may take before the `[ERROR]` frame is sent without it. Default 5000 ms. */
  onErrorTimeoutMs?: number;
  /** The page's downlink, for `ctx.getProp` (a run on the multiplexed transport). */
  live?: LiveLink;
}

/** Default of `StreamRunOptions.maxFrameBytes`. */
export const DEFAULT_MAX_FRAME_BYTES = 16 * 1024 * 1024;
/** Default of `StreamRunOptions.onErrorTimeoutMs`. */
export const DEFAULT_ON_ERROR_TIMEOUT_MS = 5000;

/** A running stream: `done` settles when the run has ended and the sink is closed. */
export interface StreamRun {
  readonly done: Promise<void>;
  /**
   * Read after the run ended: settles once the generator has finished closing, i.e. its
   * `return()` (the user's async `finally` blocks) settled. Never rejects (a failing `finally` is logged).
   */
  readonly closed: Promise<void>;
  /** End the run now: the generator is closed, no more frames are sent. */
  cancel(): void;
  /**
   * End the run now with an `[ERROR]` frame carrying `message` (and the callback's reset_props),
   * e.g. at server shutdown, so the client knows the run did not finish.
   */
  interrupt(message: string): void;
}

/** A request checked against its event callback, with the argument values in declared order. */
export interface PreparedStream {
  readonly callback: EventCallback;
  readonly args: unknown[];
  readonly context: CallbackContextBase;
}

/**
 * An error of the run itself (not of user code) whose message is meant for the client: it goes
 * into the `[ERROR]` frame as it is, debug mode or not. Any other error's message stays in the
 * server log outside debug mode; the frame gets a generic message and the error id.
 */
export class StreamRunError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StreamRunError";
  }
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
export class StreamTimeoutError extends StreamRunError {
  constructor(ms: number) {
    super(`event callback timed out after ${ms} ms`);
    this.name = "StreamTimeoutError";
  }
}

/** The error that ends a run whose frame has `bytes` bytes, over `limit` (`maxFrameBytes`); sinks that measure frames themselves throw it too. */
export function frameTooLarge(callbackId: string, bytes: number, limit: number): StreamRunError {
  return new StreamRunError(`event callback ${callbackId} yielded a frame of ${bytes} bytes, over the limit of ${limit} bytes (the App's maxFrameBytes option); send smaller updates, e.g. a Patch or rowTransaction per chunk`);
}

/** Validate the request against the event callback (throws `RequestMismatchError`, 400) before any byte is streamed. */
export function prepareStream(callback: EventCallback, body: UpdateRequest): PreparedStream {
  outputTargets(callback.id, callback.outputs ?? [], callback.multi ?? false, body);
  const inputValues = argValues(callback.id, callback.inputs, body.inputs, "inputs");
  const stateValues = argValues(callback.id, callback.states, body.state, "state");
  let i = 0;
  let s = 0;
  const args = callback.deps.map((dep) => (dep.kind === "input" ? inputValues[i++] : stateValues[s++]));
  return { callback, args, context: contextFromRequest(body) };
}

type StopReason = "closed" | "timeout" | "cancelled";

/** Values a run takes in a row before it lets the event loop turn. */
const BURST = 64;

// What comes after a value (see Run.continueWith); an async generator's pending result is a promise.
/** The frame was written: take the next value. */
const NEXT = 0;
/** The generator returned. */
const DONE = 1;
/** The sink is full: wait until it can take more. */
const WAIT = 2;
/** The burst is over: let the event loop turn. */
const TURN = 3;
/** An `undefined`/`null` yield was skipped. */
const SKIP = 4;
/** The run stopped or is failing: nothing more. */
const STOP = 5;
type Step = typeof NEXT | typeof DONE | typeof WAIT | typeof TURN | typeof SKIP | typeof STOP | PromiseLike<IteratorResult<unknown, unknown>>;

/** Start a run; frames go to `sink` until the run ends. */
export function runStream(prepared: PreparedStream, sink: FrameSink, options: StreamRunOptions): StreamRun {
  return new Run(prepared, sink, options);
}

/**
 * One run, as a small state machine rather than an async loop: thousands of runs may be open,
 * each waiting on its generator most of the time, and a wait here costs one `then` on the
 * generator's promise. An async loop would also need a promise per wait to race against a
 * stop, alive (and promoted by the GC) for as long as the generator sleeps.
 */
class Run implements StreamRun {
  readonly done: Promise<void>;
  private resolveDone!: () => void;
  private rejectDone!: (error: unknown) => void;
  private readonly callback: EventCallback;
  private readonly controller = new AbortController();
  private readonly ctx: EventCallbackContext;
  private generator: StreamGenerator | undefined;
  private stopReason: StopReason | null = null;
  /** An error is being reported (`onError`, then `[ERROR]`); the run ends after it. */
  private failing = false;
  private ended = false;
  /** Values taken since the run last let the event loop turn. */
  private burst = 0;
  /** A skipped `undefined`/`null` yield has been reported (once per run, not once per value). */
  private warnedSkip = false;
  /** `pull` is taking a plain generator's values; `wroteInLoop`: it wrote a frame meanwhile. */
  private inLoop = false;
  private wroteInLoop = false;
  // one timer, pushed back by every write (refresh() re-arms it without allocating a new one)
  private readonly pingTimer: ReturnType<typeof setTimeout>;
  private readonly timeoutTimer: ReturnType<typeof setTimeout> | undefined;
  /** The generator's `return()`, once called; `closed` waits for it. */
  private closing: Promise<void> | undefined;
  private readonly side: SideUpdates;
  private readonly pacer: SetPropsPacer;

  constructor(
    prepared: PreparedStream,
    private readonly sink: FrameSink,
    private readonly options: StreamRunOptions,
  ) {
    this.callback = prepared.callback;
    this.pacer = new SetPropsPacer(`event callback ${this.callback.id}`);
    // ctx.setProps, and the module-level setProps while the generator runs: frames of this run, in order with its yields
    this.side = new SideUpdates({ setProps: (id, props) => this.sendSetProps(id, props), getProps: () => Promise.reject(new Error("unused")) });
    this.ctx = { ...prepared.context, signal: this.controller.signal, setProps: (id, props) => this.side.set(id, props), ...pageReaders(options.live) };
    // the run's generator sleeps on ctx.signal tick after tick; the run aborts it when it ends
    keepSleepListener(this.controller.signal);
    this.done = new Promise<void>((resolve, reject) => {
      this.resolveDone = resolve;
      this.rejectDone = reject;
    });
    this.pingTimer = setTimeout(sendPing, options.pingIntervalMs, this);
    const timeout = this.callback.options.timeout;
    this.timeoutTimer = timeout === undefined ? undefined : setTimeout(stopOnTimeout, timeout, this);
    sink.onClose(() => this.stop("closed"));
    // the client was gone already: the user's function is not called at all
    if (this.ended) return;
    let made: unknown;
    try {
      made = this.callback.fn(...prepared.args, this.ctx);
    } catch (error) {
      this.fail(error);
      return;
    }
    if (!isGenerator(made)) {
      // an async function's promise: its rejection is reported, not left unhandled (it would end the process)
      if (made instanceof Promise) made.catch((error: unknown) => this.options.error(`event callback ${this.callback.id}: the promise it returned rejected`, error));
      this.fail(new StreamRunError(`event callback ${this.callback.id}: the function must be a generator function (function* or async function*), it returned ${describe(made)}`));
      return;
    }
    this.generator = made;
    this.pull();
  }

  cancel(): void {
    this.stop("cancelled");
  }

  interrupt(message: string): void {
    if (this.ended) return;
    this.write(JSON.stringify(errorFrame(message, true, this.callback.spec.reset_props ?? [])));
    this.stop("cancelled");
  }

  get closed(): Promise<void> {
    return this.closing ?? Promise.resolve();
  }

  /** Send one frame's JSON text (or `[DONE]`). */
  write(frameData: string): void {
    if (this.ended) return;
    this.sink.send(frameData);
    this.wrote();
  }

  /** A frame went out: the ping timer is pushed back (in pull's loop once, when the loop ends: refresh() costs a timer-list insert). */
  private wrote(): void {
    if (this.inLoop) this.wroteInLoop = true;
    else this.pingTimer.refresh();
  }

  ping(): void {
    if (this.ended) return;
    this.sink.ping();
  }

  /**
   * Ask the generator for values while the client can take more (backpressure). A plain
   * generator's values are taken in a loop, inside one side-updates scope, until the burst ends,
   * the sink is full or the run stops: no promise per value. An async generator's next value
   * comes through its promise (`onResult`).
   */
  private readonly pull = (): void => {
    const generator = this.generator;
    if (this.stopReason || this.failing || !generator) return;
    let step: Step;
    try {
      if (!this.sink.ready) step = WAIT;
      else {
        this.inLoop = true;
        try {
          step = currentSideUpdates.run(this.side, this.takeValues, generator);
        } finally {
          this.endLoop();
        }
      }
    } catch (error) {
      // a function* generator that threw, or a value it gave that cannot be sent: reported outside
      // the scope, as before (onError runs in the request's context, not the generator's)
      this.fail(error);
      return;
    }
    this.continueWith(step);
  };

  /**
   * The loop of `pull`, inside the run's side-updates scope, so that `setProps` in the generator
   * lands in order with its yields. Returns what comes next; everything that schedules or ends
   * is done by `continueWith`, outside the scope.
   */
  private readonly takeValues = (generator: StreamGenerator): Step => {
    for (;;) {
      const result = generator.next();
      // an async generator (or an iterator whose next() returns a promise)
      if (isThenable<IteratorResult<unknown, unknown>>(result)) return result;
      const step = this.take(result);
      if (step !== NEXT) return step;
      // a generator that never awaits anything slow: now and then its next value waits for the
      // event loop, or it would hold back timers and I/O (other runs' too)
      if (++this.burst >= BURST) {
        this.burst = 0;
        return TURN;
      }
      if (!this.sink.ready) return WAIT;
    }
  };

  /** An async generator's value. */
  private readonly onResult = (result: IteratorResult<unknown, unknown>): void => {
    let step: Step;
    try {
      step = this.take(result);
    } catch (error) {
      this.fail(error);
      return;
    }
    if (step === NEXT) {
      // one value per microtask: the event loop turns now and then for the same reason as above
      if (++this.burst >= BURST) {
        this.burst = 0;
        step = TURN;
      } else {
        this.pull();
        return;
      }
    }
    this.continueWith(step);
  };

  /** Handle one result: writes a value's frame (NEXT), or says why the loop stops. Throws `StreamRunError` for a value it cannot send. */
  private take(result: IteratorResult<unknown, unknown>): Step {
    if (this.stopReason || this.failing || this.ended) return STOP;
    if (result.done) return DONE;
    const value = result.value;
    if (value === undefined || value === null) {
      if (!this.warnedSkip) {
        this.warnedSkip = true;
        this.options.warn(`event callback ${this.callback.id} yielded ${String(value)}; skipped (yield streamProps(...) values; further skips in this run are not reported)`);
      }
      return SKIP;
    }
    if (!(value instanceof StreamUpdate)) {
      throw new StreamRunError(`event callback ${this.callback.id} yielded ${describe(value)}; yield streamProps(...) values`);
    }
    this.writeUpdate(value);
    return this.stopReason || this.failing || this.ended ? STOP : NEXT;
  }

  private continueWith(step: Step): void {
    if (typeof step !== "number") {
      Promise.resolve(step).then(this.onResult, this.onRejected);
      return;
    }
    if (this.stopReason || this.failing || this.ended) return;
    switch (step) {
      case DONE:
        this.generator = undefined;
        this.write(DONE_DATA);
        this.end();
        return;
      case WAIT:
        this.sink.writable().then(this.pull, this.onRejected);
        return;
      // SKIP: nothing was written, so backpressure cannot pace a generator that only skips: the
      // next pull waits for the event loop, or such a generator would starve the server
      case SKIP:
      case TURN:
        setImmediate(this.pull);
        return;
    }
  }

  /** Leaving `pull`'s loop: the ping timer is pushed back once for the frames it wrote (the loop's clock did not move). */
  private endLoop(): void {
    this.inLoop = false;
    if (this.wroteInLoop) {
      this.wroteInLoop = false;
      if (!this.ended) this.pingTimer.refresh();
    }
  }

  /** `setProps` in the run: a frame now, in order with the yields; settles when the sink can take more. After the run ended, nothing. */
  private sendSetProps(id: ComponentId, props: Record<string, unknown>): PromiseLike<void> {
    if (this.ended || this.stopReason) return PACED;
    this.pacer.check(this.sink);
    this.writeUpdate(streamProps(id, props as Props));
    return this.pacer.paced(this.sink);
  }

  /** Write one update's frame, refusing one larger than `maxFrameBytes` (a `StreamRunError` ends the run). */
  private writeUpdate(update: StreamUpdate): void {
    const limit = this.options.maxFrameBytes ?? DEFAULT_MAX_FRAME_BYTES;
    if (this.sink.sendUpdate) {
      if (this.ended) return;
      this.sink.sendUpdate(update.updates, limit);
      this.wrote();
      return;
    }
    const chunk = update.toFrameJson();
    // a string's length bounds its UTF-8 size from below, and 3× length from above: measure only when it matters
    if (chunk.length * 3 > limit) {
      const bytes = Buffer.byteLength(chunk);
      if (bytes > limit) {
        throw frameTooLarge(this.callback.id, bytes, limit);
      }
    }
    this.write(chunk);
  }

  /** The generator threw. After a stop, that is it reacting to the abort: nobody listens any more. */
  private readonly onRejected = (error: unknown): void => {
    if (this.stopReason || this.failing || this.ended) return;
    this.fail(error);
  };

  stop(reason: StopReason): void {
    if (this.ended || this.stopReason) return;
    this.stopReason = reason;
    // abort first so that finally blocks already see ctx.signal.aborted
    this.controller.abort(reason === "timeout" ? new StreamTimeoutError(this.callback.options.timeout!) : new Error(`event callback run ${reason}`));
    this.closeGenerator();
    // an error being reported is cut short too: an onError that never settles must not hold the
    // run (or the server's close) open; what it sends after this is dropped
    if (reason === "timeout" && !this.failing) this.fail(new StreamTimeoutError(this.callback.options.timeout!));
    else this.end();
  }

  /** Report `error` (`onError` updates, then `[ERROR]`), then end. A generator that threw is finished already; one that yielded a bad value is closed now. */
  private fail(error: unknown): void {
    if (this.failing || this.ended) return;
    this.failing = true;
    this.closeGenerator();
    this.sendError(error).then(
      () => this.end(),
      (reportError: unknown) => this.end({ error: reportError }),
    );
  }

  private async sendError(error: unknown): Promise<void> {
    const { callback, options } = this;
    const errorId = newErrorId();
    options.error(`event callback ${callback.id} failed (error id ${errorId})`, error);
    let handled = false;
    const onError = callback.options.onError;
    if (onError) {
      try {
        const deadlineMs = options.onErrorTimeoutMs ?? DEFAULT_ON_ERROR_TIMEOUT_MS;
        for (const update of updatesOf(await withDeadline(onError(error, this.ctx), deadlineMs, callback.id))) this.writeUpdate(update);
        handled = true;
      } catch (handlerError) {
        options.error(`event callback ${callback.id}: onError raised an error`, handlerError);
      }
    }
    const message = options.debug
      ? error instanceof Error ? error.stack ?? error.message : String(error)
      : error instanceof StreamRunError ? error.message : `event callback ${callback.id} failed (error id ${errorId}; the server log has the details)`;
    this.write(JSON.stringify(errorFrame(message, !handled, callback.spec.reset_props ?? [])));
  }

  private closeGenerator(): void {
    const current = this.generator;
    this.generator = undefined;
    if (!current) return;
    try {
      // a queued return() of an async generator settles later; its rejection is the user's finally failing
      this.closing = Promise.resolve(current.return(undefined)).then(
        () => undefined,
        (error: unknown) => this.options.error(`event callback ${this.callback.id}: error while closing the generator`, error),
      );
    } catch (error) {
      this.options.error(`event callback ${this.callback.id}: error while closing the generator`, error);
    }
  }

  /** Release the run and close the sink; `done` rejects with `failure` (reporting the run's error failed) or with what closing throws. */
  private end(failure: { error: unknown } | null = null): void {
    if (this.ended) return;
    this.ended = true;
    clearTimeout(this.pingTimer);
    clearTimeout(this.timeoutTimer);
    try {
      this.closeGenerator();
      if (!this.controller.signal.aborted) this.controller.abort(new Error("event callback run ended"));
      this.sink.end();
    } catch (error) {
      failure ??= { error };
    }
    if (failure) this.rejectDone(failure.error);
    else this.resolveDone();
  }
}

// timer callbacks that take their run as an argument: no closure per run
function sendPing(run: Run): void {
  run.ping();
}

function stopOnTimeout(run: Run): void {
  run.stop("timeout");
}

/** `value`, or a rejection once `ms` pass without it settling: an `onError` that never settles must not hold the run open. */
function withDeadline<T>(value: T | Promise<T>, ms: number, callbackId: string): Promise<T> {
  if (!(value instanceof Promise)) return Promise.resolve(value);
  let timer: ReturnType<typeof setTimeout> | undefined;
  const deadline = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new StreamRunError(`event callback ${callbackId}: onError did not settle within ${ms} ms`)), ms);
  });
  return Promise.race([value, deadline]).finally(() => clearTimeout(timer));
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
