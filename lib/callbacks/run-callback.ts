/**
 * Run a regular callback for one `POST /_dash-update-component` and shape the answer exactly as
 * Dash 4.3 does: `{"multi":true,"sideUpdate":{...},"response":{...}}` (sideUpdate first, only when
 * set_props was called), 204 for PreventUpdate and for a no-output callback that sets nothing,
 * and 200 with an empty `response` when every output is noUpdate.
 */
import { stringifyId } from "../protocol/ids.js";
import type { CallbackArg, OutputTarget, PropsById, UpdateRequest, UpdateResponse } from "../protocol/types.js";
import { isDependency } from "../dsl/dependencies.js";
import { isNoUpdate, noUpdate, PreventUpdate } from "../dsl/no-update.js";
import { describe } from "../dsl/component.js";
import { contextFromRequest, currentSideUpdates, SideUpdates, type ArgsGroupingItem, type CallbackContext } from "./callback-context.js";
import { pageReaders, type LiveLink } from "./live-link.js";
import type { ArgumentShape, CallbackOptions, RegularCallback } from "./callback-types.js";
import { argEntries, entryValue, outputTargets } from "./resolve-args.js";
import { flattenValue, GroupingMismatchError, mapGrouping, type Grouping } from "./grouping.js";
import { findJsonProblem, jsonProblemMessage } from "./json-check.js";
import { ResponseHeaders } from "./response.js";
import { runningRegistry, type CallbackRegistry } from "./callback-registry.js";

/** The answer to send: a JSON body with 200, or an empty 204; with the headers the callback set (`ctx.response`). */
export type CallbackOutcome = ({ status: 200; body: UpdateResponse } | { status: 204 }) & { headers: Array<[string, string]> };

/** An exception thrown by (or a bad return value of) a user callback: answered with 500. */
export class CallbackError extends Error {
  readonly statusCode = 500;
  /** The callback that failed: outside debug mode the client gets only this and an error id. */
  readonly callbackId: string;
  constructor(callbackId: string, cause: unknown, what = "raised an error") {
    super(`Callback ${callbackId} ${what}: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = "CallbackError";
    this.callbackId = callbackId;
  }
}

/** What the app adds to a run. */
export interface RunCallbackOptions {
  /** The app-wide error handler (Dash's `Dash(on_error=...)`), used when the callback has no `onError` of its own. */
  onError?: CallbackOptions["onError"];
  /** The app's registry: module-level `callback(...)` calls made while the function runs register into it. */
  registry?: CallbackRegistry;
  /** The page's downlink, when the request named one: `setProps` streams, `ctx.getProp` reads the page. */
  live?: LiveLink;
  /** `ctx.signal` (a persistent callback's page went away); default: one that never aborts. */
  signal?: AbortSignal;
}

/**
 * Validate the request against the callback (throws `RequestMismatchError`, 400), call it, and
 * build the answer. User errors become `CallbackError` unless `onError` (the callback's, else the
 * app's) handles them.
 */
export async function runCallback(callback: RegularCallback, body: UpdateRequest, options: RunCallbackOptions = {}): Promise<CallbackOutcome> {
  const headers = new ResponseHeaders();
  const outcome = options.registry ? await runningRegistry.run(options.registry, () => run(callback, body, options, headers)) : await run(callback, body, options, headers);
  return { ...outcome, headers: headers.entries() };
}

async function run(callback: RegularCallback, body: UpdateRequest, options: RunCallbackOptions, headers: ResponseHeaders): Promise<{ status: 200; body: UpdateResponse } | { status: 204 }> {
  const targets = outputTargets(callback.id, callback.outputs, callback.multi, body);
  const inputEntries = argEntries(callback.id, callback.inputs, body.inputs, "inputs");
  const stateEntries = argEntries(callback.id, callback.states, body.state, "state");
  let nextInput = 0;
  let nextState = 0;
  // Inputs and States in the order declared: the order the function gets them
  const entries = callback.deps.map((dep) => (dep.kind === "input" ? inputEntries[nextInput++] : stateEntries[nextState++]));
  const args = callArguments(callback.argShape, entries.map((entry, index) => entryValue(callback.deps[index], entry)));
  const side = new SideUpdates(options.live && liveChecked(callback.id, options.live));
  const changed = new Set(body.changedPropIds);
  const groupingItem = (arg: CallbackArg): ArgsGroupingItem => {
    const strId = stringifyId(arg.id);
    return { id: arg.id, property: arg.property, value: arg.value ?? null, str_id: strId, triggered: changed.has(`${strId}.${arg.property}`) };
  };
  const ctx: CallbackContext = {
    ...contextFromRequest(body),
    setProps: (id, props) => side.set(id, props),
    ...pageReaders(side.readLink),
    signal: options.signal ?? new AbortController().signal,
    response: headers,
    argsGrouping: argsGrouping(callback.argShape, entries.map((entry) => (Array.isArray(entry) ? entry.map(groupingItem) : groupingItem(entry)))),
    outputsGrouping: mapGrouping(callback.outputShape, isDependency, (_output, index) => targets[index]),
  };
  let value: unknown;
  try {
    value = await side.whileSync(() => currentSideUpdates.run(side, () => callback.fn(...args, ctx)));
  } catch (error) {
    if (error instanceof PreventUpdate) return { status: 204 };
    const onError = callback.options.onError ?? options.onError;
    // a live setProps refused its value: that message already names the callback
    if (!onError) throw error instanceof CallbackError && error.callbackId === callback.id ? error : new CallbackError(callback.id, error);
    try {
      value = await currentSideUpdates.run(side, () => onError(error, ctx));
    } catch (handlerError) {
      if (handlerError instanceof PreventUpdate) return { status: 204 };
      throw new CallbackError(callback.id, handlerError, "onError handler raised an error");
    }
    // Dash: a handler that returns nothing leaves the outputs as they are
    if (value === undefined || value === null) value = targets.length > 0 ? noUpdate : undefined;
  }
  if (targets.length === 0) {
    if (value !== undefined && value !== null && !isNoUpdate(value)) {
      throw new CallbackError(callback.id, `got ${describe(value)}`, "has no outputs but returned a value");
    }
    if (side.isEmpty) return { status: 204 };
    checkSideUpdates(callback.id, side);
    return { status: 200, body: { multi: true, sideUpdate: side.toJSON(), response: {} } };
  }
  const response = responseProps(callback, targets, value);
  checkSideUpdates(callback.id, side);
  const answer: UpdateResponse = side.isEmpty ? { multi: true, response } : { multi: true, sideUpdate: side.toJSON(), response };
  return { status: 200, body: answer };
}

/** `response`: each output's value under its stringified id, noUpdate values left out. */
function responseProps(callback: RegularCallback, targets: Array<OutputTarget | OutputTarget[]>, value: unknown): PropsById {
  const response = Object.create(null) as PropsById;
  if (isNoUpdate(value)) return response;
  let values: unknown[];
  try {
    values = callback.multi ? flattenValue(value, callback.outputShape, isDependency) : [value];
  } catch (error) {
    if (!(error instanceof GroupingMismatchError)) throw error;
    throw new CallbackError(callback.id, error.message, error.lengths ? "returned the wrong number of values" : "returned a value of the wrong shape");
  }
  targets.forEach((target, index) => {
    const item = values[index];
    if (isNoUpdate(item)) return;
    if (!Array.isArray(target)) {
      set(callback.id, response, target, item);
      return;
    }
    // an ALL output: one value per matched component
    if (!Array.isArray(item) || item.length !== target.length) {
      throw new CallbackError(callback.id, `expected a list of ${target.length} values for ${callback.outputs[index].propId}, got ${describe(item)}`, "returned the wrong number of values");
    }
    target.forEach((t, i) => {
      if (!isNoUpdate(item[i])) set(callback.id, response, t, item[i]);
    });
  });
  return response;
}

/** Put one output's value in the response; a value JSON cannot carry is the callback's error, as in Dash. */
function set(callbackId: string, response: PropsById, target: OutputTarget, value: unknown): void {
  const key = stringifyId(target.id);
  const problem = findJsonProblem(value);
  if (problem) {
    const message = jsonProblemMessage(`\`<Output \`${key}.${target.property}\`>\``, problem);
    throw new CallbackError(callbackId, message, "returned a value that is not JSON serializable");
  }
  response[key] ??= Object.create(null) as PropsById[string];
  // undefined would vanish from the JSON; Dash sends None as null
  response[key][target.property] = (value === undefined ? null : value) as PropsById[string][string];
}

