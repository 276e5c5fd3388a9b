import { stringifyId } from "../lib/protocol/ids.js";
import { applyPatch, isPatchValue } from "../lib/protocol/patch-apply.js";
import type { ComponentId, JsonValue } from "../lib/protocol/types.js";
import { jsonEqual } from "../lib/protocol/json-equal.js";
import { applyPersistence, applyPersistenceToPatch, persistenceOfUpdate, recordEdit } from "./persistence/persistence.js";
import type { Props } from "./store/layout-nodes.js";
import type { LayoutStore, StoreChange, StoreUpdate } from "./store/layout-store.js";
import { recordPatchStep, type PropEdit } from "./store/prop-edits.js";

/** `[id, props]` pairs as callbacks, streams and `set_props` deliver them. Ids may be stringified. */
export type PropUpdates = Array<[ComponentId, Record<string, unknown>]>;

/** What the page wires into the updater (see index.tsx). */
export interface UpdaterHooks {
  /** What to do with the props that changed: the dispatcher requests their listeners. */
  onChange: (change: StoreChange) => void;
  /**
   * Called first by every `apply`: commits the updates queued for later (the
   * `dash_clientside.set_props` calls of the current task), so they land before any update
   * that arrives after them.
   */
  beforeApply: () => void;
  /** Where an update that cannot be applied (a Patch operation that fails) is reported: the debug error display. */
  reportError: (message: string, cause: unknown) => void;
}

/**
 * `set_props` with dash-renderer's semantics, for every source of updates (callback responses,
 * sideUpdates, stream frames, user events, `window.dash_clientside.set_props`): props are
 * shallow-merged, a Patch value is applied to the prop's previous value, an unknown id is
 * skipped with a console warning. All updates of one call land in one store update (one
 * render commit); the change is then handed to the `onChange` hook, which triggers the
 * callbacks listening to the changed props.
 *
 * @example
 * ```ts
 * updater.apply([["out", { children: "hi" }], [{ type: "cell", index: 1 }, { style: { color: "red" } }]]);
 * ```
 */
export class PropUpdater {
  private readonly onChange: UpdaterHooks["onChange"];
  private readonly beforeApply: UpdaterHooks["beforeApply"];
  private readonly reportError: UpdaterHooks["reportError"];

  constructor(
    private readonly store: LayoutStore,
    hooks: Partial<UpdaterHooks> = {},
  ) {
    this.onChange = hooks.onChange ?? (() => {});
    this.beforeApply = hooks.beforeApply ?? (() => {});
    this.reportError = hooks.reportError ?? ((message, cause) => console.error(`dash-events: ${message}`, cause));
  }

  /**
   * `fromComponent`: a user edit reported by the component itself; other updates (callbacks,
   * streams, set_props) may also change persistence settings and bring new children, whose
   * recorded edits are reapplied (Dash's persistence rules; see persistence/persistence.ts).
   */
  apply(updates: PropUpdates, options: { trigger?: boolean; fromComponent?: boolean } = {}): StoreChange {
    this.beforeApply();
    const resolved: StoreUpdate[] = [];
    // Patches of one batch may stack on the same prop: each sees the result of the one before.
    // Holds the props set so far per id (only ids set twice get a merged copy).
    const pending = new Map<string, Props>();
    const fromComponent = options.fromComponent === true;
    for (const [id, props] of updates) {
      const idStr = typeof id === "string" ? id : stringifyId(id);
      const node = this.store.get(idStr);
      if (!node) {
        console.warn(`dash-events: set_props: no component with id ${idStr}; update skipped`);
        continue;
      }
      const before = pending.get(idStr);
      let next: Props = {};
      // only made when a Patch is applied: the store indexes the other values whole
      let edits: Record<string, PropEdit> | undefined;
      for (const key of Object.keys(props)) {
        let value = props[key];
        // Text, numbers, booleans, null: no Patch, no components, no persistence to reapply (most updates).
        if (value === null || typeof value !== "object") {
          next[key] = value as JsonValue;
          continue;
        }
        // New children come with their recorded edits (Dash's persistence); for a Patch, only those it brings.
        if (key === "children" && !fromComponent) value = isPatchValue(value) ? applyPersistenceToPatch(value) : applyPersistence(value);
        if (!isPatchValue(value)) {
          next[key] = value as JsonValue;
          continue;
        }
        const previous = (before && key in before ? before[key] : node.props[key]) as JsonValue | undefined;
        const edit: PropEdit = [];
        try {
          next[key] = applyPatch(previous, value, (step) => recordPatchStep(edit, step));
          (edits ??= {})[key] = edit;
        } catch (error) {
          this.reportError(`could not apply a Patch to ${idStr}.${key}: ${error instanceof Error ? error.message : String(error)}`, error);
        }
      }
      const current = before ? { ...node, props: { ...node.props, ...before } } : node;
      if (fromComponent) {
        // As in Dash, a component reporting values it already has changes nothing.
        for (const key of Object.keys(next)) if (jsonEqual(next[key], current.props[key])) delete next[key];
        if (Object.keys(next).length === 0) continue;
      }
      if (!fromComponent) next = persistenceOfUpdate(current, next);
      recordEdit(current, next);
      // `next` is not changed after this (the store copies it), so it may stand for the id's props
      pending.set(idStr, before ? { ...before, ...next } : next);
      resolved.push(edits ? [idStr, next, edits] : [idStr, next]);
    }
    const change = this.store.update(resolved);
    if (options.trigger !== false) this.onChange(change);
    return change;
  }
}
