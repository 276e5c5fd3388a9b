/**
 * Build the records of registered callbacks from the arguments of `callback`, `eventCallback`
 * and `clientsideCallback`, with their `/_dash-dependencies` entry and Dash's callback id.
 * Argument errors are thrown here, at registration, so they surface at start-up.
 */
import { createHash } from "node:crypto";
import { multiOutputId } from "../protocol/ids.js";
import type { CallbackSpec, ComponentId, PropsUpdate } from "../protocol/types.js";
import { Component, describe, isPlainObject, toJsonValue } from "../dsl/component.js";
import { Dependency, isDependency } from "../dsl/dependencies.js";
import { ClientsideFunctionRef } from "../dsl/clientside-function.js";
import { flattenGrouping, type Grouping } from "./grouping.js";
import type {
  ArgumentShape,
  CallbackFunction,
  CallbackOptions,
  CancelInput,
  CancelWhileEquals,
  ClientsideCallback,
  ClientsideCallbackOptions,
  PreventInitialCall,
  Dependencies,
  EventCallback,
  EventCallbackFunction,
  EventCallbackOptions,
  RegularCallback,
  ResetProps,
} from "./callback-types.js";

const CLIENTSIDE_NAMESPACE = "_dashprivate_clientside_funcs";

/**
 * Dash's callback id (`create_callback_id`): `"id.prop"` for one output, `"..a.p...b.p.."` for a
 * list of outputs, and the sha256 of the inputs' `"id.prop"` joined with `"."` when there is no
 * output. An `allowDuplicate` output is `"id.prop@<that sha256>"`.
 */
export function callbackId(outputs: readonly Dependency[], multi: boolean, inputs: readonly Dependency[]): string {
  const inputsHash = (): string => createHash("sha256").update(inputs.map((d) => d.propId).join(".")).digest("hex");
  if (outputs.length === 0) return inputsHash();
  const part = (d: Dependency): string => (d.allowDuplicate ? `${d.propId}@${inputsHash()}` : d.propId);
  if (!multi) return part(outputs[0]);
  return multiOutputId(outputs.map(part));
}

/**
 * Dash's `validate_duplicate_output`: a callback with an `allowDuplicate` output must not run on
 * load (the order of several writers would not be the same on every load), unless it says
 * `"initial_duplicate"`, here or app-wide.
 */
export function checkDuplicateOutputs(registration: { outputs: readonly Dependency[]; id: string }, preventInitialCall: PreventInitialCall | undefined, appDefault: PreventInitialCall | undefined): void {
  if (preventInitialCall === "initial_duplicate" || appDefault === "initial_duplicate") return;
  if ((preventInitialCall ?? appDefault) === true) return;
  const duplicate = registration.outputs.find((output) => output.allowDuplicate);
  if (duplicate) {
    throw new Error(
      `Output ${duplicate.propId} has allowDuplicate, which requires preventInitialCall: true (callback ${registration.id}): the order of the calls on load would not be the same every time. To run it on load anyway, set preventInitialCall: "initial_duplicate", or the App's preventInitialCallbacks: "initial_duplicate".`,
    );
  }
}

/**
 * Split `callback`'s arguments: `(outputs, inputs, fn, options?)` or `(outputs, inputs, states, fn, options?)`.
 * Outputs may be one Output or a grouping of them (a list, an object, nested), the shape the
 * function returns. Inputs and States may come in any order and be grouped likewise: an object
 * makes the function get one object argument with the same keys (Dash's `inputs=dict(...)`),
 * anything else positional arguments in the order given. The wire sees flat lists: the Inputs,
 * and the States, each in that order.
 */
