import { parseId, stringifyId } from "../../lib/protocol/ids.js";
import type { ComponentId, Layout, LayoutNode } from "../../lib/protocol/types.js";
import { forEachNode, idKeys, idString, isLayoutNode, nodeId, type Props } from "./layout-nodes.js";
import type { PropEdit } from "./prop-edits.js";

/**
 * What one `update` changed: the props set per component, the ids of components that
 * appeared and of those that left (an id replaced by a new node of the same id is in both).
 */
export interface StoreChange {
  changed: Array<{ idStr: string; id: ComponentId; props: string[] }>;
  addedIds: Set<string>;
  removedIds: Set<string>;
}

/** One component's update: resolved props, and for props changed by a Patch, what it took out and put in. */
export type StoreUpdate = [idStr: string, props: Props, edits?: Record<string, PropEdit>];

/** A set of stringified ids to look through: a `Set`, or the store's whole index (`indexedIds`). */
export interface IdSet {
  has(idStr: string): boolean;
  forEach(visit: (idStr: string) => void): void;
}

/** Runs the listener notifications of one update; the renderer passes ReactDOM.flushSync so one update is one commit. */
export type Batch = (notify: () => void) => void;

/**
 * The layout, held as the tree the server sent plus an index from stringified id
 * (`stringifyId`, object keys sorted) to the component's current node. Components with an id
 * render from the index and subscribe to their own id only, so an update re-renders exactly
 * the components whose props changed. The index changes with the update only: the components
 * of a new value join it, those of the value it replaces leave, the rest is not visited.
 *
 * @example
 * ```ts
 * const store = new LayoutStore(layout, (notify) => notify());
 * store.update([["out", { children: "hi" }]]);
 * store.get("out")?.props.children; // "hi"
 * ```
 */
export class LayoutStore {
  readonly root: Layout;
  /** In Dash's order (its `paths`): document order at load; components that arrive later go last. */
  private readonly nodes = new Map<string, LayoutNode>();
  /** Object ids by their key names (`idKeys`), in the same order: what wildcard dependencies search. */
  private readonly byKeys = new Map<string, Map<string, ComponentId>>();
  private readonly loading = new Map<string, string>();
  /** By id: the one listener (most components have one), or a set of them. */
  private readonly listeners = new Map<string, (() => void) | Set<() => void>>();
  private readonly anyListeners = new Set<() => void>();
  private changes = 0;

  constructor(layout: Layout, private readonly batch: Batch) {
    this.root = layout;
    this.index(layout, undefined);
  }

  /** The current node of the component with this (stringified) id. */
  get(idStr: string): LayoutNode | undefined {
    return this.nodes.get(idStr);
  }

  has(idStr: string): boolean {
    return this.nodes.has(idStr);
  }

  /** The name of the prop a running callback is computing for this component, if any. */
  loadingProp(idStr: string): string | undefined {
    return this.loading.get(idStr);
  }

  /** The ids of the components a running callback is computing a prop of. */
  loadingIds(): string[] {
    return [...this.loading.keys()];
  }

  /** Listen for changes of one component (props or loading state); returns the unsubscribe function. */
  subscribe(idStr: string, listener: () => void): () => void {
    this.listen(idStr, listener);
    return () => this.unlisten(idStr, listener);
  }

  /**
   * `subscribe` without making an unsubscribe function, for a view that follows thousands of
   * ids with one listener: `unlisten` with the same id and listener stops it.
   */
  listen(idStr: string, listener: () => void): void {
    const current = this.listeners.get(idStr);
    if (current === undefined) this.listeners.set(idStr, listener);
    else if (typeof current !== "function") current.add(listener);
    else if (current !== listener) this.listeners.set(idStr, new Set([current, listener]));
  }

  unlisten(idStr: string, listener: () => void): void {
    const current = this.listeners.get(idStr);
    if (current === listener) {
      this.listeners.delete(idStr);
    } else if (current !== undefined && typeof current !== "function") {
      current.delete(listener);
      if (current.size === 0) this.listeners.delete(idStr);
    }
  }

