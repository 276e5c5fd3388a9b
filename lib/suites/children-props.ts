/**
 * `_dash-config.children_props`: which props of which component types hold components, so the
 * renderer renders components found deep inside a prop (a dmc Slider's `marks[].label`, a dbc
 * RadioItems' `options[].label`) — the suite passes them straight to React, which cannot render
 * a layout node. Dash's component generator writes these lists (`_children_props`) from the
 * suite's metadata; we read the same metadata (lib/suite-metadata), once per suite and process.
 * For the suites we ship DSL modules for, `npm run gen:components` has already done so
 * (lib/dsl/suites/generated/children-props.ts): a server with those suites reads no metadata at
 * all, as long as the installed version is the one the table was made from.
 */
import { BUNDLED_CHILDREN_PROPS } from "../dsl/suites/generated/children-props.js";
import type { ChildrenProps } from "../protocol/types.js";
import { childrenPropsOfComponents } from "../suite-metadata/children-prop-paths.js";
import type { ComponentMetadata } from "../suite-metadata/metadata.js";
import { NoSuiteMetadataError, readSuiteMetadata } from "../suite-metadata/read-suite.js";
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
