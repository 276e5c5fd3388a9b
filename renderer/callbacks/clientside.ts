import { cleanUrl } from "../html/clean-url.js";
import type { PropUpdates } from "../set-props.js";
import { builtPatch, ClientsidePatch } from "./clientside-patch.js";
import type { LayoutStore } from "../store/layout-store.js";
import { valuesOf } from "./request-body.js";
import type { ResolvedCallback } from "./resolve.js";

/** `window.dash_clientside` as Dash defines it: namespaces of functions, plus a few helpers. */
export interface DashClientside {
  no_update: object;
  PreventUpdate: object;
  callback_context?: unknown;
  set_props?: (id: unknown, props: Record<string, unknown>) => void;
  clean_url?: (url: string) => string;
  /** Dash's clientside Patch builder: `new dash_clientside.Patch().append(["items"], x).build()`. */
  Patch?: typeof ClientsidePatch;
  [namespace: string]: unknown;
}

declare global {
  interface Window {
    dash_clientside?: DashClientside;
  }
}

/** The sentinels of `window.dash_clientside`, created once so functions can compare by identity. */
export function installClientsideGlobals(): DashClientside {
  const existing = (window.dash_clientside ?? {}) as Partial<DashClientside>;
  const globals = existing as DashClientside;
  globals.no_update ??= { description: "Return to prevent updating an Output." };
  globals.PreventUpdate ??= { description: "Throw to prevent updating all Outputs." };
  // Like Dash, an app's own clean_url (defined before the renderer runs) is kept.
  globals.clean_url ??= cleanUrl;
  globals.Patch = ClientsidePatch;
  window.dash_clientside = globals;
  return globals;
}

/**
 * Run a clientside callback in the page: `window.dash_clientside[namespace][function_name]`
 * gets the input values then the state values (lists for ALL), may return a Promise, and
 * returns one value per output (a list for several); `no_update` leaves an output alone and
 * throwing `PreventUpdate` leaves them all.
 */
export async function runClientside(store: LayoutStore, resolved: ResolvedCallback, changedPropIds: string[]): Promise<PropUpdates> {
  const { namespace, function_name } = resolved.callback.spec.clientside_function!;
  const dc = installClientsideGlobals();
  const fn = (dc[namespace] as Record<string, unknown> | undefined)?.[function_name];
  if (typeof fn !== "function") throw new Error(`clientside function ${namespace}.${function_name} is not defined`);
  dc.callback_context = {
    triggered: changedPropIds.map((prop_id) => ({ prop_id, value: null })),
    inputs_list: resolved.inputs,
    states_list: resolved.state,
  };
  let result: unknown;
  try {
    result = await (fn as (...args: unknown[]) => unknown)(...valuesOf(store, resolved.inputs), ...valuesOf(store, resolved.state));
  } catch (error) {
    if (error === dc.PreventUpdate) return [];
    throw error;
  } finally {
    dc.callback_context = undefined;
  }
  if (resolved.callback.spec.no_output) return [];
  const results = resolved.callback.multiOutput ? (result as unknown[]) : [result];
  if (!Array.isArray(results)) throw new Error("a clientside callback with several outputs must return a list");
  const updates: PropUpdates = [];
  resolved.outputs.forEach((dep, i) => {
    const value = results[i];
    if (value === dc.no_update || value === undefined) return;
    if (Array.isArray(dep)) {
      dep.forEach((arg, j) => {
        const item = (value as unknown[])[j];
        if (item !== dc.no_update) updates.push([arg.id, { [arg.property]: builtPatch(item) }]);
      });
    } else updates.push([dep.id, { [dep.property]: builtPatch(value) }]);
  });
  return updates;
}
