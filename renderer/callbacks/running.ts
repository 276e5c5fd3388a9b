import { idMatchesResolved, parseId, splitPropId } from "../../lib/protocol/ids.js";
import type { DependencyId, IdValue, RunningSpec } from "../../lib/protocol/types.js";
import { idKeys } from "../store/layout-nodes.js";
import type { PropUpdater } from "../set-props.js";
import type { LayoutStore } from "../store/layout-store.js";

/**
 * Dash's `running` option, for regular and event callbacks alike: set `running` props when a
 * run starts and `runningOff` props when it ends. Like Dash, these are display state: they do
 * not trigger callbacks, and components no longer on the page are skipped silently.
 *
 * @example
 * ```ts
 * applyRunning(store, updater, callback.spec.running, true); // e.g. the start button disabled
 * ```
 */
export function applyRunning(store: LayoutStore, updater: PropUpdater, running: RunningSpec | undefined, on: boolean, match: Record<string, IdValue> = {}): void {
  if (!running) return;
  const values = on ? running.running : running.runningOff;
  const updates: Array<[string, Record<string, unknown>]> = [];
  for (const key of Object.keys(values)) {
    const { id, property } = splitPropId(key);
    for (const idStr of targetsOf(store, id, match)) updates.push([idStr, { [property]: values[key] }]);
  }
  updater.apply(updates, { trigger: false });
}

/**
 * The components a `running` target names: a plain id, or a pattern resolved like the
 * callback's outputs (MATCH to the running instance's values, ALL to every match).
 */
function targetsOf(store: LayoutStore, idStr: string, match: Record<string, IdValue>): string[] {
  if (!idStr.startsWith("{")) return store.has(idStr) ? [idStr] : [];
  const pattern = parseId(idStr) as DependencyId;
  if (typeof pattern === "string") return [];
  const found: string[] = [];
  for (const candidate of store.idsWithKeys(idKeys(pattern) ?? "")) {
    if (idMatchesResolved(pattern, candidate.id, match)) found.push(candidate.idStr);
  }
  return found;
}

/** The `[idStr, prop]`s a `running` option sets: an event callback has no outputs, so these carry its loading state. */
export function runningTargets(running: RunningSpec | undefined): Array<[string, string]> {
  return Object.keys(running?.running ?? {}).map((key) => {
    const { id, property } = splitPropId(key);
    return [id, property];
  });
}
