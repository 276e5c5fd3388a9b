import { PATCH_MARKER, type PatchOperation, type PatchOperationName, type PatchValue } from "../protocol/types.js";
import { describe, isPlainObject, toJsonValue, type PropValue } from "./component.js";

/** A key in a patch location: an object key or a list index. */
export type PatchKey = string | number;

interface PendingOperation {
  operation: PatchOperationName;
  location: PatchKey[];
  params: { [param: string]: PropValue };
}

/**
 * A partial update of a prop: operations (Dash's `Patch`) that the browser applies to the prop's
 * current value, so a callback or a stream can append rows or change one key without resending the
 * whole value. Usable as a prop value in callback outputs and in `streamProps`; serializes to
 * Dash's Patch JSON. Methods return the patch, so calls can be chained.
 *
 * @example
 * ```ts
 * const rows = new Patch().append({ a: 1 }).append({ a: 2 });
 * const data = new Patch();
 * data.at("nested", "count").assign(2);
 * data.at("n").add(5);
 * yield streamProps([["table", { data: rows }], ["store", { data }]]);
 * ```
 */
export class Patch {
  #location: PatchKey[] = [];
  #operations: PendingOperation[] = [];

  /**
   * A patch at a location below this one (object keys and list indexes), writing into the same
   * operation list: `p.at("a", 0).assign(v)` is Dash's `p["a"][0] = v`.
   *
   * @example
   * ```ts
   * const p = new Patch();
   * p.at("items").append(3);
   * p.at("meta", "title").assign("new");
   * ```
   */
  at(...keys: PatchKey[]): Patch {
    for (const key of keys) checkKey(key, "at");
    const sub = new Patch();
    sub.#location = [...this.#location, ...keys];
    sub.#operations = this.#operations;
    return sub;
  }

