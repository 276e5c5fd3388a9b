/**
 * Call a regular callback's function through its `apiEndpoint` (Dash's `api_endpoint`): Dash's
 * `register_callback_api_routes` calls the callback's own function, outside any callback context,
 * with the JSON body's keys as keyword arguments (`handler(**data)`) and answers
 * `jsonify(result)`. A TypeScript function has no argument names, so the body
 * follows the callback's signature: an object keyed like the inputs object for a callback with
 * named inputs (`{ a: Input(...) }`), else an array of the positional arguments.
 */
import { stringifyId } from "../protocol/ids.js";
import type { ComponentId } from "../protocol/types.js";
import { describe, isPlainObject } from "../dsl/component.js";
import { PreventUpdate } from "../dsl/no-update.js";
import { contextFromRequest, type CallbackContext } from "./callback-context.js";
import { flattenValue, GroupingMismatchError, mapGrouping, type Grouping } from "./grouping.js";
import { findJsonProblem, jsonProblemMessage } from "./json-check.js";
import { ResponseHeaders } from "./response.js";
import { argsGrouping, callArguments, CallbackError } from "./run-callback.js";
import { RequestMismatchError } from "./resolve-args.js";
import type { RegularCallback } from "./callback-types.js";
import { isDependency, type Dependency } from "../dsl/dependencies.js";

/** What an API call answers: the function's return value as JSON (200), or 204 for PreventUpdate; with `ctx.response`'s headers. */
export type ApiOutcome = ({ status: 200; json: string } | { status: 204 }) & { headers: Array<[string, string]> };

/**
 * Check `body` against the callback's signature (400 when it does not fit), call the function,
 * and return its value as JSON. `setProps` has no page to reach here, so it throws, as Dash's
 * `set_props` outside a callback request does.
 *
 * @example
 * ```ts
 * await runApiCall(registration, { a: 1, b: 2 }); // { status: 200, json: "3", headers: [] }
 * ```
 */
export async function runApiCall(callback: RegularCallback, body: unknown): Promise<ApiOutcome> {
  const values = apiValues(callback, body);
  const headers = new ResponseHeaders();
  const items = callback.deps.map((dep, index) => {
    const id = dep.id as ComponentId;
    return { id, property: dep.property, value: (values[index] ?? null) as never, str_id: stringifyId(id), triggered: false };
  });
  const ctx: CallbackContext = {
    ...contextFromRequest({ output: callback.id, inputs: [], state: [], changedPropIds: [] }),
    setProps: () => {
      throw new Error("setProps() has no page to update when a callback is called through its apiEndpoint");
    },
    live: false,
    signal: new AbortController().signal,
    getProp: () => Promise.reject(new Error("ctx.getProp() has no page to read when a callback is called through its apiEndpoint")),
    getProps: () => Promise.reject(new Error("ctx.getProps() has no page to read when a callback is called through its apiEndpoint")),
    response: headers,
    argsGrouping: argsGrouping(callback.argShape, items),
    outputsGrouping: mapGrouping(callback.outputShape, isDependency, (dep) => ({ id: dep.id as ComponentId, property: dep.property })),
  };
  let value: unknown;
  try {
    value = await callback.fn(...callArguments(callback.argShape, values), ctx);
  } catch (error) {
    if (error instanceof PreventUpdate) return { status: 204, headers: headers.entries() };
    throw new CallbackError(callback.id, error);
  }
  const problem = findJsonProblem(value);
  if (problem) {
    throw new CallbackError(callback.id, jsonProblemMessage(`\`${callback.apiPath ?? callback.id}\``, problem), "returned a value that is not JSON serializable");
  }
  return { status: 200, json: JSON.stringify(value ?? null), headers: headers.entries() };
}

/** The flat Input and State values, in declared order, from the body. */
function apiValues(callback: RegularCallback, body: unknown): unknown[] {
  const shape = callback.argShape;
  const where = callback.apiPath ?? callback.id;
  let grouped: unknown;
  let grouping: Grouping<Dependency>;
  if ("named" in shape) {
    if (!isPlainObject(body)) throw new RequestMismatchError(where, `expected a JSON object with keys ${Object.keys(shape.named).join(", ")}, got ${describe(body)}`);
    // a key whose value is one optional dependency may be left out (null)
    const filled: Record<string, unknown> = { ...body };
    for (const [key, node] of Object.entries(shape.named)) {
      if (!(key in filled) && isOptionalLeaf(node)) filled[key] = null;
    }
    grouped = filled;
    grouping = shape.named;
  } else {
    const count = shape.positional.length;
    if (!Array.isArray(body)) throw new RequestMismatchError(where, `expected a JSON array of ${count} argument${count === 1 ? "" : "s"}, got ${describe(body)}`);
    const filled: unknown[] = [...(body as unknown[])];
    while (filled.length < count && isOptionalLeaf(shape.positional[filled.length])) filled.push(null);
    grouped = filled;
    grouping = shape.positional;
  }
  try {
    return flattenValue(grouped, grouping, isDependency);
  } catch (error) {
    if (error instanceof GroupingMismatchError) throw new RequestMismatchError(where, error.message.replace(/^expected/, "the body must be"));
    throw error;
  }
}

function isOptionalLeaf(node: Grouping<Dependency>): boolean {
  return isDependency(node) && node.allowOptional;
}
