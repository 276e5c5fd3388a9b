import { isPlainObject } from "../protocol/plain-object.js";
import type { ComponentId, JsonValue, LayoutNode } from "../protocol/types.js";

/** A value with its own JSON form, such as a `Patch` or a `Date`; `JSON.stringify` calls its `toJSON()`. */
export interface JsonSerializable {
  toJSON(): unknown;
}

/**
 * Anything a prop may hold: JSON values, components (anywhere, not only in `children`), values
 * with a `toJSON()` (such as a `Patch`), and arrays or objects of those. `undefined` props are omitted.
 *
 * @example
 * ```ts
 * const props: Props = { id: "grid", rowData: [{ a: 1 }], header: html.B("Rows") };
 * ```
 */
export type PropValue =
  | string
  | number
  | boolean
  | null
  | undefined
  | Component
  | JsonSerializable
  | readonly PropValue[]
  | { readonly [key: string]: PropValue };

/** The props of a component: prop name to value. */
export type Props = { [prop: string]: PropValue };

/** One child: a component, a string or a number (`null`/`undefined` render nothing). */
export type Child = Component | string | number | null | undefined;

/**
 * What `children` may be: one child, or an array of them.
 *
 * @example
 * ```ts
 * const children: Children = ["Total: ", 42, html.B("items")];
 * ```
 */
export type Children = Child | readonly Child[];

/**
 * A layout node: a component of some component library, with its props.
 * It serializes (via `toJSON`) to exactly Dash's JSON, `{"type", "namespace", "props"}`.
 *
 * @example
 * ```ts
 * const store = new Component("dash_core_components", "Store", { id: "cache", data: { n: 1 } });
 * JSON.stringify(store);
 * // {"type":"Store","namespace":"dash_core_components","props":{"id":"cache","data":{"n":1}}}
 * ```
 */
export class Component {
  /** The component library's namespace, e.g. `"dash_html_components"`. */
  readonly namespace: string;
  /** The component's type name within its namespace, e.g. `"Div"`. */
  readonly type: string;
  /** The props as given, `undefined` ones left out. */
  readonly props: Props;

  constructor(namespace: string, type: string, props: Props = {}) {
    if (typeof namespace !== "string" || namespace === "") {
      throw new TypeError(`Component: namespace must be a non-empty string, got ${describe(namespace)}`);
    }
    if (typeof type !== "string" || type === "") {
      throw new TypeError(`Component: type must be a non-empty string, got ${describe(type)}`);
    }
    if (!isPlainObject(props)) {
      throw new TypeError(`${type}: props must be a plain object, got ${describe(props)}`);
    }
    this.namespace = namespace;
    this.type = type;
    const own: Props = {};
    for (const [key, value] of Object.entries(props)) {
      if (value !== undefined) own[key] = value;
    }
    this.props = own;
  }

  /**
   * The component's id (`props.id`), or `undefined` when it has none.
   *
   * @example
   * ```ts
   * html.Div({ id: "out" }).id; // "out"
   * ```
   */
  get id(): ComponentId | undefined {
    const id = this.props.id;
    if (typeof id === "string") return id;
    if (isPlainObject(id)) return id as ComponentId;
    return undefined;
  }

  /**
   * The node as plain JSON data, nested components and `toJSON()` values converted too.
   *
   * @example
   * ```ts
   * html.Div("x", { id: "a" }).toJSON();
   * // { type: "Div", namespace: "dash_html_components", props: { children: "x", id: "a" } }
   * ```
   */
  toJSON(): LayoutNode {
    return {
      type: this.type,
      namespace: this.namespace,
      props: toJsonValue(this.props) as LayoutNode["props"],
    };
  }
}

/** The key of the props type a factory gives its components (types only; no such property exists). */
declare const propsType: unique symbol;

/**
 * A component whose factory knows its props `P` (every `html.*`, `dcc.*`, `dmc.*`, `dbc.*`,
 * `dash_table.*` and `dag.*` factory makes these): `streamProps(node, props)`, `Input(node, prop)`,
 * `State(node, prop)` and `Output(node, prop)` check prop names, and `streamProps` prop values,
 * against `P`. At run time it is a plain {@link Component}.
 *
 * @example
 * ```ts
 * const graph: TypedComponent<dcc.GraphProps> = dcc.Graph({ id: "g" });
 * streamProps(graph, { extendData: [{ y: [[1]] }, [0]] }); // checked against GraphProps
 * ```
 */
export type TypedComponent<P extends object> = Component & { readonly [propsType]?: P };

/** A component made without a props type (`new Component(...)`): any prop name is accepted. */
export type UntypedComponent = Component & { readonly [propsType]?: undefined };

