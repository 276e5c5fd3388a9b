import { useRef, useSyncExternalStore } from "react";
import type { LayoutStore } from "../store/layout-store.js";
import { stringifyId } from "../../lib/protocol/ids.js";
import { isLayoutNode, nodeId } from "../store/layout-nodes.js";
import { pathsById } from "./layout-paths.js";
import { isPlainObject } from "../../lib/protocol/plain-object.js";
import { loadingEntries, type LoadingEntry } from "./loading.js";

/**
 * The parts of dash-renderer's redux state that components read through `useSelector` /
 * `useStore().getState()`: `layout` (the current tree) and `loading` (by stringified component
 * path, the props being computed — what dcc.Loading watches below itself). Built on demand.
 */
export interface DashState {
  readonly layout: unknown;
  readonly loading: Record<string, LoadingEntry[]>;
}

/** A redux-store look-alike over the layout store, for components that call `useStore()`. */
export interface DashStoreFacade {
  getState: () => DashState;
  subscribe: (listener: () => void) => () => void;
  dispatch: (action: unknown) => unknown;
}

const snapshots = new WeakMap<LayoutStore, { version: number; state: DashState }>();

/** The state of one store version; its fields are computed when first read. */
function dashState(store: LayoutStore): DashState {
  const cached = snapshots.get(store);
  if (cached && cached.version === store.version) return cached.state;
  let layout: unknown;
  let loading: Record<string, LoadingEntry[]> | undefined;
  const state: DashState = {
    get layout() {
      return (layout ??= materialize(store));
    },
    get loading() {
      return (loading ??= loadingByPath(store));
    },
  };
  snapshots.set(store, { version: store.version, state });
  return state;
}

function loadingByPath(store: LayoutStore): Record<string, LoadingEntry[]> {
  const out: Record<string, LoadingEntry[]> = {};
  const loadingIds = store.loadingIds();
  if (loadingIds.length === 0) return out;
  const paths = pathsById(store);
  for (const idStr of loadingIds) {
    const path = paths.get(idStr);
    if (path) out[JSON.stringify(path)] = loadingEntries(store, idStr, path);
  }
  return out;
}

/** The layout tree with every component's current props (what Dash keeps in `state.layout`). */
function materialize(store: LayoutStore): unknown {
  const copy = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(copy);
    // Only plain JSON is copied; a live object a component passed to setProps stays as it is.
    if (!isPlainObject(value)) return value;
    let source = value;
    if (isLayoutNode(value)) {
      const id = nodeId(value);
      if (id !== undefined) source = store.get(stringifyId(id)) ?? value;
    }
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(source)) out[key] = copy(source[key]);
    return out;
  };
  return copy(store.root);
}

/** `useSelector(selector, equalityFn)` over `DashState`: re-renders the caller when the selected value changes. */
export function useDashSelector<T>(store: LayoutStore, selector: (state: DashState) => T, equalityFn: (a: T, b: T) => boolean = Object.is): T {
  const cache = useRef<{ version: number; value: T } | null>(null);
  const getSnapshot = (): T => {
    const version = store.version;
    const last = cache.current;
    if (last && last.version === version) return last.value;
    const next = selector(dashState(store));
    const value = last && equalityFn(last.value, next) ? last.value : next;
    cache.current = { version, value };
    return value;
  };
  return useSyncExternalStore(store.subscribeAll, getSnapshot);
}

const facades = new WeakMap<LayoutStore, DashStoreFacade>();

/** A store facade whose `dispatch` runs thunks (as redux-thunk) and ignores plain actions, which only dash-renderer's reducers know. */
export function storeFacade(store: LayoutStore): DashStoreFacade {
  const existing = facades.get(store);
  if (existing) return existing;
  const facade: DashStoreFacade = {
    getState: () => dashState(store),
    subscribe: store.subscribeAll,
    dispatch: (action) => (typeof action === "function" ? (action as (d: unknown, g: unknown) => unknown)(facade.dispatch, facade.getState) : action),
  };
  facades.set(store, facade);
  return facade;
}