  /** Listen for every change of the store (for selectors over the whole state); returns the unsubscribe function. */
  subscribeAll = (listener: () => void): (() => void) => {
    this.anyListeners.add(listener);
    return () => this.anyListeners.delete(listener);
  };

  /** Counts the store's changes: equal versions mean equal state. */
  get version(): number {
    return this.changes;
  }

  /**
   * Index the components of a subtree that is rendered outside the layout tree (a suite's
   * `ExternalWrapper`), so set_props and callbacks reach them. Ids already indexed keep their
   * current node. Returns the ids added.
   */
  adopt(value: unknown): Set<string> {
    const added = new Set<string>();
    forEachNode(value, (node) => {
      const idStr = idString(node);
      if (idStr === undefined) return;
      if (this.nodes.has(idStr)) return false;
      this.put(idStr, node);
      added.add(idStr);
    });
    return added;
  }

  /**
   * A prop's value as the page holds it now: the components inside it (its `children`, say)
   * as they are now, with every prop that users, callbacks and streams changed since they were
   * rendered. What a callback reading the prop as Input or State must get, as in Dash.
   *
   * @example
   * ```ts
   * store.currentProp("filters", "children"); // each row's dropdown with the value the user chose
   * ```
   */
  currentProp(idStr: string, prop: string): unknown {
    const value = this.nodes.get(idStr)?.props[prop];
    return value === null || typeof value !== "object" ? value : this.current(value);
  }

  /** `value` with each component node in it replaced by its current node; unchanged parts keep their identity. */
  private current(value: unknown): unknown {
    if (Array.isArray(value)) {
      let copy: unknown[] | undefined;
      value.forEach((item, i) => {
        const next = this.current(item);
        if (next !== item) (copy ??= value.slice())[i] = next;
      });
      return copy ?? value;
    }
    if (value === null || typeof value !== "object") return value;
    if (isLayoutNode(value)) {
      const id = nodeId(value);
      const stored = id === undefined ? undefined : this.nodes.get(stringifyId(id));
      const base = stored ?? value;
      const props = this.current(base.props) as Props;
      return props === base.props ? base : { ...base, props };
    }
    const record = value as Record<string, unknown>;
    let copy: Record<string, unknown> | undefined;
    for (const key of Object.keys(record)) {
      const next = this.current(record[key]);
      if (next !== record[key]) (copy ??= { ...record })[key] = next;
    }
    return copy ?? record;
  }

  /** Drop an adopted subtree from the index again (a temporary `ExternalWrapper` unmounted). */
  release(value: unknown): void {
    this.unindex(value, new Set());
  }

  /** Every component with an id, in Dash's order, as a view of the index: nothing copied (page load looks through all). */
  readonly indexedIds: IdSet = {
    has: (idStr) => this.nodes.has(idStr),
    forEach: (visit) => this.nodes.forEach((_node, idStr) => visit(idStr)),
  };

  /** Every component with an id, in Dash's order (see `nodes`). */
  ids(): string[] {
    return [...this.nodes.keys()];
  }

  /**
   * The components whose object ids have exactly these key names (`idKeys`), in Dash's order:
   * the only candidates of a wildcard dependency, and the order Dash gives ALL inputs.
   */
  idsWithKeys(keys: string): Iterable<{ idStr: string; id: ComponentId }> {
    const bucket = this.byKeys.get(keys);
    if (!bucket) return [];
    return [...bucket].map(([idStr, id]) => ({ idStr, id }));
  }

