import { propId, stringifyId } from "../protocol/ids.js";
import type { DependencyId, DependencyRef, IdValue, Wildcard, WildcardName } from "../protocol/types.js";
import { Component, describe, isPlainObject, type PropName, type TypedComponent, type UntypedComponent } from "./component.js";

function wildcard(name: WildcardName): Wildcard {
  // frozen so that no app can change what MATCH means for everyone else
  return Object.freeze([name]) as unknown as Wildcard;
}

/**
 * Pattern-matching wildcard: the callback runs for the one component whose id matches the trigger's.
 * Serializes as Dash does, `["MATCH"]`.
 *
 * @example
 * ```ts
 * Output({ type: "out", index: MATCH }, "children");
 * ```
 */
export const MATCH: Wildcard = wildcard("MATCH");

/**
 * Pattern-matching wildcard: all components whose ids match; the value is an array. Serializes as `["ALL"]`.
 *
 * @example
 * ```ts
 * Input({ type: "num", index: ALL }, "value");
 * ```
 */
export const ALL: Wildcard = wildcard("ALL");

/**
 * Pattern-matching wildcard: the matching components whose index is smaller than the MATCH one's.
 * Serializes as `["ALLSMALLER"]`.
 *
 * @example
 * ```ts
 * State({ type: "num", index: ALLSMALLER }, "value");
 * ```
 */
export const ALLSMALLER: Wildcard = wildcard("ALLSMALLER");

const WILDCARD_NAMES: readonly WildcardName[] = ["MATCH", "ALL", "ALLSMALLER"];

/** What `Input`, `State` and `Output` accept as an id: a string, an object id (values may be wildcards), or a component with an id. */
export type DependencyTarget = DependencyId | Component;

/** Which side of a callback a dependency is on. */
export type DependencyKind = "input" | "state" | "output";

/** Options of `Input` and `State`. */
export interface DependencyOptions {
  /**
   * The component may be missing from the page (Dash's `allow_optional=True`): the callback still
   * runs, and gets `null` for this value. Listed as `"allow_optional": true` in `/_dash-dependencies`.
   */
  allowOptional?: boolean;
}

/** Options of `Output`. */
export interface OutputOptions {
  /**
   * Let other callbacks write this prop too (Dash's `allow_duplicate=True`). The callback id then
   * names this output `id.prop@<sha256 of the Inputs>`, as Dash's does. As in Dash, such a
   * callback must not run on load: give it `preventInitialCall: true` (or
   * `"initial_duplicate"` to run it anyway), or set the App's `preventInitialCallbacks`.
   */
  allowDuplicate?: boolean;
}

/**
 * One input, state or output of a callback: a component id and one of its props.
 * Made by `Input()`, `State()` and `Output()`.
 *
 * @example
 * ```ts
 * const dep = Input({ type: "btn", index: MATCH }, "n_clicks");
 * dep.toRef();   // { id: '{"index":["MATCH"],"type":"btn"}', property: "n_clicks" }
 * dep.wildcard;  // "MATCH"
 * ```
 */
export class Dependency {
  /** `"input"`, `"state"` or `"output"`. */
  readonly kind: DependencyKind;
  /** The id as given (object ids keep their key order). */
  readonly id: DependencyId;
  /** The prop name, e.g. `"n_clicks"`. */
  readonly property: string;
  /** Whether the component may be missing: the callback then gets `null` for it (Inputs and States only). */
  readonly allowOptional: boolean;
  /** Whether other callbacks may write this output too (Dash's `allow_duplicate`; Outputs only). */
  readonly allowDuplicate: boolean;

