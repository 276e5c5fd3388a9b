/**
 * The context a callback receives as its last argument (Dash's `ctx`), and the per-run store
 * behind `setProps`: AsyncLocalStorage keeps each run's side updates apart even when many
 * async callbacks interleave.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { parseId, splitPropId, stringifyId } from "../protocol/ids.js";
import type { CallbackArg, CallbackArgOrList, ComponentId, JsonValue, OutputTarget, PropsById, UpdateRequest } from "../protocol/types.js";
import { Component, describe, isPlainObject } from "../dsl/component.js";
import type { Props } from "../dsl/component.js";
import type { Grouping } from "./grouping.js";
import type { CallbackResponse } from "./response.js";
import type { LiveLink } from "./live-link.js";
import { PACED } from "./set-props-pacing.js";
import { targetId } from "./target-id.js";

/** One entry of `ctx.triggered`: the prop that changed and its new value. */
export interface TriggeredProp {
  prop_id: string;
  value: JsonValue | undefined;
}

/** What both kinds of callbacks can read about the call. */
export interface CallbackContextBase {
  /** Id of the component whose change triggered the call (object ids parsed); null on the initial call. */
  readonly triggeredId: ComponentId | null;
  /** Prop whose change triggered the call; null on the initial call. */
  readonly triggeredProp: string | null;
  /** Every changed input with its value; on the initial call Dash's `[{ prop_id: ".", value: null }]`. */
  readonly triggered: readonly TriggeredProp[];
  /** Changed `"id.prop"` → parsed id, as Dash's `ctx.triggered_prop_ids`. */
  readonly triggeredPropIds: Readonly<Record<string, ComponentId>>;
  /** Input values by `"id.prop"` (ALL inputs flattened to their concrete ids). */
  readonly inputs: Readonly<Record<string, JsonValue | undefined>>;
  /** State values by `"id.prop"`. */
  readonly states: Readonly<Record<string, JsonValue | undefined>>;
  /** The inputs as sent: `{id, property, value?}`, a list of them for an ALL input. */
  readonly inputsList: readonly CallbackArgOrList[];
  /** The states as sent. */
  readonly statesList: readonly CallbackArgOrList[];
  /** The output targets as sent (MATCH resolved); empty for no-output callbacks. */
  readonly outputsList: ReadonlyArray<OutputTarget | OutputTarget[]>;
}

/**
 * One Input or State in `ctx.argsGrouping`, as Dash's `callback_context.args_grouping` has it:
 * the dependency as sent, its value (`null` when the request has none, as Dash's `None`), the
 * id as a string and whether its change triggered this call.
 */
export interface ArgsGroupingItem {
  readonly id: ComponentId;
  readonly property: string;
  readonly value: JsonValue | null;
  /** The id stringified as on the wire (object ids: sorted keys, no spaces). */
  readonly str_id: string;
  /** Whether this prop is one of the changed props that triggered the call. */
  readonly triggered: boolean;
}

/**
 * The context of a regular callback.
 *
 * @example
 * ```ts
 * callback(Output("out", "children"), [Input("a", "n_clicks"), Input("b", "n_clicks")], (a, b, ctx: CallbackContext) => {
 *   ctx.setProps("status", { children: `last: ${String(ctx.triggeredId)}` });
 *   return `a=${a} b=${b}`;
 * });
 * ```
 */
