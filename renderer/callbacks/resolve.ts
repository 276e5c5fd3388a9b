import { parseId, stringifyId } from "../../lib/protocol/ids.js";
import type { ComponentId, DependencyId, IdValue } from "../../lib/protocol/types.js";
import { idKeys } from "../store/layout-nodes.js";
import type { LayoutStore } from "../store/layout-store.js";
import { idMatches, idMatchesResolved, matchValues } from "../../lib/protocol/ids.js";
import type { CallbackDef, Dep } from "./graph.js";

/** One concrete `(id, property)` a callback reads or writes. `id` has sorted keys, as on the wire. */
export interface Arg {
  id: ComponentId;
  idStr: string;
  property: string;
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

/** The key that merges repeated requests of the same resolved callback. */
export function resolvedKey(callback: CallbackDef, match: Record<string, IdValue>): string {
  return `${callback.index}|${JSON.stringify(match)}`;
}

/**
 * Bind a callback's dependencies to the components now in the store. Returns null when a
 * dependency that needs exactly one component has none (Dash does not fire such a callback).
 */
export function resolveCallback(store: LayoutStore, callback: CallbackDef, match: Record<string, IdValue>): ResolvedCallback | null {
  const outputs = resolveDeps(store, callback.outputs, match);
  const inputs = resolveDeps(store, callback.inputs, match);
  const state = resolveDeps(store, callback.state, match);
  if (!outputs || !inputs || !state) return null;
  return { callback, match, outputs, inputs, state };
}

function resolveDeps(store: LayoutStore, deps: Dep[], match: Record<string, IdValue>): ResolvedDep[] | null {
  const out: ResolvedDep[] = [];
  for (const dep of deps) {
    // A plain id, or a MATCH pattern whose MATCH values are known, names one component: look it up.
    const exact = dep.wildcards.size === 0 ? dep.id : dep.wildcards.size === 1 && dep.wildcards.has("MATCH") ? withMatch(dep.id, match) : null;
    if (exact !== null) {
      const idStr = stringifyId(exact);
      if (!store.has(idStr)) return null;
      out.push({ id: parseId(idStr), idStr, property: dep.property });
      continue;
    }
    const found: Arg[] = [];
    for (const { idStr, id } of store.idsWithKeys(idKeys(dep.id) ?? "")) {
      if (idMatchesResolved(dep.id, id, match)) found.push({ id, idStr, property: dep.property });
    }
    if (dep.wildcards.has("ALL") || dep.wildcards.has("ALLSMALLER")) out.push(found);
    else if (found.length > 0) out.push(found[0]);
    else return null;
  }
  return out;
}

/** The id a MATCH pattern stands for under these MATCH values, or null if one of its MATCH keys has no value. */
function withMatch(pattern: DependencyId, match: Record<string, IdValue>): ComponentId | null {
  if (typeof pattern === "string") return pattern;
  const id: Record<string, IdValue> = {};
  for (const key of Object.keys(pattern)) {
    const value = pattern[key]!;
    if (!Array.isArray(value)) id[key] = value;
    else if (key in match) id[key] = match[key]!;
    else return null;
  }
  return id;
}

/** Flatten resolved deps to their Args. */
export function argsOf(deps: ResolvedDep[]): Arg[] {
  return deps.flatMap((dep) => (Array.isArray(dep) ? dep : [dep]));
}

/**
 * The distinct sets of MATCH values among the given components, for a callback whose deps use
 * MATCH: each set is one resolved callback. A callback without MATCH has one set, `{}`.
 */
export function matchSets(deps: Dep[], ids: Iterable<{ id: ComponentId }>): Array<Record<string, IdValue>> {
  const withMatch = deps.filter((dep) => dep.wildcards.has("MATCH"));
  if (withMatch.length === 0) return [{}];
  const seen = new Map<string, Record<string, IdValue>>();
  for (const { id } of ids) {
    for (const dep of withMatch) {
      if (!idMatches(dep.id, id)) continue;
      const values = matchValues(dep.id, id);
      seen.set(JSON.stringify(values), values);
    }
  }
  return [...seen.values()];
}
