import { createContext, useContext } from "react";
import type { ChildrenProps } from "../../lib/protocol/types.js";
import type { LayoutStore } from "../store/layout-store.js";

/** What rendered components need from the running app: the store, and where user changes go. */
export interface RenderRuntime {
  store: LayoutStore;
  /** Debug mode: errors in the page name what failed. */
  debug: boolean;
  /** From `_dash-config`: where each component type holds components inside its props. */
  childrenProps: ChildrenProps;
  /** A component reported a user change (a click, typed text): set_props it and trigger callbacks. */
  setPropsFromComponent(idStr: string, props: Record<string, unknown>): void;
}

export const RuntimeContext = createContext<RenderRuntime | null>(null);

export function useRuntime(): RenderRuntime {
  const runtime = useContext(RuntimeContext);
  if (!runtime) throw new Error("dash-events: component rendered outside the renderer");
  return runtime;
}
