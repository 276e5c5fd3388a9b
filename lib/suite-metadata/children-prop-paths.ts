/**
 * Which props of a suite's components hold components, from the suite's metadata: Dash's
 * `_children_props`. Worked out at gen time for the bundled suites (lib/codegen) and at run time
 * for any other suite a page loads (lib/suites/children-props.ts).
 */
import type { ComponentMetadata, PropType, PropTypeField } from "./metadata.js";

/**
 * The children props of each component type that has any: the paths, in Dash's notation
 * (`marks[].label`, `options[].label`, `x{}`), of the props that hold components, `children` aside.
 *
 * @example
 * ```ts
 * childrenPropsOfComponents(readSuiteMetadata(folder, "dash_mantine_components").components).Slider; // ["marks[].label", ...]
 * ```
 */
export function childrenPropsOfComponents(components: readonly ComponentMetadata[]): Record<string, string[]> {
  const types: Record<string, string[]> = {};
  for (const component of components) {
    const paths = new Set<string>();
    for (const prop of component.props) if (prop.name !== "children") collectNodes(prop.type, prop.name, paths);
    if (paths.size > 0) types[component.name] = [...paths];
  }
  return types;
}

/** The paths below `key` that hold a `node`, in Dash's notation (`element` is not a Dash children prop). */
function collectNodes(type: PropType, key: string, paths: Set<string>): void {
  switch (type.name) {
    case "node":
      paths.add(key);
      return;
    case "arrayOf":
      collectItems(type.value, key, paths);
      return;
    case "shape":
    case "exact":
      collectFields(type.value, key, paths);
      return;
    case "union":
      for (const member of type.value) collectNodes(member, key, paths);
      return;
    case "objectOf":
      if (type.value.name === "node") paths.add(`${key}{}`);
      else if (type.value.name === "shape" || type.value.name === "exact") collectFields(type.value.value, `${key}{}`, paths);
      return;
    default:
      return;
  }
}

/** A list's items: a list of nodes is the prop itself; nodes inside items are `key[].field`. */
function collectItems(item: PropType, key: string, paths: Set<string>): void {
  if (item.name === "node") paths.add(key);
  else if (item.name === "shape" || item.name === "exact") collectFields(item.value, `${key}[]`, paths);
  else if (item.name === "union") for (const member of item.value) collectItems(member, key, paths);
}

function collectFields(fields: { readonly [name: string]: PropTypeField }, key: string, paths: Set<string>): void {
  for (const name of Object.keys(fields)) collectNodes(fields[name].type, `${key}.${name}`, paths);
}