  constructor(kind: DependencyKind, id: DependencyTarget, property: string, options: DependencyOptions & OutputOptions = {}) {
    const label = kind === "input" ? "Input" : kind === "state" ? "State" : "Output";
    this.kind = kind;
    this.id = checkId(label, id);
    if (typeof property !== "string" || property === "") {
      throw new TypeError(`${label}(${JSON.stringify(stringifyId(this.id))}, property): property must be a non-empty string, got ${describe(property)}`);
    }
    this.property = property;
    if (typeof options !== "object" || options === null) {
      throw new TypeError(`${label}(${JSON.stringify(stringifyId(this.id))}, ${JSON.stringify(property)}, options): options must be an object, got ${describe(options)}`);
    }
    if (options.allowOptional !== undefined && typeof options.allowOptional !== "boolean") {
      throw new TypeError(`${label}(): allowOptional must be true or false, got ${describe(options.allowOptional)}`);
    }
    if (options.allowOptional && kind === "output") throw new TypeError("Output(): allowOptional is for Inputs and States");
    this.allowOptional = options.allowOptional ?? false;
    if (options.allowDuplicate !== undefined && typeof options.allowDuplicate !== "boolean") {
      throw new TypeError(`Output(): allowDuplicate must be true or false, got ${describe(options.allowDuplicate)}`);
    }
    if (options.allowDuplicate && kind !== "output") throw new TypeError(`${label}(): allowDuplicate is for Outputs`);
    this.allowDuplicate = options.allowDuplicate ?? false;
    Object.freeze(this);
  }

  /**
   * The `{id, property}` form of `/_dash-dependencies`, object ids stringified as Dash does;
   * `allow_optional: true` added for an optional dependency, as Dash's `to_dict()` adds it.
   *
   * @example
   * ```ts
   * Output("out", "children").toRef(); // { id: "out", property: "children" }
   * State("maybe", "value", { allowOptional: true }).toRef(); // { id: "maybe", property: "value", allow_optional: true }
   * ```
   */
  toRef(): DependencyRef {
    const ref: DependencyRef = { id: stringifyId(this.id), property: this.property };
    if (this.allowOptional) ref.allow_optional = true;
    return ref;
  }

  /**
   * `"id.prop"`, as in Dash's callback ids and `changedPropIds`.
   *
   * @example
   * ```ts
   * Input("go", "n_clicks").propId; // "go.n_clicks"
   * ```
   */
  get propId(): string {
    return propId(this.id, this.property);
  }

  /**
   * The wildcard that decides the shape of this dependency's value: `"ALL"` or `"ALLSMALLER"`
   * (an array of values) over `"MATCH"` (one value); `null` for a concrete id.
   *
   * @example
   * ```ts
   * Input({ type: "num", index: ALL }, "value").wildcard; // "ALL"
   * ```
   */
  get wildcard(): WildcardName | null {
    if (typeof this.id === "string") return null;
    let found: WildcardName | null = null;
    for (const value of Object.values(this.id)) {
      if (!Array.isArray(value)) continue;
      const name = value[0];
      if (name === "ALL" || name === "ALLSMALLER") return name;
      found = name;
    }
    return found;
  }

  /**
   * Whether the id holds a wildcard (`MATCH`, `ALL` or `ALLSMALLER`).
   *
   * @example
   * ```ts
   * Input("go", "n_clicks").hasWildcard; // false
   * ```
   */
  get hasWildcard(): boolean {
    return this.wildcard !== null;
  }

  /** `"id.prop"`, for messages. */
  toString(): string {
    return this.propId;
  }
}

/**
 * Whether `value` is an `Input`, `State` or `Output` (the leaves of a callback's groupings).
 *
 * @example
 * ```ts
 * isDependency(Input("go", "n_clicks")); // true
 * isDependency({ id: "go" });            // false
 * ```
 */
export function isDependency(value: unknown): value is Dependency {
  return value instanceof Dependency;
}