  /**
   * Shallow-merge already resolved props (Patch values applied by the caller) into several
   * components, re-index component subtrees that the new values bring or replace, and notify
   * the affected components in one batch. Unknown ids must be filtered out by the caller.
   */
  update(updates: StoreUpdate[]): StoreChange {
    const change: StoreChange = { changed: [], addedIds: new Set(), removedIds: new Set() };
    const touched = new Set<string>();
    for (const [idStr, props, edits] of updates) {
      const node = this.nodes.get(idStr);
      if (!node) continue;
      const keys = Object.keys(props);
      for (const key of keys) {
        const patched = edits?.[key];
        if (patched) {
          // The old subtree leaves the index before the new one enters, so an id that both hold stays.
          for (const [removed, added] of patched) this.reindex(removed, added, change);
        } else {
          this.reindex(node.props[key], props[key], change);
        }
      }
      const next: LayoutNode = { ...node, props: { ...node.props, ...props } };
      // The updated component keeps its place in the index order.
      if (this.nodes.has(idStr)) this.nodes.set(idStr, next);
      touched.add(idStr);
      change.changed.push({ idStr, id: nodeId(next) ?? idStr, props: keys });
    }
    this.notify(touched);
    return change;
  }

  /** Mark components as loading (a running callback computes `prop`) or not. */
  setLoading(entries: Array<[string, string | undefined]>): void {
    const touched = new Set<string>();
    for (const [idStr, prop] of entries) {
      if (prop === undefined ? !this.loading.has(idStr) : this.loading.get(idStr) === prop) continue;
      if (prop === undefined) this.loading.delete(idStr);
      else this.loading.set(idStr, prop);
      touched.add(idStr);
    }
    this.notify(touched);
  }

  private notify(ids: Set<string>): void {
    if (ids.size === 0) return;
    this.changes++;
    this.batch(() => {
      // (a Set may be iterated while listeners come and go: one removed meanwhile is not called)
      for (const idStr of ids) {
        const listeners = this.listeners.get(idStr);
        if (typeof listeners === "function") listeners();
        else if (listeners) for (const listener of listeners) listener();
      }
      for (const listener of [...this.anyListeners]) listener();
    });
  }

  /** One step of a prop's change: the components of `removed` leave the index, then those of `added` join. */
  private reindex(removed: unknown, added: unknown, change: StoreChange): void {
    // text, numbers, booleans, null and undefined hold no components (most updates): nothing to walk
    if (removed !== null && typeof removed === "object") this.unindex(removed, change.removedIds);
    if (added !== null && typeof added === "object") this.index(added, change.addedIds);
  }

  /** Add the ids below `value` to the index (and to `added`, if given: at load the index is all of them). */
  private index(value: unknown, added: Set<string> | undefined): void {
    forEachNode(value, (node) => {
      const idStr = idString(node);
      if (idStr === undefined) return;
      this.put(idStr, node);
      added?.add(idStr);
    });
  }

  /** Drop the ids below `value` from the index, adding them to `removed`. */
  private unindex(value: unknown, removed: Set<string>): void {
    // Descendants may have been updated since; their current nodes say what they hold now.
    this.walk(value, (idStr) => {
      if (!this.nodes.delete(idStr)) return;
      this.loading.delete(idStr);
      const keys = idKeys(parseId(idStr));
      if (keys !== null) this.byKeys.get(keys)?.delete(idStr);
      removed.add(idStr);
    });
  }

  private put(idStr: string, node: LayoutNode): void {
    this.nodes.set(idStr, node);
    const id = parseId(idStr);
    const keys = idKeys(id);
    if (keys === null) return;
    let bucket = this.byKeys.get(keys);
    if (!bucket) this.byKeys.set(keys, (bucket = new Map<string, ComponentId>()));
    bucket.set(idStr, id);
  }

  /** Depth-first over the current nodes below `value`, following each id to its current version. */
  private walk(value: unknown, visit: (idStr: string) => void): void {
    forEachNode(value, (node) => {
      const idStr = idString(node);
      if (idStr === undefined) return;
      const current = this.nodes.get(idStr) ?? node;
      visit(idStr);
      if (current !== node) {
        for (const key of Object.keys(current.props)) this.walk(current.props[key], visit);
        return false;
      }
    });
  }
}