/**
 * The prop names of a component: those of its props type, or any string for an untyped one.
 *
 * @example
 * ```ts
 * const prop: PropName<typeof button> = "n_clicks";
 * ```
 */
export type PropName<C> = Extract<keyof PropsOfComponent<C>, string>;

/** The props type `P` of a {@link TypedComponent}, or {@link Props} for an untyped one. */
export type PropsOfComponent<C> = C extends { readonly [propsType]?: infer P } ? ([NonNullable<P>] extends [object] ? NonNullable<P> : Props) : Props;

/**
 * A factory of one component type with Dash's Python call forms:
 * `f()`, `f(children)`, `f(props)` and `f(children, props)`.
 *
 * @example
 * ```ts
 * const Store = component("dash_core_components", "Store");
 * Store({ id: "cache", data: [] });
 * ```
 */
export interface ComponentFactory<P extends object = Props> {
  (): TypedComponent<P & { children?: Children }>;
  (children: Children): TypedComponent<P & { children?: Children }>;
  (props: P & { children?: Children }): TypedComponent<P & { children?: Children }>;
  (children: Children, props: P): TypedComponent<P & { children?: Children }>;
}

/**
 * Make a factory for components of any library, given its namespace and type.
 *
 * @example
 * ```ts
 * const Graph = component("dash_core_components", "Graph");
 * const g = Graph({ id: "chart", figure: { data: [] } });
 * ```
 */
export function component<P extends object = Props>(namespace: string, type: string): ComponentFactory<P> {
  return makeFactory<P>(namespace, type, false);
}

/**
 * The factory behind `component()` and `html.*`. With `childrenAlways`, a node without children
 * still carries `children: null`, because that is what Dash's html components serialize to.
 */
export function makeFactory<P extends object>(
  namespace: string,
  type: string,
  childrenAlways: boolean,
): ComponentFactory<P> {
  function create(first?: unknown, second?: unknown): Component {
    let children: unknown;
    let props: Props;
    if (second !== undefined) {
      if (first !== undefined && !isChildren(first)) {
        throw new TypeError(`${type}(children, props): children must be a component, string, number or array, got ${describe(first)}`);
      }
      if (!isPlainObject(second) || second instanceof Component) {
        throw new TypeError(`${type}(children, props): props must be a plain object, got ${describe(second)}`);
      }
      if ("children" in second && second.children !== undefined) {
        throw new TypeError(`${type}(children, props): children given twice, as the first argument and in props`);
      }
      children = first;
      props = second as Props;
    } else if (first === undefined || isChildren(first)) {
      children = first;
      props = {};
    } else if (isPlainObject(first)) {
      const { children: given, ...rest } = first as Props;
      children = given;
      props = rest;
    } else {
      throw new TypeError(`${type}(): expected children (a component, string, number or array) or a props object, got ${describe(first)}`);
    }
    // children first, then the other props in the order given, as Dash's Python serializes them
    const ordered: Props = {};
    if (children !== undefined) ordered.children = children as PropValue;
    else if (childrenAlways) ordered.children = null;
    for (const [key, value] of Object.entries(props)) {
      if (key !== "children") ordered[key] = value;
    }
    return new Component(namespace, type, ordered);
  }
  return create;
}

/** Whether `value` may be used as `children` (a component, string, number, null, or an array of those). */
function isChildren(value: unknown): boolean {
  if (value === null || typeof value === "string" || typeof value === "number" || value instanceof Component) return true;
  return Array.isArray(value);
}

/** An object literal (or `Object.create(null)`), not an array, class instance or component. */
export { isPlainObject };

/**
 * Convert a prop value to plain JSON data: components to layout nodes, values with `toJSON()` to
 * their JSON form, `undefined` object entries dropped (as `JSON.stringify` would).
 */
export function toJsonValue(value: unknown): JsonValue | LayoutNode {
  if (value === null || typeof value !== "object") return value as JsonValue;
  if (Array.isArray(value)) return value.map((item) => (item === undefined ? null : toJsonValue(item)));
  if (isPlainObject(value)) {
    const out: { [key: string]: JsonValue | LayoutNode } = {};
    for (const [key, item] of Object.entries(value)) {
      if (item !== undefined && typeof item !== "function") out[key] = toJsonValue(item);
    }
    return out;
  }
  const serializable = value as Partial<JsonSerializable>;
  if (typeof serializable.toJSON === "function") return toJsonValue(serializable.toJSON());
  return value as JsonValue;
}

/** A short description of a value for error messages. */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (value instanceof Component) return `a ${value.type} component`;
  if (typeof value === "object") {
    const name = (Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null)?.constructor?.name;
    return name && name !== "Object" ? `a ${name}` : "an object";
  }
  if (typeof value === "string") return JSON.stringify(value);
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- objects returned above: value is a primitive or a function
  return `${typeof value} ${String(value)}`;
}