function checkId(label: string, id: DependencyTarget): DependencyId {
  if (id instanceof Component) {
    const own = id.id;
    if (own === undefined) {
      throw new TypeError(`${label}(): the ${id.type} component has no id; give it one (e.g. { id: "my-${id.type.toLowerCase()}" }) to use it in a callback`);
    }
    return checkId(label, own);
  }
  if (typeof id === "string") {
    if (id === "") throw new TypeError(`${label}(): the id must not be empty`);
    // Dash refuses these too: "." separates id and prop in "id.prop", "{" starts an object id
    if (id.includes(".") || id.startsWith("{")) {
      throw new TypeError(`${label}(${JSON.stringify(id)}): string ids may not contain "." or start with "{"`);
    }
    return id;
  }
  if (!isPlainObject(id)) {
    throw new TypeError(`${label}(): the id must be a string, an object id or a component with an id, got ${describe(id)}`);
  }
  const keys = Object.keys(id);
  if (keys.length === 0) throw new TypeError(`${label}(): an object id needs at least one key`);
  const copy: { [key: string]: IdValue | Wildcard } = {};
  for (const key of keys) {
    const value: unknown = id[key];
    if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
      copy[key] = value;
    } else if (Array.isArray(value) && value.length === 1 && WILDCARD_NAMES.includes(value[0] as WildcardName)) {
      copy[key] = wildcard(value[0] as WildcardName);
    } else {
      throw new TypeError(`${label}(): the value of id key ${JSON.stringify(key)} must be a string, number, boolean, MATCH, ALL or ALLSMALLER, got ${describe(value)}`);
    }
  }
  return Object.freeze(copy);
}

/**
 * A callback input: the callback runs when this prop changes, and gets its value. With
 * `{ allowOptional: true }` the component may be missing from the page (the value is then `null`).
 *
 * @example
 * ```ts
 * callback(Output("out", "children"), Input("go", "n_clicks"), (n) => `clicked ${n}`);
 * callback(Output("out", "title"), Input("maybe-there", "value", { allowOptional: true }), (v) => v ?? "none");
 * ```
 */
export function Input<C extends TypedComponent<object>>(component: C, property: PropName<C>, options?: DependencyOptions): Dependency;
export function Input(id: DependencyId | UntypedComponent, property: string, options?: DependencyOptions): Dependency;
export function Input(id: DependencyTarget, property: string, options?: DependencyOptions): Dependency {
  return new Dependency("input", id, property, options);
}

/**
 * A callback state: its value is passed to the callback, but a change does not trigger it. With
 * `{ allowOptional: true }` the component may be missing from the page (the value is then `null`).
 *
 * @example
 * ```ts
 * callback(Output("out", "children"), Input("go", "n_clicks"), State("name", "value"), (n, name) => `hi ${name}`);
 * callback(Output("out", "children"), Input("go", "n_clicks"), State("draft", "value", { allowOptional: true }), (n, draft) => String(draft));
 * ```
 */
export function State<C extends TypedComponent<object>>(component: C, property: PropName<C>, options?: DependencyOptions): Dependency;
export function State(id: DependencyId | UntypedComponent, property: string, options?: DependencyOptions): Dependency;
export function State(id: DependencyTarget, property: string, options?: DependencyOptions): Dependency {
  return new Dependency("state", id, property, options);
}

/**
 * A callback output: the prop the callback's return value is written to. With
 * `{ allowDuplicate: true }` other callbacks may write the same prop (Dash's `allow_duplicate`).
 *
 * @example
 * ```ts
 * Output({ type: "out", index: MATCH }, "children");
 * callback(Output("log", "children", { allowDuplicate: true }), Input("clear", "n_clicks"), () => "", { preventInitialCall: true });
 * ```
 */
export function Output<C extends TypedComponent<object>>(component: C, property: PropName<C>, options?: OutputOptions): Dependency;
export function Output(id: DependencyId | UntypedComponent, property: string, options?: OutputOptions): Dependency;
export function Output(id: DependencyTarget, property: string, options?: OutputOptions): Dependency {
  return new Dependency("output", id, property, options);
}