export interface CallbackContext extends CallbackContextBase {
  /**
   * Update props of any component (Dash's `set_props`): on a live callback (`ctx.live`) the page
   * gets them at once, before the callback returns; otherwise along with the response. The
   * result settles once the page's downlink can take more: `await` it in a loop that sends many
   * updates, so the callback waits for a slow page instead of queueing without bound (it never
   * rejects; not awaiting is fine for a few updates).
   */
  setProps(id: ComponentId | Component, props: Props): PromiseLike<void>;
  /**
   * Whether this run can stream `setProps` and read the page (Dash's `if ctx.websocket:`): the
   * app is on the multiplexed transport (and not `liveCallbacks: false`) and the request came
   * from its page.
   */
  readonly live: boolean;
  /**
   * The value component `id`'s `prop` has on the page now (Dash's `await ctx.websocket.get_prop`);
   * `undefined` when the page has no such component or prop. Only on a live run (else it
   * throws); rejects with a clear error when the page does not answer within `liveReplyTimeoutMs`.
   *
   * @example
   * ```ts
   * callback(Output("out", "children"), Input("go", "n_clicks"), async (_n, ctx: CallbackContext) => {
   *   const name = ctx.live ? await ctx.getProp("name", "value") : "?";
   *   return `hello ${String(name)}`;
   * });
   * ```
   */
  getProp(id: ComponentId | Component, prop: string): Promise<JsonValue | undefined>;
  /** Every prop component `id` has on the page now, or `undefined` when it is not there (see `getProp`). */
  getProps(id: ComponentId | Component): Promise<Record<string, JsonValue> | undefined>;
  /**
   * Aborts when a persistent callback's page goes away (its tab closed, its downlink expired) or
   * a newer trigger of it replaces it; never aborts for other callbacks.
   */
  readonly signal: AbortSignal;
  /**
   * The Inputs and States in the shape the callback declared them (Dash's `ctx.args_grouping`):
   * an object for `{ name: Input(...) }`, a list for several positional ones, the item itself
   * for one; each leaf an `ArgsGroupingItem` (a list of them for an ALL/ALLSMALLER dependency).
   */
  readonly argsGrouping: Grouping<ArgsGroupingItem | ArgsGroupingItem[]>;
  /**
   * The output targets (`{id, property}`, MATCH resolved) in the shape the outputs were declared
   * (Dash's `ctx.outputs_grouping`): the target itself for one Output, a list or an object for a
   * grouping, `[]` for a callback without outputs.
   */
  readonly outputsGrouping: Grouping<OutputTarget | OutputTarget[]>;
  /**
   * This call's HTTP response (Dash's `callback_context.response`): `setCookie`, `deleteCookie`
   * and `setHeader` add to the headers sent with the answer (a 204 included).
   */
  readonly response: CallbackResponse;
}

/**
 * The context of an event callback.
 *
 * @example
 * ```ts
 * eventCallback(Input("go", "n_clicks"), async function* (_n, ctx: EventCallbackContext) {
 *   await sleep(1000, ctx.signal); // rejects as soon as the run ends
 *   yield streamProps("out", { children: "done" });
 * });
 * ```
 */
export interface EventCallbackContext extends CallbackContextBase {
  /** Aborts when the run ends for any reason: finished, failed, timed out, cancelled or the client left. */
  readonly signal: AbortSignal;
  /**
   * Update props of any component now, as a frame of this run, in order with its yields (the
   * same as `yield streamProps(id, props)`, callable from nested functions). Settles once the
   * transport can take more: `await` it to pace a loop (it never rejects).
   */
  setProps(id: ComponentId | Component, props: Props): PromiseLike<void>;
  /** Whether the run is on the page's downlink (the multiplexed transport), so `getProp` can read the page. */
  readonly live: boolean;
  /** The value a component's prop has on the page now (see `CallbackContext.getProp`); only when `live`. */
  getProp(id: ComponentId | Component, prop: string): Promise<JsonValue | undefined>;
  /** Every prop a component has on the page now, or `undefined` when it is not there; only when `live`. */
  getProps(id: ComponentId | Component): Promise<Record<string, JsonValue> | undefined>;
}

/**
 * The `set_props` updates of one regular-callback run, keyed as Dash keys `sideUpdate`; on a live
 * run (`live`), each goes to the page at once instead — except those made while the callback's
 * synchronous part runs (`whileSync`): a function that returns its value at once has its answer
 * ready at once, so they fold into it, as Dash folds them (a frame each, and for a page holding no
 * downlink a connection and a round trip, would buy nothing). One that returns a promise gets them
 * sent, in order, when it does, and streams the rest.
 */
export class SideUpdates {
  // null-prototype: keys come from ids, and an id such as "__proto__" must stay a plain key
  private readonly byId: PropsById = Object.create(null) as PropsById;
  private count = 0;
  /** Calls folded while the synchronous part ran, in order: the page gets them if the callback goes on asynchronously. */
  private held: Array<[ComponentId, Props]> | null = null;

  constructor(readonly live?: LiveLink) {}

