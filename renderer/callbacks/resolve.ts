import { idMatches, idMatchesResolved, matchValues, stringifyId } from "../../lib/protocol/ids.js";
import type { ComponentId, DependencyId, IdValue } from "../../lib/protocol/types.js";
import { idKeys } from "../store/layout-nodes.js";
import type { LayoutStore } from "../store/layout-store.js";
import type { CallbackDef, Dep } from "./graph.js";

/** One concrete `(id, property)` a callback reads or writes. `id` has sorted keys, as on the wire. */
export interface Arg {
  id: ComponentId;
  idStr: string;
  property: string;
  /** An optional dependency (`allow_optional`) whose component is absent: its value is `null`. */
  absent?: true;
}

/** A dependency resolved to components: one Arg, or a list for ALL/ALLSMALLER. */
export type ResolvedDep = Arg | Arg[];

/** A callback bound to concrete components (for MATCH callbacks: one set of MATCH values). */
export interface ResolvedCallback {
  callback: CallbackDef;
  match: Record<string, IdValue>;
  outputs: ResolvedDep[];
  inputs: ResolvedDep[];
  state: ResolvedDep[];
}

/** What binding a callback to the current layout gave: the deps that name one component and found none. */
export interface Resolution {
  resolved: ResolvedCallback;
  missingOutputs: Dep[];
  missingInputs: Dep[];
  missingState: Dep[];
}

/** The key that merges repeated requests of the same resolved callback. */
export function resolvedKey(callback: CallbackDef, match: Record<string, IdValue>): string {
  return `${callback.index}|${JSON.stringify(match)}`;
}

/**
 * Bind a callback's dependencies to the components now in the store, saying which
 * single-component deps found nothing (an absent optional dep is no miss: it reads `null`).
 */
export function resolveWithMisses(store: LayoutStore, callback: CallbackDef, match: Record<string, IdValue>): Resolution {
  const missingOutputs: Dep[] = [];
  const missingInputs: Dep[] = [];
  const missingState: Dep[] = [];
  const resolved: ResolvedCallback = {
    callback,
    match,
    outputs: resolveDeps(store, callback.outputs, match, missingOutputs),
    inputs: resolveDeps(store, callback.inputs, match, missingInputs),
    state: resolveDeps(store, callback.state, match, missingState),
  };
  return { resolved, missingOutputs, missingInputs, missingState };
}

/**
 * Bind a callback's dependencies to the components now in the store. Returns null when a
 * dependency that needs exactly one component has none (Dash does not fire such a callback).
 */
export function resolveCallback(store: LayoutStore, callback: CallbackDef, match: Record<string, IdValue>): ResolvedCallback | null {
  const { resolved, missingOutputs, missingInputs, missingState } = resolveWithMisses(store, callback, match);
  return missingOutputs.length + missingInputs.length + missingState.length === 0 ? resolved : null;
}

function resolveDeps(store: LayoutStore, deps: Dep[], match: Record<string, IdValue>, missing: Dep[]): ResolvedDep[] {
  return deps.map((dep) => {
    const found = findArgs(store, dep, match);
    if (isMultiValued(dep)) return found;
    if (found.length > 0) return found[0];
    if (!dep.allowOptional) missing.push(dep);
    const id = (withMatch(dep.id, match) ?? dep.id) as ComponentId;
    return { id, idStr: stringifyId(id), property: dep.property, absent: true };
  });
}

/** The components a dependency stands for under these MATCH values, in the store's (Dash's) order. */
export function findArgs(store: LayoutStore, dep: Dep, match: Record<string, IdValue>): Arg[] {
  // A plain id, or a MATCH pattern whose MATCH values are known, names one component: look it up.
  const exact = dep.wildcards.size === 0 ? dep.id : dep.wildcards.size === 1 && dep.wildcards.has("MATCH") ? withMatch(dep.id, match) : null;
  if (exact !== null) {
    const idStr = stringifyId(exact);
    return store.has(idStr) ? [{ id: exact as ComponentId, idStr, property: dep.property }] : [];
  }
  const found: Arg[] = [];
  for (const { idStr, id } of store.idsWithKeys(idKeys(dep.id) ?? "")) {
    if (idMatchesResolved(dep.id, id, match)) found.push({ id, idStr, property: dep.property });
  }
  return found;
}

/** ALL and ALLSMALLER deps stand for a list of components (Dash's `isMultiValued`). */
export function isMultiValued(dep: Dep): boolean {
  return dep.wildcards.has("ALL") || dep.wildcards.has("ALLSMALLER");
}

