/**
 * Run a regular callback for one `POST /_dash-update-component` and shape the answer exactly as
 * Dash 4.3 does: `{"multi":true,"sideUpdate":{...},"response":{...}}` (sideUpdate first, only when
 * set_props was called), 204 for PreventUpdate and for a no-output callback that sets nothing,
 * and 200 with an empty `response` when every output is noUpdate.
 */
import { stringifyId } from "../protocol/ids.js";
import type { OutputTarget, PropsById, UpdateRequest, UpdateResponse } from "../protocol/types.js";
import { isNoUpdate, noUpdate, PreventUpdate } from "../dsl/no-update.js";
import { describe } from "../dsl/component.js";
import { contextFromRequest, currentSideUpdates, SideUpdates, type CallbackContext } from "./context.js";
import type { RegularCallback } from "./types.js";
import { argValues, outputTargets } from "./resolve-args.js";

/** The answer to send: a JSON body with 200, or an empty 204. */
export type CallbackOutcome = { status: 200; body: UpdateResponse } | { status: 204 };

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

/**
 * Validate the request against the callback (throws `RequestMismatchError`, 400), call it, and
 * build the answer. User errors become `CallbackError` unless `onError` handles them.
 */
export async function runCallback(callback: RegularCallback, body: UpdateRequest): Promise<CallbackOutcome> {
  const targets = outputTargets(callback.id, callback.outputs, callback.multi, body);
  const args = [
    ...argValues(callback.id, callback.inputs, body.inputs, "inputs"),
    ...argValues(callback.id, callback.states, body.state, "state"),
  ];
  const side = new SideUpdates();
  const ctx: CallbackContext = {
    ...contextFromRequest(body),
    setProps: (id, props) => side.set(id, props),
  };
  let value: unknown;
  try {
    value = await currentSideUpdates.run(side, () => callback.fn(...args, ctx));
  } catch (error) {
    if (error instanceof PreventUpdate) return { status: 204 };
    const onError = callback.options.onError;
    if (!onError) throw new CallbackError(callback.id, error);
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
    return { status: 200, body: { multi: true, sideUpdate: side.toJSON(), response: {} } };
  }
  const response = responseProps(callback, targets, value);
  const answer: UpdateResponse = side.isEmpty ? { multi: true, response } : { multi: true, sideUpdate: side.toJSON(), response };
  return { status: 200, body: answer };
}

/** `response`: each output's value under its stringified id, noUpdate values left out. */
function responseProps(callback: RegularCallback, targets: Array<OutputTarget | OutputTarget[]>, value: unknown): PropsById {
  const response = Object.create(null) as PropsById;
  if (isNoUpdate(value)) return response;
  let values: unknown[];
  if (callback.multi) {
    if (!Array.isArray(value) || value.length !== targets.length) {
      throw new CallbackError(callback.id, `expected a list of ${targets.length} values (one per output), got ${describe(value)}`, "returned the wrong number of values");
    }
    values = value;
  } else {
    values = [value];
  }
  targets.forEach((target, index) => {
    const item = values[index];
    if (isNoUpdate(item)) return;
    if (!Array.isArray(target)) {
      set(response, target, item);
      return;
    }
    // an ALL output: one value per matched component
    if (!Array.isArray(item) || item.length !== target.length) {
      throw new CallbackError(callback.id, `expected a list of ${target.length} values for ${callback.outputs[index]!.propId}, got ${describe(item)}`, "returned the wrong number of values");
    }
    target.forEach((t, i) => {
      if (!isNoUpdate(item[i])) set(response, t, item[i]);
    });
  });
  return response;
}

function set(response: PropsById, target: OutputTarget, value: unknown): void {
  const key = stringifyId(target.id);
  response[key] ??= Object.create(null) as PropsById[string];
  // undefined would vanish from the JSON; Dash sends None as null
  response[key]![target.property] = (value === undefined ? null : value) as PropsById[string][string];
}
