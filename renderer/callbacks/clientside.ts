import { cleanUrl } from "../html/clean-url.js";
import { parseId, propId, splitPropId } from "../../lib/protocol/ids.js";
import type { ComponentId, UpdateRequest } from "../../lib/protocol/types.js";
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
 * throwing `PreventUpdate` leaves them all. While the function's synchronous part runs,
 * `dash_clientside.callback_context` is dash-renderer's: `triggered` (with values),
 * `triggered_id`, `inputs`, `inputs_list`, `states`, `states_list`, `outputs_list`, from the
 * request body a server callback would get (`body`).
 */
export async function runClientside(store: LayoutStore, resolved: ResolvedCallback, body: UpdateRequest): Promise<PropUpdates> {
  const { namespace, function_name } = resolved.callback.spec.clientside_function!;
  const dc = installClientsideGlobals();
  const fn = (dc[namespace] as Record<string, unknown> | undefined)?.[function_name];
  if (typeof fn !== "function") throw new Error(`clientside function ${namespace}.${function_name} is not defined`);
  const inputs = inputsToDict(body.inputs);
  dc.callback_context = {
    triggered: body.changedPropIds.map((prop_id) => ({ prop_id, value: inputs[prop_id] })),
    triggered_id: triggeredId(body.changedPropIds),
    inputs_list: body.inputs,
    inputs,
    states_list: body.state,
    states: inputsToDict(body.state),
    outputs_list: body.outputs,
  };
  let result: unknown;
  try {
    // As in dash-renderer, the context is there for the synchronous part only.
    let returned: unknown;
    try {
      returned = (fn as (...args: unknown[]) => unknown)(...valuesOf(store, resolved.inputs), ...valuesOf(store, resolved.state));
    } finally {
      dc.callback_context = undefined;
    }
    result = await returned;
  } catch (error) {
    if (error === dc.PreventUpdate) return [];
    throw error;
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

/** dash-renderer's `inputsToDict`: `{"id.prop": value}` over inputs (and the items of ALL lists); absent values are null. */
function inputsToDict(list: UpdateRequest["inputs"] | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const item of list ?? []) {
    for (const arg of Array.isArray(item) ? item : [item]) out[propId(arg.id, arg.property)] = arg.value ?? null;
  }
  return out;
}

/** dash-renderer's `getTriggeredId`: the id of the first changed prop, an object for a pattern id. */
function triggeredId(changed: readonly string[]): ComponentId | undefined {
  if (changed.length === 0) return undefined;
  const { id } = splitPropId(changed[0]);
  return id.startsWith("{") ? parseId(id) : id;
}
