import { idMatches, isMultiOutputId, outputPropIdsOf, outputProperty, parseId, splitPropId } from "../../lib/protocol/ids.js";
import type { CallbackSpec, ComponentId, DependencyId, DependencyRef, WildcardName } from "../../lib/protocol/types.js";
import { idKeys } from "../store/layout-nodes.js";

/** One input, state or output of a callback, with its id parsed (object ids may hold wildcards). */
export interface Dep {
  id: DependencyId;
  property: string;
  /** The wildcards in the id: none for a plain id. */
  wildcards: Set<WildcardName>;
  /** Dash's `allow_optional`: an absent component gives `null` instead of keeping the callback from running. */
  allowOptional: boolean;
}

/** A callback from `/_dash-dependencies`, parsed once. */
export interface CallbackDef {
  /** Position in `/_dash-dependencies`: a stable key. */
  index: number;
  spec: CallbackSpec;
  outputs: Dep[];
  inputs: Dep[];
  state: Dep[];
  isStream: boolean;
  /** The spec's `output` had several outputs (`..a.p...b.p..`): `outputs` is sent as an array. */
  multiOutput: boolean;
}

/**
 * The dependency graph: every callback, and indexes from an input's property name and from a
 * component id to the callbacks that may read or write it, so a changed prop or a new
 * component finds its callbacks without scanning them all.
 *
 * @example
 * ```ts
 * const graph = new CallbackGraph(await (await fetch("/_dash-dependencies")).json());
 * graph.listenersOf({ type: "btn", index: 0 }, "n_clicks"); // [{ callback, dep }]
 * ```
 */
export class CallbackGraph {
  readonly callbacks: CallbackDef[];
  /**
   * The inputs by property name, then those at a string id by that id, and those at an object
   * id (patterns included) in a list: a changed prop finds its listeners without a scan or a
   * new array when its id is a string (most changed props have no listener at all).
   */
  private readonly inputsByProp = new Map<string, { atString: Map<string, Listener[]>; atObject: Listener[] }>();
  /** Callbacks with an output or input at a string id, or at object ids with these key names (`idKeys`). */
  private readonly byStringId = new Map<string, Set<CallbackDef>>();
  private readonly byIdKeys = new Map<string, Set<CallbackDef>>();

  constructor(specs: CallbackSpec[]) {
    this.callbacks = specs.map((spec, index) => parseCallback(spec, index));
    for (const callback of this.callbacks) {
      for (const dep of callback.inputs) {
        let inputs = this.inputsByProp.get(dep.property);
        if (!inputs) this.inputsByProp.set(dep.property, (inputs = { atString: new Map(), atObject: [] }));
        if (typeof dep.id === "string") {
          const list = inputs.atString.get(dep.id);
          if (list) list.push({ callback, dep });
          else inputs.atString.set(dep.id, [{ callback, dep }]);
        } else {
          inputs.atObject.push({ callback, dep });
        }
      }
      for (const dep of [...callback.outputs, ...callback.inputs]) {
        const [index, key] = typeof dep.id === "string" ? [this.byStringId, dep.id] : [this.byIdKeys, idKeys(dep.id) ?? ""];
        let set = index.get(key);
        if (!set) index.set(key, (set = new Set()));
        set.add(callback);
      }
    }
  }

  /** The callbacks with an output or input that may be one of these components, in spec order. */
  callbacksOf(ids: Iterable<ComponentId>): CallbackDef[] {
    if (this.callbacks.length === 0) return [];
    const found = new Set<CallbackDef>();
    for (const id of ids) {
      const callbacks = this.indexed(id);
      if (callbacks) for (const callback of callbacks) found.add(callback);
    }
    return [...found].sort((a, b) => a.index - b.index);
  }

  /** `callbacksOf` one component; most have none, and then nothing is made. */
  callbacksOfId(id: ComponentId): readonly CallbackDef[] {
    const callbacks = this.indexed(id);
    if (!callbacks) return NO_CALLBACKS;
    return [...callbacks].sort((a, b) => a.index - b.index);
  }

  /** The callbacks the id index holds for this component's id (a string id, or an object id's key names). */
  private indexed(id: ComponentId): Set<CallbackDef> | undefined {
    return typeof id === "string" ? this.byStringId.get(id) : this.byIdKeys.get(idKeys(id) ?? "");
  }

  /** The callbacks having `(id, property)` as an Input, with the matching input, in spec order. */
  listenersOf(id: ComponentId, property: string): readonly Listener[] {
    const inputs = this.inputsByProp.get(property);
    if (!inputs) return NO_LISTENERS;
    // a string id matches only inputs at that same string, an object id only object ids and patterns
    if (typeof id === "string") return inputs.atString.get(id) ?? NO_LISTENERS;
    return inputs.atObject.length === 0 ? NO_LISTENERS : inputs.atObject.filter(({ dep }) => idMatches(dep.id, id));
  }
}

/** A callback with one of its inputs. */
export interface Listener {
  callback: CallbackDef;
  dep: Dep;
}

const NO_LISTENERS: readonly Listener[] = [];
const NO_CALLBACKS: readonly CallbackDef[] = [];

function parseCallback(spec: CallbackSpec, index: number): CallbackDef {
  const multiOutput = !spec.no_output && isMultiOutputId(spec.output);
  // An allow_duplicate output is `id.prop@<hash>` in the callback id; the prop is what comes before the `@`.
  const outputs = spec.no_output
    ? []
    : outputPropIdsOf(spec.output).map((part) => {
        const { id, property } = splitPropId(part);
        return parseDep({ id, property: outputProperty(property) });
      });
  return {
    index,
    spec,
    outputs,
    inputs: spec.inputs.map(parseDep),
    state: spec.state.map(parseDep),
    isStream: spec.stream === true,
    multiOutput,
  };
}

/** A dependency from its wire form (`{id, property}`, pattern ids stringified). */
export function parseDep(ref: DependencyRef): Dep {
  const id = parseId(ref.id) as DependencyId;
  const wildcards = new Set<WildcardName>();
  if (typeof id === "object") {
    for (const value of Object.values(id)) if (Array.isArray(value)) wildcards.add(value[0]);
  }
  return { id, property: ref.property, wildcards, allowOptional: ref.allow_optional === true };
}
