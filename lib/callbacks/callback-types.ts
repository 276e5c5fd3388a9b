/**
 * The types of callback registration: the functions users pass, their options, and the records
 * a registry holds. The parameter types give a callback function's context its type without
 * annotations (`(n, ctx) => ...`), while values stay `unknown` until the author states them.
 */
import type { CallbackSpec, ComponentId } from "../protocol/types.js";
import type { Component } from "../dsl/component.js";
import type { Dependency } from "../dsl/dependencies.js";
import type { StreamUpdate } from "../dsl/stream-props.js";
import type { NoUpdate, NoUpdateJson } from "../dsl/no-update.js";
import type { CallbackContext, EventCallbackContext } from "./callback-context.js";
import type { Grouping } from "./grouping.js";
import type { McpCallbackOptions } from "../mcp/mcp-options.js";

/** One dependency, or several (a list of outputs makes a multi-output callback, as in Dash). */
export type Dependencies = Dependency | readonly Dependency[];

/**
 * A function type whose parameters are checked bivariantly (a method's rule), so a function that
 * annotates its values (`(n: number) => ...`) is accepted where values are `unknown`, while
 * unannotated parameters still get their types from the context (`ctx`).
 */
type Bivariant<P extends unknown[], R> = { bivarianceHack(...args: P): R }["bivarianceHack"];

/**
 * Outputs: one Output, or a list or an object of groupings of Outputs (the shape the function
 * returns). The type says only the top level (nested items are checked at registration): a
 * recursive type here would make TypeScript expand the function's parameter types forever.
 */
export type OutputGrouping = Dependency | readonly unknown[] | { readonly [key: string]: unknown };

/** Inputs and States: one, or a list or an object of groupings of them (the shape the function receives); see `OutputGrouping`. */
export type InputGrouping = Dependency | readonly unknown[] | { readonly [key: string]: unknown };

/** The value a grouping gives: `unknown` per dependency, in the grouping's shape. */
export type GroupingValue<G> = G extends Dependency ? unknown : { -readonly [K in keyof G]: GroupingValue<G[K]> };

/** One argument per item (a grouping's value for a grouped item), when their number is known from the call site. */
type ValuesOf<D> = D extends Dependency ? [unknown] : D extends readonly unknown[] ? { -readonly [K in keyof D]: GroupingValue<D[K]> } : never;
type IsFixed<D> = D extends readonly unknown[] ? (number extends D["length"] ? false : true) : true;
type IsPositional<D> = D extends Dependency | readonly unknown[] ? true : false;

/**
 * The parameters of a regular callback's function: a value per Input and State item, then the
 * context; or, when the inputs are an object (`{ name: Input(...) }`), one object with the
 * inputs' and states' keys, then the context. When the dependency lists are not literal (their
 * length is unknown), any parameters.
 */
export type CallbackParams<I, S = readonly []> = [IsPositional<I>, IsPositional<S>] extends [true, true]
  ? [IsFixed<I>, IsFixed<S>] extends [true, true]
    ? [...ValuesOf<I>, ...ValuesOf<S>, CallbackContext]
    : unknown[]
  : IsPositional<I> extends false
    ? [values: NamedValues<I, S>, ctx: CallbackContext]
    : unknown[];

/** The one object a callback with named inputs gets: the inputs' keys and the states' keys. */
type NamedValues<I, S> = {
  -readonly [K in keyof I | keyof NamedStates<S>]: K extends keyof I ? GroupingValue<I[K]> : K extends keyof NamedStates<S> ? GroupingValue<NamedStates<S>[K]> : never;
};
type NamedStates<S> = S extends Dependency | readonly unknown[] ? Record<never, never> : S;

/**
 * What a regular callback's function returns for these outputs: for an object of outputs, an
 * object with the same keys (or `noUpdate`), possibly through a Promise; else anything (a value,
 * a list of values, `noUpdate`).
 */
export type CallbackReturn<O> = O extends Dependency | readonly unknown[] ? unknown : ObjectReturn<O> | Promise<ObjectReturn<O>>;
type ObjectReturn<O> = { -readonly [K in keyof O]: O[K] extends Dependency | readonly unknown[] ? unknown : ObjectReturn<O[K]> } | NoUpdate | NoUpdateJson;

/** The parameters of an event callback's function: a value per Input and State (in order), then the context. */
export type EventCallbackParams<D> = IsFixed<D> extends true ? [...ValuesOf<D>, EventCallbackContext] : unknown[];

/** A regular callback's function: the Input and State values (or one object of them), then the context. */
export type CallbackFunction<P extends unknown[] = unknown[], R = unknown> = Bivariant<P, R>;

/** What an event callback's generator may yield (`null`/`undefined` are skipped with a warning). */
export type StreamYield = StreamUpdate | null | undefined;

/** The generator an event callback function returns; sync or async. */
export type StreamGenerator = Generator<StreamYield, unknown, undefined> | AsyncGenerator<StreamYield, unknown, undefined>;

/** An event callback's function: the Input and State values in the order declared, then the context. */
export type EventCallbackFunction<P extends unknown[] = unknown[]> = Bivariant<P, StreamGenerator>;

/**
 * Dash's `prevent_initial_call`: `true` skips the call Dash makes when the page loads;
 * `"initial_duplicate"` runs it, and allows `allowDuplicate` outputs to (Dash's rule otherwise
 * wants such callbacks not to run on load).
 */
export type PreventInitialCall = boolean | "initial_duplicate";

/** Options of a clientside callback. */
export interface ClientsideCallbackOptions {
  /** See `CallbackOptions.preventInitialCall`. Default: the App's `preventInitialCallbacks`, else false. */
  preventInitialCall?: PreventInitialCall;
}