export function defineCallback(args: readonly unknown[]): RegularCallback {
  const fnAt = args.findIndex((a) => typeof a === "function");
  if (fnAt !== 2 && fnAt !== 3) {
    throw new TypeError("callback(outputs, inputs, [states,] fn, [options]): expected a function as the 3rd or 4th argument");
  }
  const outputShape = dependencyGrouping(args[0], "output", "callback outputs");
  const multi = !(outputShape instanceof Dependency);
  const outputs = flattenGrouping(outputShape, isDependency);
  const argShape = argumentShape(args[1], fnAt === 3 ? args[2] : undefined);
  const deps = flattenGrouping("named" in argShape ? argShape.named : argShape.positional, isDependency);
  const inputs = deps.filter((d) => d.kind === "input");
  const states = deps.filter((d) => d.kind === "state");
  const options = optionsObject(args[fnAt + 1], "callback") as CallbackOptions;
  // no Inputs (none at all, or only States) is allowed, as in Dash: such a callback runs once, when the page loads
  const id = callbackId(outputs, multi, inputs);
  const spec: CallbackSpec = baseSpec(id, inputs, states, options.preventInitialCall === true, outputs.length === 0);
  if (options.running) spec.running = runningSpec(options.running, "callback");
  const apiPath = options.apiEndpoint === undefined ? undefined : apiEndpointPath(options.apiEndpoint);
  return { kind: "regular", id, outputs, outputShape, multi, deps, argShape, apiPath, inputs, states, fn: args[fnAt] as CallbackFunction, options, spec };
}

// the paths Dash and dash-events serve themselves
const RESERVED_PATH = /^\/(_dash|dash_update_component_sse|assets\/|_dash-events\/)/;

/**
 * An `apiEndpoint` as the route path it is served at: `"/api/add"` and `"api/add"` are both
 * `/api/add`, as Dash's `register_callback_api_routes` makes it (`path if path.startswith("/")
 * else f"/{path}"`, POST only). Plain path segments only.
 */