/** A live link whose `setProps` refuses what JSON cannot carry, as the folded updates are checked. */
function liveChecked(callbackId: string, live: LiveLink): LiveLink {
  return {
    setProps(id, props) {
      const problem = findJsonProblem(props);
      if (problem) {
        throw new CallbackError(callbackId, jsonProblemMessage(`\`setProps(${JSON.stringify(stringifyId(id))})\``, problem), "set a prop to a value that is not JSON serializable");
      }
      return live.setProps(id, props);
    },
    getProps: (id, props) => live.getProps(id, props),
  };
}

/** `setProps` values go through the same check as outputs: a `Set` must not become `{}` on the way. */
function checkSideUpdates(callbackId: string, side: SideUpdates): void {
  for (const [id, props] of Object.entries(side.toJSON())) {
    const problem = findJsonProblem(props);
    if (problem) {
      throw new CallbackError(callbackId, jsonProblemMessage(`\`setProps(${JSON.stringify(id)})\``, problem), "set a prop to a value that is not JSON serializable");
    }
  }
}


/** The function's arguments (before the context): one object for named inputs, else one per positional item. */
export function callArguments(shape: ArgumentShape, values: readonly unknown[]): unknown[] {
  if ("named" in shape) return [mapGrouping(shape.named, isDependency, (_dep, index) => values[index])];
  return mapGrouping(shape.positional, isDependency, (_dep, index) => values[index]) as unknown[];
}

/** Dash's args_grouping: the named object, the one positional item itself, or the list of them. */
export function argsGrouping<T>(shape: ArgumentShape, items: readonly T[]): Grouping<T> {
  const grouping: Grouping<T> = "named" in shape
    ? mapGrouping(shape.named, isDependency, (_dep, index) => items[index])
    : mapGrouping(shape.positional, isDependency, (_dep, index) => items[index]);
  return "positional" in shape && shape.positional.length === 1 ? (grouping as readonly Grouping<T>[])[0] : grouping;
}
