/**
 * A stand-in for the `prop-types` package that records what each validator is instead of
 * checking anything. Evaluating a suite's `proptypes.js` (or a bundle that takes `PropTypes`
 * from `window`) against it turns its `propTypes` into data.
 */
import type { PropType, PropTypeField } from "./metadata.js";

const RECORD = Symbol("propType");

/** A recorded validator: a function, as PropTypes validators are, carrying its type. */
interface Recorded {
  (): void;
  [RECORD]: PropTypeField;
  isRequired?: Recorded;
}

function recorded(type: PropType, required = false): Recorded {
  const validator = (() => undefined) as Recorded;
  validator[RECORD] = { type, required };
  if (!required) {
    Object.defineProperty(validator, "isRequired", { get: () => recorded(type, true), enumerable: false });
  }
  return validator;
}

/**
 * The field a recorded validator stands for; anything else (a validator we did not make, e.g.
 * a custom function) is `any`.
 */
export function recordedField(value: unknown): PropTypeField {
  if (typeof value === "function" && RECORD in value) return (value as Recorded)[RECORD];
  return { type: { name: "any" }, required: false };
}

function recordShape(shape: unknown): { [key: string]: PropTypeField } {
  const out: { [key: string]: PropTypeField } = {};
  if (shape && typeof shape === "object") {
    for (const [key, value] of Object.entries(shape)) out[key] = recordedField(value);
  }
  return out;
}

/**
 * A fresh recording `PropTypes` object.
 *
 * @example
 * ```ts
 * const pt = makePropTypesRecorder();
 * recordedField(pt.arrayOf(pt.string).isRequired); // { type: { name: "arrayOf", value: { name: "string" } }, required: true }
 * ```
 */
export function makePropTypesRecorder(): { [name: string]: unknown } {
  const simple = ["string", "number", "bool", "object", "array", "any", "node", "element", "func", "symbol", "elementType"] as const;
  const pt: { [name: string]: unknown } = {};
  for (const name of simple) pt[name] = recorded({ name });
  pt.oneOf = (values: unknown) =>
    recorded({ name: "enum", value: Array.isArray(values) ? values.filter(isLiteral) : [] });
  pt.oneOfType = (types: unknown) =>
    recorded({ name: "union", value: Array.isArray(types) ? types.map((t) => recordedField(t).type) : [] });
  pt.arrayOf = (type: unknown) => recorded({ name: "arrayOf", value: recordedField(type).type });
  pt.objectOf = (type: unknown) => recorded({ name: "objectOf", value: recordedField(type).type });
  pt.shape = (shape: unknown) => recorded({ name: "shape", value: recordShape(shape) });
  pt.exact = (shape: unknown) => recorded({ name: "exact", value: recordShape(shape) });
  pt.instanceOf = (ctor: unknown) => recorded({ name: "instanceOf", value: typeof ctor === "function" ? ctor.name : "Object" });
  pt.checkPropTypes = () => undefined;
  pt.resetWarningCache = () => undefined;
  pt.PropTypes = pt;
  return pt;
}

function isLiteral(value: unknown): value is string | number | boolean | null {
  return value === null || ["string", "number", "boolean"].includes(typeof value);
}
