/**
 * Factories of suite components (dcc, dmc, dbc, dash_table, users' own), as the generated DSL
 * modules use them: Dash's call forms, typed from each component's props, and the props of a
 * node serialized in the component's declared order, as Dash's Python classes do.
 */
import { Component, makeFactory, type PropValue, type Props, type TypedComponent } from "../component.js";

/** A plain object prop: any keys, any serializable values. */
export type AnyObject = { readonly [key: string]: PropValue };
/** An array prop of anything serializable. */
export type AnyArray = readonly PropValue[];

/**
 * A factory of a component without children: `f(props)`, or `f()` when no prop is required.
 *
 * @example
 * ```ts
 * const store: Component = dcc.Store({ id: "cache", data: { n: 1 } });
 * ```
 */
// `{}` rather than `object`: only an object literal type satisfies the `data-*` index signatures some suites have
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- `{} extends P` holds when P has no required props
export type LeafFactory<P extends object> = {} extends P ? (props?: P) => TypedComponent<P> : (props: P) => TypedComponent<P>;

/** The call forms of a component that has children, when none of its other props is required. */
export interface OptionalParentFactory<P extends { children?: unknown }> {
  (): TypedComponent<P>;
  (children: P["children"]): TypedComponent<P>;
  (props: P): TypedComponent<P>;
  (children: P["children"], props: Omit<P, "children">): TypedComponent<P>;
}

/** The call forms of a component that has children and some required props. */
export interface RequiredParentFactory<P extends { children?: unknown }> {
  (props: P): TypedComponent<P>;
  (children: P["children"], props: Omit<P, "children">): TypedComponent<P>;
}

/**
 * A factory of a component with children: Dash's `f()`, `f(children)`, `f(props)`,
 * `f(children, props)` (the forms without props only when no other prop is required).
 *
 * @example
 * ```ts
 * dbc.Card([dbc.CardBody("Hello")], { id: "card" });
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- `{} extends P` holds when P has no required props
export type ParentFactory<P extends { children?: unknown }> = {} extends Omit<P, "children">
  ? OptionalParentFactory<P>
  : RequiredParentFactory<P>;

/**
 * Make the factory of one suite component. `propNames` is the component's prop order; a node's
 * props are serialized in that order, `children` first (unknown props, such as `data-*`, last),
 * as Dash 4's Python components do.
 *
 * @example
 * ```ts
 * const Store = suiteComponent<{ id?: string; data?: PropValue }>("dash_core_components", "Store", ["id", "data"]);
 * JSON.stringify(Store({ data: 1, id: "s" })); // {"type":"Store","namespace":"dash_core_components","props":{"id":"s","data":1}}
 * ```
 */
export function suiteComponent<P extends object>(namespace: string, type: string, propNames: readonly string[]): (first?: unknown, second?: unknown) => Component {
  const create = makeFactory<P>(namespace, type, false) as (first?: unknown, second?: unknown) => Component;
  const rank = new Map(propNames.map((name, index) => [name, index]));
  // Dash's Python classes take `children` as their first argument, so it serializes first
  rank.set("children", -1);
  return (first?: unknown, second?: unknown): Component => {
    const made = create(first, second);
    const keys = Object.keys(made.props);
    const sorted = [...keys].sort((a, b) => (rank.get(a) ?? Infinity) - (rank.get(b) ?? Infinity));
    if (sorted.every((key, index) => key === keys[index])) return made;
    const ordered: Props = {};
    for (const key of sorted) ordered[key] = made.props[key];
    return new Component(namespace, type, ordered);
  };
}