function apiEndpointPath(endpoint: unknown): string {
  if (typeof endpoint !== "string") throw new TypeError(`callback apiEndpoint: expected a path such as "/api/name", got ${describe(endpoint)}`);
  const path = "/" + endpoint.replace(/^\//, "");
  const segments = path.slice(1).split("/");
  if (segments.some((segment) => !/^[\w.~-]+$/.test(segment) || segment === "." || segment === "..") || RESERVED_PATH.test(path)) {
    throw new TypeError(`callback apiEndpoint: ${JSON.stringify(endpoint)} is not a plain path of its own (letters, digits, "_", "-", "." and "~" between "/"; not under /_dash…, /assets/ or /_dash-events/)`);
  }
  return path;
}

/**
 * The shape the function receives, from the `inputs` and `states` arguments. Dash's rule: when
 * inputs are an object, states must be one too and both are merged into the one keyword
 * argument object; otherwise both are lists of positional arguments, concatenated.
 */
function argumentShape(inputsArg: unknown, statesArg: unknown): ArgumentShape {
  const where = "callback inputs";
  if (isPlainObject(inputsArg)) {
    if (statesArg !== undefined && !isPlainObject(statesArg)) {
      throw new TypeError("callback: when the inputs are an object ({ name: Input(...) }), the states must be an object too");
    }
    const named = dependencyGrouping(inputsArg, "input-or-state", where) as { [key: string]: Grouping<Dependency> };
    const moreNamed = statesArg === undefined ? {} : (dependencyGrouping(statesArg, "input-or-state", "callback states") as { [key: string]: Grouping<Dependency> });
    for (const key of Object.keys(moreNamed)) {
      if (Object.prototype.hasOwnProperty.call(named, key)) throw new TypeError(`callback: the name ${JSON.stringify(key)} is used by both the inputs and the states`);
    }
    return { named: { ...named, ...moreNamed } };
  }
  if (isPlainObject(statesArg)) {
    throw new TypeError("callback: the states may be an object only when the inputs are an object too");
  }
  const positional = (value: unknown, label: string): Array<Grouping<Dependency>> =>
    value === undefined ? [] : Array.isArray(value) ? value.map((item, i) => dependencyGrouping(item, "input-or-state", `${label} item ${i}`)) : [dependencyGrouping(value, "input-or-state", label)];
  return { positional: [...positional(inputsArg, where), ...positional(statesArg, "callback states")] };
}

/**
 * Split `eventCallback`'s arguments: `(...inputsAndStates, fn, options?)`.
 */
export function defineEventCallback(args: readonly unknown[]): EventCallback {
  const fnAt = args.findIndex((a) => typeof a === "function");
  if (fnAt < 0 || args.length > fnAt + 2) {
    throw new TypeError("eventCallback(...inputsAndStates, fn, [options]): expected the generator function after the Inputs and States");
  }
  const deps = args.slice(0, fnAt).flatMap((a) => dependencyList(a, "input-or-state", "eventCallback"));
  const inputs = deps.filter((d) => d.kind === "input");
  const states = deps.filter((d) => d.kind === "state");
  if (inputs.length === 0) {
    throw new TypeError("eventCallback: needs at least one Input, or it could never be triggered");
  }
  const options = optionsObject(args[fnAt + 1], "eventCallback") as EventCallbackOptions;
  if (options.timeout !== undefined && !(typeof options.timeout === "number" && options.timeout > 0)) {
    throw new TypeError(`eventCallback: timeout must be a positive number of ms, got ${describe(options.timeout)}`);
  }
  const id = callbackId([], false, inputs);
  const spec = baseSpec(id, inputs, states, options.preventInitialCall ?? true, true);
  spec.stream = true;
  spec.cancel = cancelSpec(options.cancel);
  spec.reset_props = resetPropsList(options.resetProps);
  if (options.running) spec.running = runningSpec(options.running, "eventCallback");
  return { kind: "event", id, deps, inputs, states, fn: args[fnAt] as EventCallbackFunction, options, spec };
}

/**
 * A clientside callback: `source` is a JavaScript function expression; Dash names it by the
 * sha256 of the source and lists it with `dynamic_creator: false`. Or a `ClientsideFunction`:
 * the app's own JavaScript defines `window.dash_clientside[namespace][functionName]`.
 */
export function defineClientsideCallback(
  source: string | ClientsideFunctionRef,
  outputsArg: Dependencies,
  inputsArg: Dependencies,
  statesArg: Dependencies = [],
  options: ClientsideCallbackOptions = {},
): ClientsideCallback {
  if (!(source instanceof ClientsideFunctionRef) && (typeof source !== "string" || source.trim() === "")) {
    throw new TypeError("clientsideCallback: the first argument must be JavaScript function source, or a ClientsideFunction(namespace, functionName)");
  }
  const multi = Array.isArray(outputsArg);
  const outputs = dependencyList(outputsArg, "output", "clientsideCallback outputs");
  const inputs = dependencyList(inputsArg, "input", "clientsideCallback inputs");
  const states = dependencyList(statesArg, "state", "clientsideCallback states");
  if (inputs.length === 0) throw new TypeError("clientsideCallback: needs at least one Input");
  const id = callbackId(outputs, multi, inputs);
  const spec = baseSpec(id, inputs, states, options.preventInitialCall === true, outputs.length === 0);
  if (source instanceof ClientsideFunctionRef) {
    spec.clientside_function = { namespace: source.namespace, function_name: source.functionName };
    return { kind: "clientside", id, source: undefined, functionName: source.functionName, outputs, inputs, states, options, spec };
  }
  const functionName = createHash("sha256").update(source).digest("hex");
  spec.clientside_function = { namespace: CLIENTSIDE_NAMESPACE, function_name: functionName };
  spec.dynamic_creator = false;
  return { kind: "clientside", id, source, functionName, outputs, inputs, states, options, spec };
}

/** The `/_dash-dependencies` entry, with Dash's fields in Dash's order. */
function baseSpec(id: string, inputs: readonly Dependency[], states: readonly Dependency[], preventInitialCall: boolean, noOutput: boolean): CallbackSpec {
  return {
    output: id,
    inputs: inputs.map((d) => d.toRef()),
    state: states.map((d) => d.toRef()),
    clientside_function: null,
    prevent_initial_call: preventInitialCall,
    background: null,
    dynamic_creator: null,
    no_output: noOutput,
    optional: false,
    hidden: false,
    websocket: false,
    persistent: false,
  };
}

type Expected = "input" | "state" | "output" | "input-or-state";


/** A dependency, or a list or an object of groupings of them, each of the expected kind. */
function dependencyGrouping(value: unknown, expected: Expected, where: string): Grouping<Dependency> {
  if (value instanceof Dependency) return dependencyList(value, expected, where)[0];
  if (Array.isArray(value)) return value.map((item, i) => dependencyGrouping(item, expected, `${where} item ${i}`));
  if (isPlainObject(value)) {
    const out: { [key: string]: Grouping<Dependency> } = {};
    for (const [key, item] of Object.entries(value)) out[key] = dependencyGrouping(item, expected, `${where} ${JSON.stringify(key)}`);
    return out;
  }
  const kinds = expected === "output" ? "an Output" : expected === "input-or-state" ? "an Input or a State" : `an ${expected}`;
  throw new TypeError(`${where}: expected ${kinds}, or a list or an object of them, got ${describe(value)}`);
}

function dependencyList(value: unknown, expected: Expected, where: string): Dependency[] {
  const list = Array.isArray(value) ? (value as unknown[]) : [value];
  return list.map((dep, index) => {
    if (!(dep instanceof Dependency)) {
      throw new TypeError(`${where}: item ${index} must be an Input, State or Output, got ${describe(dep)}`);
    }
    const ok = expected === "input-or-state" ? dep.kind !== "output" : dep.kind === expected;
    if (!ok) {
      const hint = dep.kind === "output" && expected === "input-or-state" ? " (event callbacks have no Outputs: yield streamProps(...) instead)" : "";
      throw new TypeError(`${where}: ${dep.kind} ${dep.propId} given where ${expected.replace(/-/g, " ")} is expected${hint}`);
    }
    return dep;
  });
}

function optionsObject(value: unknown, where: string): object {
  if (value === undefined) return {};
  if (!isPlainObject(value)) throw new TypeError(`${where}: options must be an object, got ${describe(value)}`);
  return value;
}

function runningSpec(running: NonNullable<CallbackOptions["running"]>, where: string): NonNullable<CallbackSpec["running"]> {
  const spec: NonNullable<CallbackSpec["running"]> = { running: {}, runningOff: {} };
  for (const entry of running) {
    const [output, on, off] = entry;
    if (!(output instanceof Dependency) || output.kind !== "output") {
      throw new TypeError(`${where} running: each entry must be [Output, valueWhileRunning, valueAfterwards]`);
    }
    spec.running[output.propId] = toJsonValue(on);
    spec.runningOff[output.propId] = toJsonValue(off);
  }
  return spec;
}

function cancelSpec(cancel: EventCallbackOptions["cancel"]): NonNullable<CallbackSpec["cancel"]> {
  if (cancel === undefined) return [];
  // [Input, value] is one entry unless its second item is itself a cancel entry ([Input, [Input, v]] is a list)
  const isEntry = (c: unknown): boolean => c instanceof Dependency || (Array.isArray(c) && c[0] instanceof Dependency);
  const isPair = (c: unknown): boolean => Array.isArray(c) && c.length === 2 && c[0] instanceof Dependency && !isEntry(c[1]);
  const isWhile = (c: unknown): c is CancelWhileEquals => isPlainObject(c) && "input" in c && "whileEquals" in c;
  const list = (cancel instanceof Dependency || isPair(cancel) || isWhile(cancel) ? [cancel] : cancel) as readonly CancelInput[];
  return list.map((entry) => {
    // The seed's [Input, value] cancels on any change of the input: its value is not compared.
    const [dep, value, hasValue] = entry instanceof Dependency ? [entry, undefined, false] : isWhile(entry) ? [entry.input, entry.whileEquals, true] : [entry[0], undefined, false];
    if (!(dep instanceof Dependency) || dep.kind !== "input") {
      throw new TypeError("eventCallback cancel: expected an Input, [Input, value], { input, whileEquals }, or a list of those");
    }
    return hasValue ? { ...dep.toRef(), value: toJsonValue(value) } : dep.toRef();
  });
}

/** Normalize `resetProps` to `[[id, props], ...]`, the form of the error frame's `reset_props`. */
function resetPropsList(reset: ResetProps | undefined): PropsUpdate[] {
  if (reset === undefined) return [];
  const pairs: ReadonlyArray<readonly [unknown, unknown]> = Array.isArray(reset)
    ? (reset as ReadonlyArray<readonly [unknown, unknown]>)
    : isPlainObject(reset)
      ? Object.entries(reset)
      : [];
  if (!Array.isArray(reset) && !isPlainObject(reset)) {
    throw new TypeError(`eventCallback resetProps: expected {id: props} or [[id, props], ...], got ${describe(reset)}`);
  }
  return pairs.map((pair) => {
    if (!Array.isArray(pair) || pair.length !== 2 || !isPlainObject(pair[1])) {
      throw new TypeError("eventCallback resetProps: each entry must be [id, props] with props an object");
    }
    const target = pair[0] instanceof Component ? pair[0].id : pair[0];
    if (typeof target !== "string" && !isPlainObject(target)) {
      throw new TypeError(`eventCallback resetProps: id must be a string, an object id or a component with an id, got ${describe(pair[0])}`);
    }
    return [target as ComponentId, toJsonValue(pair[1]) as PropsUpdate[1]];
  });
}
