import { stringifyId } from "../../lib/protocol/ids.js";
import { isLayoutNode, nodeId } from "../store/layout-nodes.js";
import type { LayoutStore } from "../store/layout-store.js";

/**
 * Where a component sits in the layout, as Dash spells it: the keys and list indexes from the
 * root, e.g. `["props", "children", 1, "props", "leftSection"]`. The root component's path is `[]`.
 */
export type ComponentPath = Array<string | number>;

/**
 * The value at a component path, reading each component with an id from the store, so the
 * props seen are the current ones (after set_props), not those the layout was sent with.
 *
 * @example
 * ```ts
 * valueAtPath(store, ["props", "children", 0, "props"]); // the first child's current props
 * ```
 */
export function valueAtPath(store: LayoutStore, path: readonly (string | number)[]): unknown {
  let value = current(store, store.root);
  for (const key of path) {
    if (value === null || typeof value !== "object") return undefined;
    value = current(store, (value as Record<string | number, unknown>)[key]);
  }
  return value;
}

/** The stringified id of the component at a path, if there is one with an id. */
export function idStrAtPath(store: LayoutStore, path: readonly (string | number)[]): string | undefined {
  const value = valueAtPath(store, path);
  if (!isLayoutNode(value)) return undefined;
  const id = nodeId(value);
  return id === undefined ? undefined : stringifyId(id);
}

/** The path of every component with an id in the layout tree, by stringified id. */
export function pathsById(store: LayoutStore): Map<string, ComponentPath> {
  const paths = new Map<string, ComponentPath>();
  const visit = (value: unknown, path: ComponentPath): void => {
    const node = current(store, value);
    if (Array.isArray(node)) {
      node.forEach((item, index) => visit(item, [...path, index]));
    } else if (isLayoutNode(node)) {
      const id = nodeId(node);
      if (id !== undefined) paths.set(stringifyId(id), path);
      for (const key of Object.keys(node.props)) visit(node.props[key], [...path, "props", key]);
    }
  };
  visit(store.root, []);
  return paths;
}

function current(store: LayoutStore, value: unknown): unknown {
  if (!isLayoutNode(value)) return value;
  const id = nodeId(value);
  return id === undefined ? value : (store.get(stringifyId(id)) ?? value);
}
