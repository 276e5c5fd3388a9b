/**
 * What is known about a suite: its components and their props, with prop types in
 * the shape of Dash's `metadata.json` (react-docgen's `type` objects), whichever source they were
 * read from (a Python package's metadata.json, a `proptypes.js`, a bundle, or JS sources).
 */

/** A prop type, as react-docgen describes PropTypes. */
export type PropType =
  | { name: "string" | "number" | "bool" | "object" | "array" | "any" | "node" | "element" | "func" | "symbol" | "elementType" }
  | { name: "enum"; value: ReadonlyArray<string | number | boolean | null> }
  | { name: "union"; value: readonly PropType[] }
  | { name: "arrayOf" | "objectOf"; value: PropType }
  | { name: "shape" | "exact"; value: { readonly [key: string]: PropTypeField } }
  | { name: "instanceOf"; value: string }
  /** Any string besides a union's literals: TypeScript's `(string & {})` (see restore-types.ts). */
  | { name: "otherString" };

/** A prop type with whether it is required (and, in shapes, its description). */
export interface PropTypeField {
  type: PropType;
  required: boolean;
  description?: string;
}

/** One component of a suite. */
export interface ComponentMetadata {
  /** The type name, e.g. `"Dropdown"`. */
  name: string;
  description?: string;
  /** Props in declaration order: Dash serializes props in this order. */
  props: Array<PropTypeField & { name: string }>;
}

/** A suite's components, sorted by name. */
export interface SuiteMetadata {
  /** `window[namespace]` and the layout nodes' `namespace`. */
  namespace: string;
  components: ComponentMetadata[];
}
