/**
 * Groupings, as Dash's `_grouping.py` has them: a leaf, or a list or an object of groupings.
 * Flexible callback signatures use them for their outputs (the shape a function returns) and
 * their inputs and states (the shape it receives), while the wire only knows flat lists: these
 * helpers go from one to the other, always in the same depth-first order (object keys in
 * insertion order).
 */
import { describe, isPlainObject } from "../dsl/component.js";
import { isNoUpdate, noUpdate } from "../dsl/no-update.js";

/** A leaf, or a list or an object of groupings. */
export type Grouping<T> = T | readonly Grouping<T>[] | { readonly [key: string]: Grouping<T> };

/**
 * The leaves of a grouping, in order.
 *
 * @example
 * ```ts
 * flattenGrouping({ a: 1, b: [2, 3] }, isNumber); // [1, 2, 3]
 * ```
 */
export function flattenGrouping<T>(grouping: Grouping<T>, isLeaf: (value: unknown) => value is T): T[] {
  const leaves: T[] = [];
  const walk = (node: Grouping<T>): void => {
    if (isLeaf(node)) leaves.push(node);
    else if (Array.isArray(node)) (node as readonly Grouping<T>[]).forEach(walk);
    else Object.values(node as { [key: string]: Grouping<T> }).forEach(walk);
  };
  walk(grouping);
  return leaves;
}

/**
 * The same shape with each leaf replaced by `fn(leaf, index)`, leaves numbered in flatten order.
 *
 * @example
 * ```ts
 * mapGrouping({ a: dep1, b: [dep2] }, isDependency, (_d, i) => values[i]); // { a: v0, b: [v1] }
 * ```
 */
export function mapGrouping<T, U>(grouping: Grouping<T>, isLeaf: (value: unknown) => value is T, fn: (leaf: T, index: number) => U): Grouping<U> {
  let index = 0;
  const walk = (node: Grouping<T>): Grouping<U> => {
    if (isLeaf(node)) return fn(node, index++);
    if (Array.isArray(node)) return (node as readonly Grouping<T>[]).map(walk);
    const out: { [key: string]: Grouping<U> } = {};
    for (const [key, child] of Object.entries(node as { [key: string]: Grouping<T> })) out[key] = walk(child);
    return out;
  };
  return walk(grouping);
}

/** A value that does not have its grouping's shape; `lengths`: a list of the wrong length (or not a list). */
export class GroupingMismatchError extends TypeError {
  constructor(
    message: string,
    readonly lengths: boolean,
  ) {
    super(message);
    this.name = "GroupingMismatchError";
  }
}

/**
 * Flatten a value returned for a grouping of outputs into one value per leaf, checking that it
 * has the grouping's shape (lists of the same length, objects with the same keys). `noUpdate`
 * in place of a list or an object leaves every output under it as it is. Throws a
 * `GroupingMismatchError` that says where the shapes differ.
 *
 * @example
 * ```ts
 * flattenValue({ total: 3, parts: [1, noUpdate] }, { total: out1, parts: [out2, out3] }, isDependency); // [3, 1, noUpdate]
 * ```
 */
export function flattenValue<T>(value: unknown, grouping: Grouping<T>, isLeaf: (value: unknown) => value is T): unknown[] {
  const values: unknown[] = [];
  const walk = (node: Grouping<T>, item: unknown, path: string): void => {
    if (isLeaf(node)) {
      values.push(item);
      return;
    }
    if (isNoUpdate(item)) {
      for (let n = flattenGrouping(node, isLeaf).length; n > 0; n--) values.push(noUpdate);
      return;
    }
    const where = path === "" ? "" : ` at ${path}`;
    if (Array.isArray(node)) {
      const list = node as readonly Grouping<T>[];
      if (!Array.isArray(item) || item.length !== list.length) {
        throw new GroupingMismatchError(`expected a list of ${list.length} value${list.length === 1 ? "" : "s"}${where}, got ${describe(item)}`, true);
      }
      list.forEach((child, i) => walk(child, item[i], `${path}[${i}]`));
      return;
    }
    const keys = Object.keys(node);
    if (!isPlainObject(item)) throw new GroupingMismatchError(`expected an object with keys ${keys.join(", ")}${where}, got ${describe(item)}`, false);
    const extra = Object.keys(item).filter((key) => !keys.includes(key));
    const missing = keys.filter((key) => !Object.prototype.hasOwnProperty.call(item, key));
    if (extra.length > 0 || missing.length > 0) {
      const problems = [missing.length > 0 ? `missing ${missing.join(", ")}` : "", extra.length > 0 ? `unexpected ${extra.join(", ")}` : ""].filter(Boolean);
      throw new GroupingMismatchError(`expected an object with keys ${keys.join(", ")}${where}, got one with ${problems.join(" and ")}`, false);
    }
    for (const key of keys) walk((node as { [key: string]: Grouping<T> })[key], item[key], `${path}.${key}`);
  };
  walk(grouping, value, "");
  return values;
}
