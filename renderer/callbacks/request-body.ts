import { parseId, splitPropId } from "../../lib/protocol/ids.js";
import type { CallbackArg, CallbackArgOrList, JsonValue, OutputTarget, UpdateRequest } from "../../lib/protocol/types.js";
import type { LayoutStore } from "../store/layout-store.js";
import type { Arg, ResolvedCallback, ResolvedDep } from "./resolve.js";

/**
 * The body of `POST /_dash-update-component` (and of the stream endpoint), key for key as
 * dash-renderer sends it: `output`, `outputs` (an object for one output, a list for several,
 * absent for no-output callbacks), `inputs`, `changedPropIds`, `parsedChangedPropsIds`, and
 * `state` only when the callback has State. An undefined prop has no `value` key.
 */
export function buildRequest(store: LayoutStore, resolved: ResolvedCallback, changedPropIds: string[]): UpdateRequest {
  const { callback } = resolved;
  // Built key by key: the order of keys is part of matching dash-renderer's bodies.
  const body = { output: callback.spec.output } as UpdateRequest;
  if (!callback.spec.no_output) {
    const targets = resolved.outputs.map(toTarget);
    body.outputs = callback.multiOutput ? targets : targets[0];
  }
  body.inputs = resolved.inputs.map((dep) => withValues(store, dep));
  body.changedPropIds = changedPropIds;
  body.parsedChangedPropsIds = changedPropIds.map((propId) =>
    // Dash sends dict ids here as the id object alone, string ids as "id.prop".
    propId.startsWith("{") ? parseId(splitPropId(propId).id) : propId,
  );
  if (callback.state.length > 0) body.state = resolved.state.map((dep) => withValues(store, dep));
  return body;
}

function toTarget(dep: ResolvedDep): OutputTarget | OutputTarget[] {
  const one = (arg: Arg): OutputTarget => ({ id: arg.id, property: arg.property });
  return Array.isArray(dep) ? dep.map(one) : one(dep);
}

function withValues(store: LayoutStore, dep: ResolvedDep): CallbackArgOrList {
  return Array.isArray(dep) ? dep.map((arg) => withValue(store, arg)) : withValue(store, dep);
}

function withValue(store: LayoutStore, arg: Arg): CallbackArg {
  const out: CallbackArg = { id: arg.id, property: arg.property };
  // Dash sends an absent optional dependency with a null value.
  if (arg.absent) return { ...out, value: null };
  const value = store.currentProp(arg.idStr, arg.property) as JsonValue | undefined;
  if (value !== undefined) out.value = value;
  return out;
}

/** The current value of each input or state, as a clientside function receives it (lists for ALL). */
export function valuesOf(store: LayoutStore, deps: ResolvedDep[]): unknown[] {
  const value = (arg: Arg) => (arg.absent ? null : store.currentProp(arg.idStr, arg.property));
  return deps.map((dep) => (Array.isArray(dep) ? dep.map(value) : value(dep)));
}