/** Options of a regular callback. */
export interface CallbackOptions {
  /** Skip the call Dash makes when the page loads. Default: the App's `preventInitialCallbacks`, else false. */
  preventInitialCall?: PreventInitialCall;
  /** Props the client sets while the callback runs, and after: `[Output, whileRunning, afterwards]`. */
  running?: ReadonlyArray<readonly [Dependency, unknown, unknown]>;
  /** Called with the error when the function throws; its return value is used as the output value(s). */
  onError?: (error: unknown, ctx: CallbackContext) => unknown;
  /**
   * Also serve the function as an HTTP API (Dash's `api_endpoint`): `POST <path>` with a JSON body
   * (an object keyed like the inputs object, or an array of the positional arguments) calls it and
   * answers with its return value as JSON. E.g. `"/api/add"`; set up when the server is built.
   *
   * @example
   * ```ts
   * callback(Output("sum", "children"), { a: Input("a", "value"), b: Input("b", "value") },
   *   ({ a, b }: { a: number; b: number }) => a + b, { apiEndpoint: "/api/add" });
   * // POST /api/add {"a": 2, "b": 3} → 5
   * ```
   */
  apiEndpoint?: string;
  /**
   * How the callback appears as a tool of the app's MCP endpoint (`App({ mcp: true })`): `false`
   * leaves it out; `{ name, description }` names and describes it. Default: a tool named after
   * the function.
   *
   * @example
   * ```ts
   * callback(Output("out", "children"), Input("q", "value"), search, { mcp: { name: "search", description: "Full-text search" } });
   * ```
   */
  mcp?: false | McpCallbackOptions;
  /**
   * A persistent callback (Dash's `persistent=True` WebSocket callbacks; needs the App's
   * `liveCallbacks`): it may run for the life of the page, pushing with `ctx.setProps`; its POST
   * is answered at once, so it holds no connection and delays no other callback. `ctx.signal`
   * aborts when the page goes away (tab closed, downlink expired) or a newer trigger of it in the
   * same tab replaces it; its `finally` blocks then run. Without a downlink the request gets 400.
   *
   * @example
   * ```ts
   * callback([], Input("clock", "id"), async (_id: unknown, ctx: CallbackContext) => {
   *   while (!ctx.signal.aborted) {
   *     ctx.setProps("clock", { children: new Date().toISOString() });
   *     await sleep(1000, ctx.signal);
   *   }
   * }, { persistent: true });
   * ```
   */
  persistent?: boolean;
}

/**
 * A cancel input of an event callback. Any change of the Input ends a running stream. The seed's
 * `[Input, value]` form means the same: as in `dash-event-callback`, the value is not compared
 * (a Reset button's second click still cancels; any change of a Tabs value cancels). For a stream
 * that may run only while an input holds one value, say so: `{ input, whileEquals: value }` ends
 * it when the input changes to anything else.
 *
 * @example
 * ```ts
 * eventCallback(Input("go", "n_clicks"), gen, { cancel: [Input("stop", "n_clicks"), [Input("tabs", "value"), "pipeline"]] });
 * eventCallback(Input("live", "checked"), gen, { cancel: { input: Input("live", "checked"), whileEquals: true } });
 * ```
 */
export type CancelInput = Dependency | readonly [Dependency, unknown] | CancelWhileEquals;

/** A conditional cancel: the stream runs only while `input` equals `whileEquals`; a change to another value ends it. */
export interface CancelWhileEquals {
  readonly input: Dependency;
  readonly whileEquals: unknown;
}

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
  /** How the callback appears as a streaming tool of the app's MCP endpoint; `false` leaves it out (see `CallbackOptions.mcp`). */
  mcp?: false | McpCallbackOptions;
}

/**
 * What a regular callback's function receives: one object whose keys are those of the inputs
 * (and states) object (`named`), or one argument per item of the inputs and states (`positional`);
 * either way each value has the shape of its grouping.
 */
export type ArgumentShape =
  | { readonly named: { readonly [key: string]: Grouping<Dependency> } }
  | { readonly positional: ReadonlyArray<Grouping<Dependency>> };

/** A regular (server-side) callback. */
export interface RegularCallback {
  readonly kind: "regular";
  readonly id: string;
  /** The outputs, flat, in the order of the wire's `outputs`. */
  readonly outputs: readonly Dependency[];
  /** The outputs as given: one Output, or a list or an object of them (the shape the function returns). */
  readonly outputShape: Grouping<Dependency>;
  /** Whether outputs were given as a grouping rather than one Output (Dash's `multi`). */
  readonly multi: boolean;
  /** Inputs and States, flat, in the order given. */
  readonly deps: readonly Dependency[];
  /** How the function receives their values. */
  readonly argShape: ArgumentShape;
  /** The `apiEndpoint` path, normalized to start with one `/`; undefined when not served as an API. */
  readonly apiPath: string | undefined;
  /** The Inputs (the wire's `inputs`), in the order given. */
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
  /** A background callback's outputs (and whether they are a list), which its requests name; none for event callbacks. */
  readonly outputs?: readonly Dependency[];
  readonly multi?: boolean;
  readonly options: EventCallbackOptions;
  readonly spec: CallbackSpec;
}

/** A clientside callback: JavaScript source run by the browser, listed with its hash as Dash does. */
export interface ClientsideCallback {
  readonly kind: "clientside";
  readonly id: string;
  /** The inline function's source; undefined for a `ClientsideFunction` (the app's JavaScript defines it). */
  readonly source: string | undefined;
  readonly functionName: string;
  readonly outputs: readonly Dependency[];
  readonly inputs: readonly Dependency[];
  readonly states: readonly Dependency[];
  readonly options: ClientsideCallbackOptions;
  readonly spec: CallbackSpec;
}

export type Registration = RegularCallback | EventCallback | ClientsideCallback;
