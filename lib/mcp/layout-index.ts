/**
 * The components of the layout as the server knows it (the layout option, not the browser's
 * current state), by stringified id: what tools take their current values and constraints from,
 * and what the `dash://components/{id}` resources show.
 */
import { currentLayout, type LayoutOption } from "../server/app-layout.js";
import { stringifyId } from "../protocol/ids.js";
import type { ComponentId, JsonValue, LayoutNode } from "../protocol/types.js";
import { isPlainObject } from "../protocol/plain-object.js";

/** One component with an id. */
export interface IndexedComponent {
  readonly id: ComponentId;
  readonly node: LayoutNode;
}

/** The layout as JSON, and its components with ids in document order. */
export interface LayoutIndex {
  readonly layout: JsonValue;
  readonly byId: ReadonlyMap<string, IndexedComponent>;
}

/** Indexes of fixed layouts: built once (a layout function is called, and indexed, each time). */
const fixed = new WeakMap<object, LayoutIndex>();

/** The index of the layout to serve now (a layout function is called). */
export async function indexLayout(option: LayoutOption): Promise<LayoutIndex> {
  if (typeof option === "function") return buildIndex(option);
  let index = fixed.get(option);
  if (!index) {
    index = await buildIndex(option);
    fixed.set(option, index);
  }
  return index;
}

async function buildIndex(option: LayoutOption): Promise<LayoutIndex> {
  // through JSON: Components serialize themselves (toJSON) exactly as GET /_dash-layout sends them
  const layout = JSON.parse(JSON.stringify(await currentLayout(option)) ?? "null") as JsonValue;
  const byId = new Map<string, IndexedComponent>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) {
      for (const item of value) visit(item);
      return;
    }
    if (!isPlainObject(value)) return;
    if (isLayoutNode(value)) {
      const id = value.props.id;
      if (typeof id === "string" || isPlainObject(id)) byId.set(stringifyId(id as ComponentId), { id: id as ComponentId, node: value });
      for (const prop of Object.values(value.props)) visit(prop);
      return;
    }
    for (const item of Object.values(value)) visit(item);
  };
  visit(layout);
  return { layout, byId };
}

export function isLayoutNode(value: unknown): value is LayoutNode {
  return isPlainObject(value) && typeof value.type === "string" && typeof value.namespace === "string" && isPlainObject(value.props);
}

/** Text of a node's children (a button's caption, a label's text), short. */
export function textOf(value: unknown, limit = 80): string {
  const parts: string[] = [];
  const visit = (v: unknown): void => {
    if (typeof v === "string" || typeof v === "number") parts.push(String(v));
    else if (Array.isArray(v)) v.forEach(visit);
    else if (isLayoutNode(v)) visit(v.props.children);
  };
  visit(value);
  const text = parts.join(" ").replace(/\s+/g, " ").trim();
  return text.length > limit ? `${text.slice(0, limit)}…` : text;
}
