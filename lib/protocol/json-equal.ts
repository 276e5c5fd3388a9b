/**
 * Deep equality of JSON-like values, key order aside, as Dash compares them with ramda's
 * `equals`: a component's setProps with the values it already has, a cancel input's value,
 * a persisted prop against its record. Objects that are not plain JSON (class instances, maybe
 * cyclic) are equal only to themselves.
 */
import { isPlainObject } from "./plain-object.js";

export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== "object" || typeof b !== "object" || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((item, i) => jsonEqual(item, other[i]));
  }
  if (!isPlainObject(a) || !isPlainObject(b)) return false;
  const keysA = Object.keys(a);
  const keysB = Object.keys(b);
  return (
    keysA.length === keysB.length &&
    keysA.every((key) => Object.prototype.hasOwnProperty.call(b, key) && jsonEqual((a)[key], (b)[key]))
  );
}
