/**
 * The types of callback registration: the functions users pass, their options, and the records
 * a registry holds. The parameter types give a callback function's context its type without
 * annotations (`(n, ctx) => ...`), while values stay `unknown` until the author states them.
 */
import type { CallbackSpec, ComponentId } from "../protocol/types.js";
import type { Component } from "../dsl/component.js";
import type { Dependency } from "../dsl/dependencies.js";
import type { StreamUpdate } from "../dsl/stream-props.js";
import type { CallbackContext, EventCallbackContext } from "./context.js";

/** One dependency, or several (a list of outputs makes a multi-output callback, as in Dash). */
export type Dependencies = Dependency | readonly Dependency[];

/**
 * A function type whose parameters are checked bivariantly (a method's rule), so a function that
 * annotates its values (`(n: number) => ...`) is accepted where values are `unknown`, while
 * unannotated parameters still get their types from the context (`ctx`).
 */
type Bivariant<P extends unknown[], R> = { bivarianceHack(...args: P): R }["bivarianceHack"];

/** One `unknown` per dependency, when their number is known from the call site. */
type ValuesOf<D> = D extends Dependency ? [unknown] : D extends readonly Dependency[] ? { -readonly [K in keyof D]: unknown } : never;
type IsFixed<D> = D extends readonly Dependency[] ? (number extends D["length"] ? false : true) : true;

/**
 * The parameters of a regular callback's function: a value per Input, a value per State, then the
 * context. When the dependency lists are not literal (their length is unknown), any parameters.
 */
export type CallbackParams<I, S = readonly []> = [IsFixed<I>, IsFixed<S>] extends [true, true]
  ? [...ValuesOf<I>, ...ValuesOf<S>, CallbackContext]
  : unknown[];

/** The parameters of an event callback's function: a value per Input and State (in order), then the context. */
export type EventCallbackParams<D> = IsFixed<D> extends true ? [...ValuesOf<D>, EventCallbackContext] : unknown[];

/** A regular callback's function: the Input values, then the State values, then the context. */
export type CallbackFunction<P extends unknown[] = unknown[]> = Bivariant<P, unknown>;

/** What an event callback's generator may yield (`null`/`undefined` are skipped with a warning). */
export type StreamYield = StreamUpdate | null | undefined;

/** The generator an event callback function returns; sync or async. */
export type StreamGenerator = Generator<StreamYield, unknown, undefined> | AsyncGenerator<StreamYield, unknown, undefined>;

/** An event callback's function: the Input and State values in the order declared, then the context. */
export type EventCallbackFunction<P extends unknown[] = unknown[]> = Bivariant<P, StreamGenerator>;

/** Options of a regular callback. */
export interface CallbackOptions {
  /** Skip the call Dash makes when the page loads. Default false. */
  preventInitialCall?: boolean;
  /** Props the client sets while the callback runs, and after: `[Output, whileRunning, afterwards]`. */
  running?: ReadonlyArray<readonly [Dependency, unknown, unknown]>;
  /** Called with the error when the function throws; its return value is used as the output value(s). */
  onError?: (error: unknown, ctx: CallbackContext) => unknown;
}

/** A cancel input of an event callback: an Input, or `[Input, value]` (the stream runs only while the input equals value). */
export type CancelInput = Dependency | readonly [Dependency, unknown];

/** Props the client applies when a stream is cancelled or fails: `{id: props}` or `[[id, props], ...]`. */
export type ResetProps = { readonly [id: string]: object } | ReadonlyArray<readonly [ComponentId | Component, object]>;

/** What `onError` of an event callback may return: updates sent before the error frame. */
export type StreamErrorResult = StreamUpdate | ReadonlyArray<StreamUpdate | null | undefined> | null | undefined | void;

/** Options of an event callback. */
export interface EventCallbackOptions {
  /** Skip the initial call at page load. Default true, as in the seed. */
  preventInitialCall?: boolean;
  /** Inputs whose change ends a running stream. */
  cancel?: CancelInput | readonly CancelInput[];
  /** Props the client applies when the run is cancelled or fails. */
  resetProps?: ResetProps;
  /**
   * Props the client sets when the stream starts, and when it ends for any reason (done,
   * cancelled, failed, superseded): `[Output, whileRunning, afterwards]`, as Dash's `running`.
   * The targets also carry `data-dash-is-loading` while the stream runs.
   */
  running?: ReadonlyArray<readonly [Dependency, unknown, unknown]>;
  /** Called when the generator throws (or the run times out); updates it returns are sent before the error frame. */
  onError?: (error: unknown, ctx: EventCallbackContext) => StreamErrorResult | Promise<StreamErrorResult>;
  /** End the run after this many ms. Default: no limit. */
  timeout?: number;
}

/** A regular (server-side) callback. */
export interface RegularCallback {
  readonly kind: "regular";
  readonly id: string;
  readonly outputs: readonly Dependency[];
  /** Whether outputs were given as a list (the function then returns a list). */
  readonly multi: boolean;
  readonly inputs: readonly Dependency[];
  readonly states: readonly Dependency[];
  readonly fn: CallbackFunction;
  readonly options: CallbackOptions;
  readonly spec: CallbackSpec;
}

/** An event callback (a generator whose yields are streamed). */
export interface EventCallback {
  readonly kind: "event";
  readonly id: string;
  /** Inputs and States in the order given; the function gets their values in this order. */
  readonly deps: readonly Dependency[];
  readonly inputs: readonly Dependency[];
  readonly states: readonly Dependency[];
  readonly fn: EventCallbackFunction;
  readonly options: EventCallbackOptions;
  readonly spec: CallbackSpec;
}

/** A clientside callback: JavaScript source run by the browser, listed with its hash as Dash does. */
export interface ClientsideCallback {
  readonly kind: "clientside";
  readonly id: string;
  readonly source: string;
  readonly functionName: string;
  readonly inputs: readonly Dependency[];
  readonly states: readonly Dependency[];
  readonly spec: CallbackSpec;
}

export type Registration = RegularCallback | EventCallback | ClientsideCallback;
