/**
 * `_dash-config.children_props`: which props of which component types hold components, so the
 * renderer renders components found deep inside a prop (a dmc Slider's `marks[].label`, a dbc
 * RadioItems' `options[].label`) — the suite passes them straight to React, which cannot render
 * a layout node. Dash's component generator writes these lists (`_children_props`) from the
 * suite's metadata; we read the same metadata (lib/suites/codegen), once per suite and process.
 * For the suites we ship DSL modules for, `npm run gen:components` has already done so
 * (generated/children-props.ts): a server with those suites reads no metadata at all, as long as
 * the installed version is the one the table was made from.
 */
import type { ChildrenProps } from "../protocol/types.js";
import type { ComponentMetadata, PropType, PropTypeField } from "./codegen/metadata.js";
import { NoSuiteMetadataError, readSuiteMetadata } from "./codegen/read-suite.js";
import { BUNDLED_CHILDREN_PROPS } from "./generated/children-props.js";
import { locateSuite } from "./locate.js";
import { resolveSuite } from "./suite-assets.js";

const bySuite = new Map<string, { namespace: string; types: ChildrenProps[string] } | null>();

/**
 * The children props of the suites a page loads (suite names, as in `SuiteAssets.packages`).
 * Suites without readable metadata (or plain libraries such as Plotly) add nothing.
 *
 * @example
 * ```ts
 * childrenPropsOf(["dash_mantine_components"]).dash_mantine_components.Slider; // ["marks[].label", "thumbChildren"]
 * ```
 */
export function childrenPropsOf(suites: Iterable<string>): ChildrenProps {
  const out: ChildrenProps = {};
  for (const name of suites) {
    if (!bySuite.has(name)) bySuite.set(name, readChildrenProps(name));
    const entry = bySuite.get(name);
    if (entry) out[entry.namespace] = entry.types;
  }
  return out;
}

function readChildrenProps(name: string): { namespace: string; types: ChildrenProps[string] } | null {
  const suite = resolveSuite(name);
  const located = suite.namespace === null ? undefined : locateSuite(suite);
  if (!located || suite.namespace === null) return null;
  const known = BUNDLED_CHILDREN_PROPS[suite.namespace];
  if (known?.version === located.version) return { namespace: suite.namespace, types: known.types };
  let components: ComponentMetadata[];
  try {
    components = readSuiteMetadata(located.folder, suite.namespace).components;
  } catch (error) {
    // No metadata (e.g. a built-in suite): its components render nested nodes themselves. Metadata
    // that could not be read is worth a warning: the suite's nested components would not render.
    if (!(error instanceof NoSuiteMetadataError)) {
      process.emitWarning(`children_props of ${name} could not be read: ${error instanceof Error ? error.message : String(error)}`);
    }
    return null;
  }
  return { namespace: suite.namespace, types: childrenPropsOfComponents(components) };
}

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
  for (const name of Object.keys(fields)) collectNodes(fields[name]!.type, `${key}.${name}`, paths);
}
