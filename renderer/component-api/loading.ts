import { useCallback, useSyncExternalStore } from "react";
import type { ComponentId } from "../../lib/protocol/types.js";
import { parseId } from "../../lib/protocol/ids.js";
import type { LayoutStore } from "../store/layout-store.js";
import { idStrAtPath, type ComponentPath } from "./layout-paths.js";

/** One prop of a component that a running callback is computing, as Dash lists it in `state.loading`. */
export interface LoadingEntry {
  id: ComponentId;
  property: string;
  path: ComponentPath;
}

/**
 * Which component `useLoading` / `isLoading` ask about: the context's own (no options), one
 * below it (`extraPath`), or any (`rawPath`); `filterFunc` keeps only some of its entries (e.g.
 * dash-table only counts `data`).
 */
export interface LoadingOptions {
  extraPath?: ComponentPath;
  rawPath?: ComponentPath;
  filterFunc?: (entry: LoadingEntry) => boolean;
}

function targetPath(componentPath: ComponentPath, options: LoadingOptions | undefined): ComponentPath {
  if (options?.extraPath) return [...componentPath, ...options.extraPath];
  return options?.rawPath ?? componentPath;
}

/** The loading entries of the component with this id (ours holds at most one prop per component). */
export function loadingEntries(store: LayoutStore, idStr: string | undefined, path: ComponentPath): LoadingEntry[] {
  if (idStr === undefined) return [];
  const property = store.loadingProp(idStr);
  return property === undefined ? [] : [{ id: parseId(idStr), property, path }];
}

function computeLoading(store: LayoutStore, idStr: string | undefined, path: ComponentPath, options: LoadingOptions | undefined): boolean {
  const entries = loadingEntries(store, idStr, path);
  return (options?.filterFunc ? entries.filter(options.filterFunc) : entries).length > 0;
}

/** `isLoading(options)`: whether the component is loading now (not a hook: no re-render when it changes). */
export function isLoadingNow(store: LayoutStore, componentPath: ComponentPath, options?: LoadingOptions): boolean {
  const path = targetPath(componentPath, options);
  return computeLoading(store, idStrAtPath(store, path), path, options);
}

/**
 * `useLoading(options)`: whether the component is loading, re-rendering the caller when that
 * changes. It subscribes to that one component, so a loading change elsewhere costs nothing here.
 */
export function useLoadingState(store: LayoutStore, componentPath: ComponentPath, options?: LoadingOptions): boolean {
  const path = targetPath(componentPath, options);
  const idStr = idStrAtPath(store, path);
  const subscribe = useCallback(
    (listener: () => void) => (idStr === undefined ? () => {} : store.subscribe(idStr, listener)),
    [store, idStr],
  );
  return useSyncExternalStore(subscribe, () => computeLoading(store, idStr, path, options));
}