/** The id a MATCH pattern stands for under these MATCH values, or null if one of its MATCH keys has no value. */
function withMatch(pattern: DependencyId, match: Record<string, IdValue>): ComponentId | null {
  if (typeof pattern === "string") return pattern;
  const id: Record<string, IdValue> = {};
  for (const key of Object.keys(pattern).sort()) {
    const value = pattern[key];
    if (!Array.isArray(value)) id[key] = value;
    else if (Object.prototype.hasOwnProperty.call(match, key)) id[key] = match[key]!;
    else return null;
  }
  return id;
}

/** Flatten resolved deps to their Args (absent optional ones left out: they name no component). */
export function argsOf(deps: ResolvedDep[]): Arg[] {
  return deps.flatMap((dep) => (Array.isArray(dep) ? dep : dep.absent ? [] : [dep]));
}

/** The MATCH keys of a callback: those of its outputs (Dash requires all outputs to share them), else none. */
function matchKeyDeps(callback: CallbackDef): Dep[] {
  return callback.outputs.filter((dep) => dep.wildcards.has("MATCH"));
}

/**
 * The resolved instances of a callback that a change of `(id, dep)` triggers, as dash-renderer's
 * `getCallbacksByInput` finds them: for a callback whose outputs hold MATCH keys, one instance
 * per output component that the trigger is tied to — equal MATCH values, or for an ALLSMALLER
 * input, outputs of a larger value (so a change of item 1 reaches items 2, 3, … and never
 * item 0); otherwise one instance, keyed by the trigger's own MATCH values.
 */
export function instancesTriggeredBy(store: LayoutStore, callback: CallbackDef, dep: Dep, id: ComponentId): Array<Record<string, IdValue>> {
  const outs = matchKeyDeps(callback);
  if (outs.length === 0) return [matchValues(dep.id, id)];
  const out = outs.find((o) => !isMultiValued(o)) ?? outs[0];
  // A MATCH input on every MATCH key of the output names the instance directly.
  const own = matchValues(dep.id, id);
  if (matchKeysOf(out.id).every((key) => Object.prototype.hasOwnProperty.call(own, key))) return [own];
  const seen = new Map<string, Record<string, IdValue>>();
  for (const candidate of store.idsWithKeys(idKeys(out.id) ?? "")) {
    if (!idMatches(out.id, candidate.id) || !tiedTo(dep.id, id, out.id, candidate.id)) continue;
    const values = matchValues(out.id, candidate.id);
    seen.set(JSON.stringify(values), values);
  }
  return [...seen.values()];
}

function matchKeysOf(pattern: DependencyId): string[] {
  if (typeof pattern === "string") return [];
  return Object.keys(pattern).filter((key) => {
    const value = pattern[key];
    return Array.isArray(value) && value[0] === "MATCH";
  });
}

/**
 * Whether an output component belongs to the instance a trigger fires (dash-renderer's `idMatch`
 * with a reference id): on every key both patterns share, a MATCH input needs the same value,
 * an ALLSMALLER input a smaller one than the output's MATCH value.
 */
function tiedTo(inPattern: DependencyId, inId: ComponentId, outPattern: DependencyId, outId: ComponentId): boolean {
  if (typeof inPattern === "string" || typeof inId === "string" || typeof outPattern === "string" || typeof outId === "string") return true;
  for (const key of Object.keys(outPattern)) {
    const outWanted = outPattern[key];
    if (!Array.isArray(outWanted) || outWanted[0] !== "MATCH" || !Object.prototype.hasOwnProperty.call(inPattern, key)) continue;
    const inWanted = inPattern[key];
    if (!Array.isArray(inWanted) || inWanted[0] === "ALL") continue;
    if (inWanted[0] === "MATCH" && inId[key] !== outId[key]) return false;
    if (inWanted[0] === "ALLSMALLER" && !(inId[key] < outId[key])) return false;
  }
  return true;
}

/**
 * The distinct sets of MATCH values among the given components for a callback's own deps (its
 * outputs, or its inputs when it has no MATCH outputs): each set is one resolved callback.
 * A callback without MATCH has one set, `{}`.
 */
export function matchSets(deps: Dep[], ids: Iterable<{ id: ComponentId }>): Array<Record<string, IdValue>> {
  const withMatchKeys = deps.filter((dep) => dep.wildcards.has("MATCH"));
  if (withMatchKeys.length === 0) return [{}];
  const seen = new Map<string, Record<string, IdValue>>();
  for (const { id } of ids) {
    for (const dep of withMatchKeys) {
      if (!idMatches(dep.id, id)) continue;
      const values = matchValues(dep.id, id);
      seen.set(JSON.stringify(values), values);
    }
  }
  return [...seen.values()];
}
