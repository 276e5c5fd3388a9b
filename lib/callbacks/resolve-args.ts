/**
 * Check an update request against the callback it names and pull out the argument values.
 * The schema has already checked the shapes; this checks that each input, state and output
 * is the one the callback declared (ids matched against wildcards), so a request for one
 * callback can never feed another's function with foreign data.
 */
import { idMatches, stringifyId } from "../protocol/ids.js";
import type { CallbackArg, CallbackArgOrList, ComponentId, OutputTarget, UpdateRequest } from "../protocol/types.js";
import type { Dependency } from "../dsl/dependencies.js";

/** A request that does not fit the callback it names: answered with 400. */
export class RequestMismatchError extends Error {
  readonly statusCode = 400;
  constructor(callbackId: string, problem: string) {
    super(`Request does not match callback ${callbackId}: ${problem}`);
    this.name = "RequestMismatchError";
  }
}

/**
 * The values of `deps` from the request's entries, in order (an ALL/ALLSMALLER dependency gives
 * an array). An optional dependency (`allowOptional`) that the request leaves out, or sends
 * without a value, gives `null`, as Dash's `None`.
 */
export function argValues(callbackId: string, deps: readonly Dependency[], entries: readonly CallbackArgOrList[] | undefined, field: "inputs" | "state"): unknown[] {
  return argEntries(callbackId, deps, entries, field).map((entry, index) => entryValue(deps[index], entry));
}

/** The value(s) an entry carries for its dependency: an array for a list entry; absent values `undefined`, or `null` when optional. */
export function entryValue(dep: Dependency, entry: CallbackArgOrList): unknown {
  const absent = dep.allowOptional ? null : undefined;
  const valueOf = (arg: CallbackArg): unknown => (arg.value === undefined ? absent : arg.value);
  return Array.isArray(entry) ? entry.map(valueOf) : valueOf(entry);
}

/**
 * The request's entries for `deps`, in order, each checked against its dependency. The request
 * may leave out the entries of optional dependencies (their components are not in the page):
 * those stand in as `{id, property}` without a value (`[]` for an ALL dependency).
 */
export function argEntries(callbackId: string, deps: readonly Dependency[], entries: readonly CallbackArgOrList[] | undefined, field: "inputs" | "state"): CallbackArgOrList[] {
  const given = entries ?? [];
  const countError = (): RequestMismatchError => {
    const optional = deps.filter((dep) => dep.allowOptional).length;
    const expected = optional === 0 ? `${deps.length}` : `${deps.length - optional} to ${deps.length}`;
    return new RequestMismatchError(callbackId, `expected ${expected} ${field} entr${deps.length === 1 && optional === 0 ? "y" : "ies"}, got ${given.length}`);
  };
  if (given.length > deps.length) throw countError();
  // every entry present: matched by position, so a wrong one is named by its index
  if (given.length === deps.length) return deps.map((dep, index) => checkedEntry(callbackId, dep, given[index], `${field}[${index}]`));
  const matched: CallbackArgOrList[] = [];
  let next = 0;
  for (const dep of deps) {
    const entry = given[next];
    if (entry !== undefined && entryFits(dep, entry)) {
      matched.push(entry);
      next += 1;
    } else if (dep.allowOptional) {
      matched.push(isListDependency(dep) ? [] : { id: dep.id as ComponentId, property: dep.property });
    } else {
      throw countError();
    }
  }
  if (next !== given.length) throw countError();
  return matched;
}

function checkedEntry(callbackId: string, dep: Dependency, entry: CallbackArgOrList, where: string): CallbackArgOrList {
  if (isListDependency(dep)) {
    if (!Array.isArray(entry)) throw new RequestMismatchError(callbackId, `${where} must be a list for ${dep.propId}`);
    entry.forEach((arg, i) => checkArg(callbackId, dep, arg, `${where}[${i}]`));
    return entry;
  }
  if (Array.isArray(entry)) throw new RequestMismatchError(callbackId, `${where} must be one {id, property, value} for ${dep.propId}`);
  checkArg(callbackId, dep, entry, where);
  return entry;
}

function entryFits(dep: Dependency, entry: CallbackArgOrList): boolean {
  const fits = (arg: CallbackArg): boolean => arg.property === dep.property && idMatches(dep.id, arg.id);
  if (isListDependency(dep)) return Array.isArray(entry) && entry.every(fits);
  return !Array.isArray(entry) && fits(entry);
}

/** The output targets in the order of the declared outputs; throws when they do not match. */
export function outputTargets(callbackId: string, outputs: readonly Dependency[], multi: boolean, body: UpdateRequest): Array<OutputTarget | OutputTarget[]> {
  if (outputs.length === 0) {
    if (body.outputs !== undefined && !(Array.isArray(body.outputs) && body.outputs.length === 0)) {
      throw new RequestMismatchError(callbackId, "this callback has no outputs, but the request lists some");
    }
    return [];
  }
  if (body.outputs === undefined) throw new RequestMismatchError(callbackId, "outputs are missing");
  // (one output: `outputs` is that output's target, or its list of targets for ALL)
  const given: OutputTarget | Array<OutputTarget | OutputTarget[]> = multi ? body.outputs : [body.outputs as OutputTarget | OutputTarget[]];
  if (!isTargetList(given) || given.length !== outputs.length) {
    throw new RequestMismatchError(callbackId, `expected ${multi ? `a list of ${outputs.length} outputs` : "one output"}`);
  }
  return outputs.map((dep, index) => {
    const target = given[index];
    const where = `outputs[${index}]`;
    if (isListDependency(dep)) {
      if (!Array.isArray(target)) throw new RequestMismatchError(callbackId, `${where} must be a list for ${dep.propId}`);
      target.forEach((t: OutputTarget, i: number) => checkTarget(callbackId, dep, t, `${where}[${i}]`));
      return target;
    }
    if (Array.isArray(target)) throw new RequestMismatchError(callbackId, `${where} must be one {id, property} for ${dep.propId}`);
    checkTarget(callbackId, dep, target, where);
    return target;
  });
}

function isListDependency(dep: Dependency): boolean {
  return dep.wildcard === "ALL" || dep.wildcard === "ALLSMALLER";
}

function checkArg(callbackId: string, dep: Dependency, arg: CallbackArg, where: string): void {
  checkTarget(callbackId, dep, arg, where);
}

function checkTarget(callbackId: string, dep: Dependency, target: OutputTarget, where: string): void {
  if (target.property !== dep.property || !idMatches(dep.id, target.id)) {
    throw new RequestMismatchError(callbackId, `${where} is ${stringifyId(target.id)}.${target.property}, expected ${dep.propId}`);
  }
}

function isTargetList(value: OutputTarget | Array<OutputTarget | OutputTarget[]>): value is Array<OutputTarget | OutputTarget[]> {
  return Array.isArray(value);
}
