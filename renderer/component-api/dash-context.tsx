import { createContext, useContext, useMemo, type ReactNode } from "react";
import { useRuntime } from "../render/runtime-context.js";
import { storeFacade, useDashSelector, type DashState, type DashStoreFacade } from "./dash-state.js";
import type { ComponentPath } from "./layout-paths.js";
import { isLoadingNow, useLoadingState, type LoadingOptions } from "./loading.js";

/**
 * What `window.dash_component_api.useDashContext()` gives a component (Dash 3+): where it is in
 * the layout, its loading state, and redux-style hooks over the renderer's store.
 */
export interface DashContextValue {
  componentPath: ComponentPath;
  isLoading(options?: LoadingOptions): boolean;
  useLoading(options?: LoadingOptions): boolean;
  useSelector<T>(selector: (state: DashState) => T, equalityFn?: (a: T, b: T) => boolean): T;
  useStore(): DashStoreFacade;
  useDispatch(): DashStoreFacade["dispatch"];
}

/**
 * Suites read it at load time (e.g. dcc.Clipboard's `contextType`), so it exists before the
 * renderer boots. Outside any component it is empty, as in Dash.
 */
export const DashContext = createContext<DashContextValue | Record<string, never>>({});

/**
 * Gives the components below it their place in the layout, as Dash's wrapper does for each component.
 *
 * @example
 * ```tsx
 * <DashContextProvider componentPath={["props", "children", 0]}><Button {...props} /></DashContextProvider>
 * ```
 */
export function DashContextProvider({ componentPath, children }: { componentPath: ComponentPath; children: ReactNode }) {
  const { store } = useRuntime();
  const pathKey = JSON.stringify(componentPath);
  const value = useMemo<DashContextValue>(() => {
    const path = JSON.parse(pathKey) as ComponentPath;
    const facade = storeFacade(store);
    return {
      componentPath: path,
      isLoading: (options) => isLoadingNow(store, path, options),
      // Hooks by contract: the component calls them during its render, like any hook.
      useLoading: (options) => useLoadingState(store, path, options),
      useSelector: (selector, equalityFn) => useDashSelector(store, selector, equalityFn),
      useStore: () => facade,
      useDispatch: () => facade.dispatch,
    };
  }, [store, pathKey]);
  return <DashContext.Provider value={value}>{children}</DashContext.Provider>;
}

/** `useDashContext()`: the context of the calling component (empty outside any Dash component). */
export function useDashContext(): DashContextValue | Record<string, never> {
  return useContext(DashContext);
}
