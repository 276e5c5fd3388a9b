import { stringifyId } from "../../lib/protocol/ids.js";
import type { ComponentId, Layout, LayoutNode } from "../../lib/protocol/types.js";
import { forEachNode, nodeId, type Props } from "./layout-nodes.js";

/** What one `update` changed: the props set per component, and the ids of components that appeared. */
export interface StoreChange {
  changed: Array<{ idStr: string; id: ComponentId; props: string[] }>;
  addedIds: Set<string>;
}

/** Runs the listener notifications of one update; the renderer passes ReactDOM.flushSync so one update is one commit. */
export type Batch = (notify: () => void) => void;

/**
 * The layout, held as the tree the server sent plus an index from stringified id
 * (`stringifyId`, object keys sorted) to the component's current node. Components with an id
 * render from the index and subscribe to their own id only, so an update re-renders exactly
 * the components whose props changed.
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
  private readonly nodes = new Map<string, LayoutNode>();
  private readonly loading = new Map<string, string>();
  private readonly listeners = new Map<string, Set<() => void>>();
  private readonly anyListeners = new Set<() => void>();
  private changes = 0;
  private order: Array<{ idStr: string; id: ComponentId }> | null = null;

  constructor(layout: Layout, private readonly batch: Batch) {
    this.root = layout;
    this.index(layout, new Set());
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
    let set = this.listeners.get(idStr);
    if (!set) this.listeners.set(idStr, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(idStr) === set) this.listeners.delete(idStr);
    };
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
      const id = nodeId(node);
      if (id === undefined) return;
      const idStr = stringifyId(id);
      if (this.nodes.has(idStr)) return false;
      this.nodes.set(idStr, node);
      added.add(idStr);
    });
    if (added.size > 0) this.order = null;
    return added;
  }

  /** Drop an adopted subtree from the index again (a temporary `ExternalWrapper` unmounted). */
  release(value: unknown): void {
    if (this.unindex(value)) this.order = null;
  }

  /** Every component with an id, in document order (the order Dash gives ALL/ALLSMALLER inputs). */
  idsInOrder(): Array<{ idStr: string; id: ComponentId }> {
    if (!this.order) {
      const order: Array<{ idStr: string; id: ComponentId }> = [];
      this.walk(this.root, (idStr, id) => order.push({ idStr, id }));
      this.order = order;
    }
    return this.order;
  }

  /**
   * Shallow-merge already resolved props (Patch values applied by the caller) into several
   * components, re-index component subtrees that the new values bring or replace, and notify
   * the affected components in one batch. Unknown ids must be filtered out by the caller.
   */
  update(updates: Array<[string, Props]>): StoreChange {
    const change: StoreChange = { changed: [], addedIds: new Set() };
    const touched = new Set<string>();
    let removed = false;
    for (const [idStr, props] of updates) {
      const node = this.nodes.get(idStr);
      if (!node) continue;
      for (const key of Object.keys(props)) {
        // The old subtree leaves the index before the new one enters, so an id that both hold stays.
        removed = this.unindex(node.props[key]) || removed;
        this.index(props[key], change.addedIds);
      }
      const next: LayoutNode = { ...node, props: { ...node.props, ...props } };
      this.nodes.set(idStr, next);
      touched.add(idStr);
      change.changed.push({ idStr, id: nodeId(next) ?? idStr, props: Object.keys(props) });
    }
    if (removed || change.addedIds.size > 0) this.order = null;
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
      for (const idStr of ids) for (const listener of [...(this.listeners.get(idStr) ?? [])]) listener();
      for (const listener of [...this.anyListeners]) listener();
    });
  }

  private index(value: unknown, added: Set<string>): void {
    forEachNode(value, (node) => {
      const id = nodeId(node);
      if (id === undefined) return;
      const idStr = stringifyId(id);
      this.nodes.set(idStr, node);
      added.add(idStr);
    });
  }

  /** Drop the ids below `value` from the index; true if there were any. */
  private unindex(value: unknown): boolean {
    let any = false;
    // Descendants may have been updated since; their current nodes say what they hold now.
    this.walk(value, (idStr) => {
      any = true;
      this.nodes.delete(idStr);
      this.loading.delete(idStr);
    });
    return any;
  }

  /** Depth-first over the current nodes below `value`, following each id to its current version. */
  private walk(value: unknown, visit: (idStr: string, id: ComponentId) => void): void {
    forEachNode(value, (node) => {
      const id = nodeId(node);
      if (id === undefined) return;
      const idStr = stringifyId(id);
      const current = this.nodes.get(idStr) ?? node;
      visit(idStr, id);
      if (current !== node) {
        for (const key of Object.keys(current.props)) this.walk(current.props[key], visit);
        return false;
      }
    });
  }
}
