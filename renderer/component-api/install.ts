import { stringifyId } from "../../lib/protocol/ids.js";
import type { ComponentId } from "../../lib/protocol/types.js";
import type { LayoutStore } from "../store/layout-store.js";
import { DashContext, useDashContext } from "./dash-context.js";
import { ExternalWrapper } from "./external-wrapper.js";
import { valueAtPath, type ComponentPath } from "./layout-paths.js";

/** `window.dash_component_api`, the API Dash 3+ component suites call. */
export interface DashComponentApi {
  DashContext: typeof DashContext;
  useDashContext: typeof useDashContext;
  ExternalWrapper: typeof ExternalWrapper;
  getLayout(componentPathOrId: ComponentPath | ComponentId): unknown;
  stringifyId: typeof stringifyId;
}

declare global {
  interface Window {
    dash_component_api?: DashComponentApi;
  }
}

let activeStore: LayoutStore | null = null;

/**
 * Define `window.dash_component_api`. Runs when the renderer's script runs, before the suites'
 * scripts: some read it at load time (dcc sets `DashContext` as a class's `contextType`).
 * Keeps what an earlier script put there, as Dash does.
 */
export function installComponentApi(): void {
  window.dash_component_api = Object.assign(window.dash_component_api ?? {}, {
    DashContext,
    useDashContext,
    ExternalWrapper,
    getLayout,
    stringifyId,
  });
}

/** The store `getLayout` reads, once the app has booted. */
export function connectComponentApi(store: LayoutStore): void {
  activeStore = store;
}

/**
 * `getLayout(path)`: the current value at a component path (a node, its props, or a prop);
 * `getLayout(id)`: the current node of the component with that id.
 *
 * @example
 * ```ts
 * window.dash_component_api.getLayout([...child.props.componentPath, "props"]).value;
 * ```
 */
function getLayout(componentPathOrId: ComponentPath | ComponentId): unknown {
  if (!activeStore) return undefined;
  if (Array.isArray(componentPathOrId)) return valueAtPath(activeStore, componentPathOrId);
  return activeStore.get(typeof componentPathOrId === "string" ? componentPathOrId : stringifyId(componentPathOrId));
}
