/**
 * Which component types of which namespaces a layout uses, found anywhere in it: in `children`
 * and in any other prop (dmc's `leftSection`, dbc's nested cards), as components or as their JSON.
 */
import { Component } from "../dsl/component.js";

/** namespace → the component types of it that occur. */
export type LayoutUsage = Map<string, Set<string>>;

/**
 * Walk a layout (components or Dash JSON nodes, a node or a list) and collect namespaces and types.
 *
 * @example
 * ```ts
 * layoutUsage(html.Div([dcc.Graph({ id: "g" })])).get("dash_core_components"); // Set { "Graph" }
 * ```
 */
export function layoutUsage(layout: unknown): LayoutUsage {
  const usage: LayoutUsage = new Map();
  // a layout is a tree, but a user may reuse one object in several places: visit each once
  const seen = new Set<object>();
  const visit = (value: unknown): void => {
    if (value === null || typeof value !== "object" || seen.has(value)) return;
    seen.add(value);
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    const node = asNode(value);
    if (node) {
      let types = usage.get(node.namespace);
      if (!types) usage.set(node.namespace, (types = new Set()));
      types.add(node.type);
      visit(node.props);
      return;
    }
    for (const item of Object.values(value)) visit(item);
  };
  visit(layout);
  return usage;
}

function asNode(value: object): { namespace: string; type: string; props: unknown } | undefined {
  if (value instanceof Component) return value;
  const candidate = value as { namespace?: unknown; type?: unknown; props?: unknown };
  if (typeof candidate.namespace === "string" && typeof candidate.type === "string" && typeof candidate.props === "object") {
    return candidate as { namespace: string; type: string; props: unknown };
  }
  return undefined;
}