  set(id: ComponentId | Component, props: Props): PromiseLike<void> {
    const target = targetId(id, "setProps(id, props)");
    if (!isPlainObject(props)) throw new TypeError(`setProps(id, props): props must be an object, got ${describe(props)}`);
    if (this.live && !this.held) return this.live.setProps(target, props);
    this.held?.push([target, props]);
    const key = stringifyId(target);
    // later calls for the same id merge over earlier ones, as Dash's set_props does
    this.byId[key] = { ...this.byId[key], ...(props as PropsById[string]) };
    this.count += 1;
    return PACED;
  }

  /**
   * Call the callback's function (`call`): on a live run, what it sets before it returns stays
   * folded when it returns a value (or throws nothing but a value); when it returns a promise or
   * throws, those calls go to the page now, in order, and later ones stream.
   */
  whileSync<T>(call: () => T): T {
    if (!this.live) return call();
    this.held = [];
    let made: T;
    try {
      made = call();
    } catch (error) {
      this.release();
      throw error;
    }
    if (!isThenable(made)) {
      this.held = null;
      return made;
    }
    try {
      this.release();
    } catch (error) {
      // a held value the live link refuses: that error is the callback's; its promise is left to settle unheard
      Promise.resolve(made).then(undefined, () => undefined);
      throw error;
    }
    return made;
  }

  /**
   * The link `ctx.getProp` reads through (undefined when not live): a read sends the calls held so
   * far first, so the page sees them before the question, in the order they were made.
   */
  get readLink(): LiveLink | undefined {
    const live = this.live;
    if (!live) return undefined;
    return {
      setProps: (id, props) => live.setProps(id, props),
      getProps: (id, props) => {
        this.release();
        return live.getProps(id, props);
      },
    };
  }

  private release(): void {
    const held = this.held ?? [];
    this.held = null;
    if (held.length === 0) return;
    for (const key of Object.keys(this.byId)) delete this.byId[key];
    this.count = 0;
    for (const [target, props] of held) void this.live!.setProps(target, props);
  }

  get isEmpty(): boolean {
    return this.count === 0;
  }

  toJSON(): PropsById {
    return this.byId;
  }
}

/** Whether `value` is a promise or another thenable (what an async function or an async generator's `next()` returns). */
export function isThenable<T = unknown>(value: unknown): value is PromiseLike<T> {
  return typeof value === "object" && value !== null && typeof (value as PromiseLike<unknown>).then === "function";
}

/** The side-update store of the regular callback running in the current async context. */
export const currentSideUpdates = new AsyncLocalStorage<SideUpdates>();

/** Build the read-only part of the context from a (validated) update request. */
export function contextFromRequest(body: UpdateRequest): CallbackContextBase {
  const inputs = flatten(body.inputs);
  const states = flatten(body.state ?? []);
  // The initial call: Dash's "nothing triggered" entry (its list is also falsy in Python; test `triggeredId === null` here).
  const triggered = body.changedPropIds.length === 0 ? [{ prop_id: ".", value: null }] : body.changedPropIds.map((propId) => ({ prop_id: propId, value: inputs[propId] }));
  const triggeredPropIds = Object.create(null) as Record<string, ComponentId>;
  for (const propId of body.changedPropIds) triggeredPropIds[propId] = parseId(splitPropId(propId).id);
  const first = body.changedPropIds[0] !== undefined ? splitPropId(body.changedPropIds[0]) : null;
  const outputs = body.outputs === undefined ? [] : Array.isArray(body.outputs) ? body.outputs : [body.outputs];
  return {
    triggeredId: first ? parseId(first.id) : null,
    triggeredProp: first ? first.property : null,
    triggered,
    triggeredPropIds,
    inputs,
    states,
    inputsList: body.inputs,
    statesList: body.state ?? [],
    outputsList: outputs,
  };
}

function flatten(list: readonly CallbackArgOrList[]): Record<string, JsonValue | undefined> {
  // null-prototype: keys are built from request ids, which may be any string
  const out = Object.create(null) as Record<string, JsonValue | undefined>;
  const add = (arg: CallbackArg): void => {
    out[`${stringifyId(arg.id)}.${arg.property}`] = arg.value;
  };
  for (const entry of list) {
    if (Array.isArray(entry)) entry.forEach(add);
    else add(entry);
  }
  return out;
}
