import { splitPropId } from "../../lib/protocol/ids.js";
import type { IdValue, RunningSpec } from "../../lib/protocol/types.js";
import { parseDep } from "./graph.js";
import { findArgs } from "./resolve.js";
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
    // a pattern target resolves like the callback's outputs: MATCH to the running instance, ALL to every match
    for (const { idStr, property } of findArgs(store, parseDep(splitPropId(key)), match)) updates.push([idStr, { [property]: values[key] }]);
  }
  updater.apply(updates, { trigger: false });
}

/** The `[idStr, prop]`s a `running` option sets: an event callback has no outputs, so these carry its loading state. */
export function runningTargets(running: RunningSpec | undefined): Array<[string, string]> {
  return Object.keys(running?.running ?? {}).map((key) => {
    const { id, property } = splitPropId(key);
    return [id, property];
  });
}