  /** The location of this patch, as keys from the prop's root (`[]` for the root). */
  get location(): readonly PatchKey[] {
    return [...this.#location];
  }

  /**
   * Set the value at this location (Dash's `p[key] = value`).
   *
   * @example
   * ```ts
   * new Patch().at("title").assign("Report"); // Assign at ["title"]
   * ```
   */
  assign(value: PropValue): this {
    return this.#add("Assign", this.#location, { value });
  }

  /**
   * Delete the entry at this location, or the given key under it (Dash's `del p[key]`).
   *
   * @example
   * ```ts
   * new Patch().delete("drop");       // Delete at ["drop"]
   * new Patch().at("items", 0).delete(); // Delete at ["items", 0]
   * ```
   */
  delete(key?: PatchKey): this {
    const location = key === undefined ? this.#location : [...this.#location, checkKey(key, "delete")];
    if (location.length === 0) throw new TypeError("Patch.delete(): give the key to delete; the whole value cannot be deleted");
    return this.#add("Delete", location, {});
  }

  /**
   * Add an item to the end of the list at this location; on a string, add the text to its end.
   *
   * @example
   * ```ts
   * new Patch().append(html.Li("new"));
   * new Patch().at("log").append("\nnext line"); // a string prop grows: "…\nnext line"
   * ```
   */
  append(value: PropValue): this {
    return this.#add("Append", this.#location, { value });
  }

  /**
   * Add an item to the start of the list at this location; on a string, the text to its start.
   *
   * @example
   * ```ts
   * new Patch().prepend("first");
   * ```
   */
  prepend(value: PropValue): this {
    return this.#add("Prepend", this.#location, { value });
  }

  /**
   * Insert an item at `index` of the list at this location (negative indexes count from the end);
   * on a string, insert the text before the character at `index`.
   *
   * @example
   * ```ts
   * new Patch().insert(1, "second");
   * ```
   */
  insert(index: number, value: PropValue): this {
    if (!Number.isInteger(index)) throw new TypeError(`Patch.insert(index, value): index must be an integer, got ${describe(index)}`);
    return this.#add("Insert", this.#location, { value, index });
  }

  /**
   * Add all items of `values` to the end of the list at this location; on a string, add the text
   * (a string, or the strings of a list) to its end.
   *
   * @example
   * ```ts
   * new Patch().at("items").extend([4, 5]);
   * new Patch().extend(["token ", "by ", "token"]); // a string prop: "…token by token"
   * ```
   */
  extend(values: readonly PropValue[] | string): this {
    if (!Array.isArray(values) && typeof values !== "string") {
      throw new TypeError(`Patch.extend(values): values must be an array or a string, got ${describe(values)}`);
    }
    return this.#add("Extend", this.#location, { value: values });
  }

  /**
   * Remove the items equal to `value` from the list at this location.
   *
   * @example
   * ```ts
   * new Patch().at("tags").remove("old");
   * ```
   */
  remove(value: PropValue): this {
    return this.#add("Remove", this.#location, { value });
  }

  /**
   * Remove all items of the list at this location.
   *
   * @example
   * ```ts
   * new Patch().at("log").clear();
   * ```
   */
  clear(): this {
    return this.#add("Clear", this.#location, {});
  }

  /**
   * Reverse the list at this location.
   *
   * @example
   * ```ts
   * new Patch().reverse();
   * ```
   */
  reverse(): this {
    return this.#add("Reverse", this.#location, {});
  }

  /**
   * Merge the entries of `value` into the object at this location (Dash's `p.update(value)`).
   *
   * @example
   * ```ts
   * new Patch().at("style").merge({ color: "red" });
   * ```
   */
  merge(value: { readonly [key: string]: PropValue }): this {
    if (!isPlainObject(value)) throw new TypeError(`Patch.merge(value): value must be an object, got ${describe(value)}`);
    return this.#add("Merge", this.#location, { value });
  }

  /**
   * Add `n` to the number at this location, or append the text `n` to the string there
   * (Dash's `p[key] += n`; a token stream grows a text this way, one token per frame).
   *
   * @example
   * ```ts
   * new Patch().at("count").add(1);
   * new Patch().add(" next token");
   * ```
   */
  add(n: number | string): this {
    if (typeof n === "string") return this.#add("Add", this.#location, { value: n });
    return this.#arithmetic("Add", n);
  }

  /**
   * Subtract `n` from the number at this location (Dash's `p[key] -= n`).
   *
   * @example
   * ```ts
   * new Patch().at("left").sub(1);
   * ```
   */
  sub(n: number): this {
    return this.#arithmetic("Sub", n);
  }

  /**
   * Multiply the number at this location by `n` (Dash's `p[key] *= n`).
   *
   * @example
   * ```ts
   * new Patch().at("scale").mul(2);
   * ```
   */
  mul(n: number): this {
    return this.#arithmetic("Mul", n);
  }

  /**
   * Divide the number at this location by `n` (Dash's `p[key] /= n`).
   *
   * @example
   * ```ts
   * new Patch().at("scale").div(2);
   * ```
   */
  div(n: number): this {
    return this.#arithmetic("Div", n);
  }

  /**
   * Dash's Patch JSON: `{"__dash_patch_update": "__dash_patch_update", "operations": [...]}`, with
   * every operation of the patch (a sub-patch from `at()` gives the same list).
   *
   * @example
   * ```ts
   * new Patch().append(1).toJSON();
   * // { __dash_patch_update: "__dash_patch_update",
   * //   operations: [{ operation: "Append", location: [], params: { value: 1 } }] }
   * ```
   */
  toJSON(): PatchValue {
    return {
      __dash_patch_update: PATCH_MARKER,
      operations: this.#operations.map(
        (op): PatchOperation => ({
          operation: op.operation,
          location: [...op.location],
          params: toJsonValue(op.params) as PatchOperation["params"],
        }),
      ),
    };
  }

  #arithmetic(operation: "Add" | "Sub" | "Mul" | "Div", n: number): this {
    if (typeof n !== "number" || Number.isNaN(n)) {
      throw new TypeError(`Patch.${operation.toLowerCase()}(n): n must be a number, got ${describe(n)}`);
    }
    return this.#add(operation, this.#location, { value: n });
  }

  #add(operation: PatchOperationName, location: readonly PatchKey[], params: PendingOperation["params"]): this {
    this.#operations.push({ operation, location: [...location], params });
    return this;
  }
}

function checkKey(key: unknown, method: string): PatchKey {
  if (typeof key === "string" || (typeof key === "number" && Number.isInteger(key))) return key;
  throw new TypeError(`Patch.${method}(): a key must be a string or an integer index, got ${describe(key)}`);
}

/**
 * Whether `value` is a `Patch`.
 *
 * @example
 * ```ts
 * isPatch(new Patch()); // true
 * ```
 */
export function isPatch(value: unknown): value is Patch {
  return value instanceof Patch;
}
