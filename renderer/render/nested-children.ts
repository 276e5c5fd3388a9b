import type { ReactNode } from "react";
import type { ComponentPath } from "../component-api/layout-paths.js";
import { isLayoutNode } from "../store/layout-nodes.js";

/**
 * Render the components that sit deep inside a component's props, at the places Dash's
 * `children_props` names for its type: `"marks[].label"` (the `label` of each item of `marks`),
 * `"modalProps.title"`, `"icons{}"` (each value of `icons`). The suite gets React elements
 * there, as dash-renderer gives it, instead of layout JSON that React cannot render. A whole
 * prop (`"leftSection"`) is left to the general rule: a prop holding a node or a list of nodes
 * is rendered anyway.
 *
 * @example
 * ```ts
 * renderNestedChildren(props, ["marks[].label"], componentPath, renderValue).marks[0].label; // a React element
 * ```
 */
export function renderNestedChildren(
  props: Record<string, unknown>,
  childrenProps: readonly string[],
  path: ComponentPath,
  render: (value: unknown, path: ComponentPath) => ReactNode,
): Record<string, unknown> {
  let out = props;
  for (const childrenProp of childrenProps) {
    const segments = childrenProp.split(".");
    if (segments.length === 1 && !childrenProp.endsWith("{}")) continue;
    out = renderAt(out, segments, [...path, "props"], render) as Record<string, unknown>;
  }
  return out;
}

/** `value` with the components at `segments` rendered; the same object when there are none. */
function renderAt(value: unknown, segments: readonly string[], path: ComponentPath, render: (value: unknown, path: ComponentPath) => ReactNode): unknown {
  if (segments.length === 0) return isLayoutNode(value) || Array.isArray(value) ? render(value, path) : value;
  if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
  const [segment, ...rest] = segments as [string, ...string[]];
  const each = segment.endsWith("[]") ? "item" : segment.endsWith("{}") ? "value" : null;
  const name = each ? segment.slice(0, -2) : segment;
  const record = value as Record<string, unknown>;
  const inner = record[name];
  if (inner === undefined) return value;
  let next: unknown = inner;
  if (each === "item") {
    if (Array.isArray(inner)) next = inner.map((item, index) => renderAt(item, rest, [...path, name, index], render));
  } else if (each === "value") {
    if (inner !== null && typeof inner === "object" && !Array.isArray(inner)) {
      next = Object.fromEntries(Object.entries(inner).map(([key, item]) => [key, renderAt(item, rest, [...path, name, key], render)]));
    }
  } else {
    next = renderAt(inner, rest, [...path, name], render);
  }
  return next === inner ? value : { ...record, [name]: next };
}
