/**
 * Module-level registration, as in Dash's `@callback`: these functions queue the callback until
 * an App builds its server (`app.createServer()` / `app.listen()`) and adopts every queued
 * callback. So an app module can `export default new App(...)` and register its callbacks
 * anywhere in the module (before or after creating the App). Called while a callback runs (Dash
 * apps register callbacks inside callbacks), they register into the app that callback belongs to,
 * at once: the pages and requests that come after see the new callback. Use `app.callback(...)`
 * to register into one App directly, e.g. when a process builds several apps.
 */
import type { ComponentId } from "../protocol/types.js";
import type { Component, Props } from "../dsl/component.js";
import type { Dependency } from "../dsl/dependencies.js";
import { currentSideUpdates } from "./callback-context.js";
import type { ClientsideFunctionRef } from "../dsl/clientside-function.js";
import { defineCallback, defineClientsideCallback, defineEventCallback } from "./definitions.js";
import type {
  CallbackFunction,
  CallbackOptions,
  CallbackParams,
  CallbackReturn,
  ClientsideCallbackOptions,
  Dependencies,
  InputGrouping,
  OutputGrouping,
  EventCallbackFunction,
  EventCallbackOptions,
  EventCallbackParams,
} from "./callback-types.js";
import { queuePending } from "./callback-registry.js";
import { defineBackgroundCallback, type BackgroundCallbackOptions, type SetProgress } from "./background.js";

/** The arguments of `eventCallback`: Inputs and States, the generator function, then options. */
export type EventCallbackArgs<D extends readonly Dependency[]> =
  | [...deps: D, fn: EventCallbackFunction<EventCallbackParams<D>>]
  | [...deps: D, fn: EventCallbackFunction<EventCallbackParams<D>>, options: EventCallbackOptions];

/**
 * Register a regular Dash callback: when an Input changes, `fn` gets the Input values, then the
 * State values, then the context, and returns the output value (or a list, when outputs are a list).
 * `fn` may be async, return `noUpdate` (per output), throw `PreventUpdate`, or call `setProps`.
 * As in Dash's flexible signatures, outputs, inputs and states may be grouped in objects and
 * lists: an object of inputs gives `fn` one object with the same keys, an object of outputs is
 * the shape `fn` returns; Inputs and States may come in any order (the function gets that order).
 *
 * @example
 * ```ts
 * callback(Output("out", "children"), Input("go", "n_clicks"), State("name", "value"),
 *   (n, name) => `Hello ${String(name)}, click ${String(n)}`);
 * callback({ sum: Output("sum", "children"), diff: Output("diff", "children") },
 *   { a: Input("a", "value"), b: State("b", "value") },
 *   ({ a, b }: { a: number; b: number }) => ({ sum: a + b, diff: a - b }),
 *   { apiEndpoint: "/api/sum-diff" });
 * ```
 */
export function callback<const O extends OutputGrouping, const I extends InputGrouping>(
  outputs: O,
  inputs: I,
  fn: CallbackFunction<CallbackParams<I>, CallbackReturn<O>>,
  options?: CallbackOptions,
): void;
export function callback<const O extends OutputGrouping, const I extends InputGrouping, const S extends InputGrouping>(
  outputs: O,
  inputs: I,
  states: S,
  fn: CallbackFunction<CallbackParams<I, S>, CallbackReturn<O>>,
  options?: CallbackOptions,
): void;
export function callback(...args: unknown[]): void {
  queuePending(defineCallback(args));
}

/**
 * Register an event callback: a (sync or async) generator function that yields `streamProps(...)`
 * updates, streamed to the page as they are yielded. It gets the Input and State values in the
 * order given, then the context (whose `signal` aborts when the run ends).
 *
 * @example
 * ```ts
 * eventCallback(Input("go", "n_clicks"), async function* (_n, ctx) {
 *   for (let i = 1; i <= 3; i++) {
 *     yield streamProps("out", { children: `step ${i}` });
 *     await sleep(200, ctx.signal);
 *   }
 * }, { running: [[Output("go", "disabled"), true, false]], resetProps: { out: { children: "stopped" } } });
 * ```
 */
export function eventCallback<const D extends readonly Dependency[]>(...args: EventCallbackArgs<D>): void {
  queuePending(defineEventCallback(args));
}

/**
 * Register a background callback (Dash's `@callback(..., background=True)`), run on the stream
 * transport: `fn(setProgress, ...inputValues, ...stateValues)`; `setProgress` values reach the
 * `progress` outputs at once, the return value the outputs when it ends. Module-level, like
 * `callback`; `app.backgroundCallback` registers into one App.
 *
 * @example
 * ```ts
 * backgroundCallback(Output("out", "children"), [Input("go", "n_clicks")], [], async (setProgress, n) => {
 *   setProgress("half way"); await sleep(500); return `done ${n}`;
 * }, { background: true, progress: Output("status", "children"), progressDefault: "idle" });
 * ```
 */
export function backgroundCallback(
  outputs: Dependency | readonly Dependency[],
  inputs: readonly Dependency[],
  states: readonly Dependency[],
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the user's function types its own values, as with callback()
  fn: (setProgress: SetProgress, ...args: any[]) => unknown,
  options: BackgroundCallbackOptions,
): void {
  queuePending(defineBackgroundCallback(outputs, [...inputs, ...states], fn, options));
}

/**
 * Register a clientside callback: `source` is a JavaScript function expression run by the browser.
 *
 * @example
 * ```ts
 * clientsideCallback("function (n) { return 'clicked ' + n; }", Output("out", "children"), Input("go", "n_clicks"));
 * ```
 */
export function clientsideCallback(source: string | ClientsideFunctionRef, outputs: Dependencies, inputs: Dependencies, states?: Dependencies, options?: ClientsideCallbackOptions): void {
  queuePending(defineClientsideCallback(source, outputs, inputs, states, options));
}

/**
 * Update props of any component from inside a running callback (Dash's `set_props`): a live
 * regular callback's reach the page at once (else they travel in the response's `sideUpdate`), an
 * event or background callback's as frames of its run, in order with its yields. Settles once
 * the page's transport can take more: `await` it in a loop that sends many (see `ctx.setProps`).
 *
 * @example
 * ```ts
 * callback(Output("out", "children"), Input("go", "n_clicks"), async (n) => {
 *   setProps("status", { children: "saved" });
 *   return `clicked ${String(n)}`;
 * });
 * ```
 */
export function setProps(id: ComponentId | Component, props: Props): PromiseLike<void> {
  const side = currentSideUpdates.getStore();
  if (!side) throw new Error("setProps() can only be called while a regular callback runs (or an event or background callback)");
  return side.set(id, props);
}
