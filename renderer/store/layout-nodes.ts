import { stringifyId } from "../../lib/protocol/ids.js";
import { isPlainObject } from "../../lib/protocol/plain-object.js";
import type { ComponentId, DependencyId, JsonValue, LayoutNode } from "../../lib/protocol/types.js";

/** Props of a node as the renderer holds them (values may be component nodes at any depth). */
export type Props = LayoutNode["props"];

/** A component node: `{type, namespace, props}` with a string `type` and `namespace`. */
export function isLayoutNode(value: unknown): value is LayoutNode {
  return (
    isPlainObject(value) &&
    typeof (value as LayoutNode).type === "string" &&
    typeof (value as LayoutNode).namespace === "string" &&
    typeof (value as LayoutNode).props === "object" &&
    (value as LayoutNode).props !== null
  );
}

/** The node's id when it has one usable as a Dash id (string or object). */
export function nodeId(node: LayoutNode): ComponentId | undefined {
  const id = node.props.id as JsonValue | undefined;
  if (typeof id === "string") return id;
  if (id !== null && typeof id === "object" && !Array.isArray(id)) return id as ComponentId;
  return undefined;
}

/** The node's id stringified (`stringifyId`: the store's key), if it has one. */
export function idString(node: LayoutNode): string | undefined {
  const id = nodeId(node);
  return id === undefined ? undefined : stringifyId(id);
}

/**
 * Visit every component node inside a prop value (children or any other prop), depth first,
 * in document order. `visit` returns false to not descend into that node's props.
 */
export function forEachNode(value: unknown, visit: (node: LayoutNode) => boolean | void): void {
  // text and numbers (most prop values) hold nothing
  if (typeof value !== "object" || value === null) return;
  // Index and for-in loops: while a page starts this code is not optimized yet, and there each
  // step of a for-of and each Object.keys allocates (a whole page's layout is walked at boot).
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) forEachNode(value[i], visit);
  } else if (isLayoutNode(value)) {
    if (visit(value) === false) return;
    const { props } = value;
    for (const key in props) forEachNode(props[key], visit);
  } else if (isPlainObject(value)) {
    // Components can sit inside plain objects too (e.g. a dropdown option's label); other objects
    // (a live editor a component passed to setProps) are values, not layout.
    for (const key in value) forEachNode(value[key], visit);
  }
}

/**
 * The sorted key names of an object id or pattern, joined by commas (Dash's `keyStr`): the
 * components a wildcard dependency can match all have these keys. Null for a string id.
 */
export function idKeys(id: ComponentId | DependencyId): string | null {
  return typeof id === "string" ? null : Object.keys(id).sort().join(",");
}
