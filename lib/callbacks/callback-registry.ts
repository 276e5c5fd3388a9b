/**
 * The callbacks of one App, and the pending list that module-level `callback`/`eventCallback`
 * calls register into until an App adopts them. Each App owns its registry, so two apps in one
 * process never see each other's callbacks.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { outputPropIdsOf } from "../protocol/ids.js";
import type { CallbackSpec } from "../protocol/types.js";
import { checkDuplicateOutputs } from "./definitions.js";
import type { ClientsideCallback, PreventInitialCall, Registration, RegularCallback } from "./callback-types.js";

/**
 * The registered callbacks of one App, by callback id.
 *
 * @example
 * ```ts
 * const registry = new CallbackRegistry();
 * registry.add(defineCallback([Output("out", "children"), Input("go", "n_clicks"), (n: unknown) => `${n}`]));
 * registry.get("out.children")?.kind; // "regular"
 * ```
 */
export class CallbackRegistry {
  private readonly byId = new Map<string, Registration>();
  /** Which callback writes each output prop: Dash allows one writer per output. */
  private readonly outputOwners = new Map<string, string>();

  /** `preventInitialCallbacks`: the App's default for callbacks that leave `preventInitialCall` unset (Dash's `prevent_initial_callbacks`). */
  constructor(private readonly preventInitialCallbacks?: PreventInitialCall) {}

  /**
   * Add a callback. Throws when its id is taken (same outputs, or for no-output and event
   * callbacks the same inputs), when one of its outputs is already written by another callback,
   * or when the same function is registered twice on the same inputs.
   */
  add(registration: Registration): void {
    const taken = this.byId.get(registration.id);
    if (taken) {
      const what = registration.spec.no_output ? `inputs ${describeInputs(registration)}` : `output(s) ${registration.id}`;
      throw new Error(`Duplicate callback: a ${taken.kind} callback with the same ${what} is already registered`);
    }
    if (registration.kind !== "clientside") {
      for (const other of this.byId.values()) {
        if (other.kind !== "clientside" && other.fn === registration.fn && describeInputs(other) === describeInputs(registration)) {
          throw new Error(`Duplicate callback: function ${registration.fn.name || "(anonymous)"} is already registered on inputs ${describeInputs(registration)}`);
        }
      }
    }
    const outputs = registration.kind === "event" ? [] : outputPropIds(registration);
    for (const output of outputs) {
      const owner = this.outputOwners.get(output);
      if (owner !== undefined) {
        throw new Error(`Duplicate callback output: ${output} is already an output of callback ${owner}`);
      }
    }
    if (registration.kind !== "event") {
      const own = registration.options.preventInitialCall;
      checkDuplicateOutputs(registration, own, this.preventInitialCallbacks);
      registration.spec.prevent_initial_call = (own ?? this.preventInitialCallbacks) === true;
    }
    if (registration.kind === "regular" && registration.apiPath !== undefined) {
      for (const other of this.byId.values()) {
        if (other.kind === "regular" && other.apiPath === registration.apiPath) {
          throw new Error(`Duplicate apiEndpoint: ${registration.apiPath} is already the endpoint of callback ${other.id}`);
        }
      }
    }
    for (const output of outputs) this.outputOwners.set(output, registration.id);
    this.byId.set(registration.id, registration);
  }

  /** The callback with this id (the `output` field of an update request), if any. */
  get(id: string): Registration | undefined {
    return this.byId.get(id);
  }

  /** The `/_dash-dependencies` list, in registration order. */
  specs(): CallbackSpec[] {
    return [...this.byId.values()].map((r) => r.spec);
  }

  /** Every callback, in registration order. */
  all(): Registration[] {
    return [...this.byId.values()];
  }

  /** Regular callbacks with an `apiEndpoint`. */
  apiCallbacks(): RegularCallback[] {
    return [...this.byId.values()].filter((r): r is RegularCallback => r.kind === "regular" && r.apiPath !== undefined);
  }

  /** Clientside callbacks, whose sources the index page inlines. */
  clientside(): ClientsideCallback[] {
    return [...this.byId.values()].filter((r): r is ClientsideCallback => r.kind === "clientside");
  }

  /** How many callbacks are registered. */
  get size(): number {
    return this.byId.size;
  }
}

/** The inputs as "id.prop, ..."; a callback without Inputs is named by its States (one function may serve several of those). */
function describeInputs(registration: Registration): string {
  const { inputs, state } = registration.spec;
  const refs = (list: typeof inputs) => list.map((ref) => `${ref.id}.${ref.property}`).join(", ");
  if (inputs.length > 0) return refs(inputs);
  return state.length > 0 ? `(none; states ${refs(state)})` : "(none)";
}

function outputPropIds(registration: Registration): string[] {
  if (registration.spec.no_output) return [];
  return outputPropIdsOf(registration.id);
}

/** Registrations made by module-level `callback`/`eventCallback` before any App adopted them. */
const pending: Registration[] = [];

/**
 * The registry of the app whose callback is running in the current async context: a callback
 * that registers another one (module-level `callback(...)` inside a callback, as Dash apps do)
 * registers it into the app it runs in, at once.
 */
export const runningRegistry = new AsyncLocalStorage<CallbackRegistry>();

/**
 * A module-level registration: into the app whose callback is running, if any (it takes effect
 * for the requests that come after); else queued for the next App that builds its server.
 */
export function queuePending(registration: Registration): void {
  const running = runningRegistry.getStore();
  if (running) running.add(registration);
  else pending.push(registration);
}

/**
 * Take all pending registrations (the list is emptied). Called by an App when it builds its
 * server, so the callbacks of the module that exports the App land in that App.
 */
export function adoptPending(): Registration[] {
  return pending.splice(0, pending.length);
}
