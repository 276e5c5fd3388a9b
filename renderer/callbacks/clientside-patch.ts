import { PATCH_MARKER, type PatchOperation, type PatchOperationName, type PatchValue } from "../../lib/protocol/types.js";

/** A location in a prop's value: object keys and list indexes (negative ones count from the end). */
export type PatchLocation = Array<string | number>;

/**
 * `window.dash_clientside.Patch`: dash-renderer's `PatchBuilder`, with its method names and
 * arguments. Each method takes the location (keys from the prop's root, `[]` for the root)
 * first and returns the builder; `build()` gives the Patch value a clientside callback returns
 * (or passes to `dash_clientside.set_props`), applied to the prop's current value as a
 * server-side `Patch` is. A builder returned without `build()` is built for you.
 *
 * @example
 * ```js
 * // assets/app.js, or the source of app.clientsideCallback(...)
 * function (n) {
 *   return new dash_clientside.Patch()
 *     .append(["data", 0, "y"], n)
 *     .assign(["layout", "title", "text"], "clicks: " + n)
 *     .build();
 * }
 * ```
 */
export class ClientsidePatch {
  private readonly operations: PatchOperation[] = [];

  /** Set the value at `location` (Python's `p[key] = value`). */
  assign(location: PatchLocation, value: unknown): this {
    return this.push("Assign", location, { value });
  }

  /** Merge the entries of `value` into the object at `location` (Python's `p.update(value)`). */
  merge(location: PatchLocation, value: unknown): this {
    return this.push("Merge", location, { value });
  }

  /** Add the items of `value` to the end of the list at `location` (on a string: its text). */
  extend(location: PatchLocation, value: unknown): this {
    return this.push("Extend", location, { value });
  }

  /** Delete the entry at `location` (Python's `del p[key]`). */
  delete(location: PatchLocation): this {
    return this.push("Delete", location, {});
  }

  /** Insert `value` at `index` of the list (or string) at `location`. */
  insert(location: PatchLocation, index: number, value: unknown): this {
    return this.push("Insert", location, { index, value });
  }

  /** Add `value` to the end of the list at `location`; on a string, the text to its end. */
  append(location: PatchLocation, value: unknown): this {
    return this.push("Append", location, { value });
  }

  /** Add `value` to the start of the list at `location`; on a string, the text to its start. */
  prepend(location: PatchLocation, value: unknown): this {
    return this.push("Prepend", location, { value });
  }

  /** `+` on the value at `location`: numbers add, strings concatenate. */
  add(location: PatchLocation, value: unknown): this {
    return this.push("Add", location, { value });
  }

  /** `-` on the number at `location`. */
  sub(location: PatchLocation, value: unknown): this {
    return this.push("Sub", location, { value });
  }

  /** `*` on the number at `location`. */
  mul(location: PatchLocation, value: unknown): this {
    return this.push("Mul", location, { value });
  }

  /** `/` on the number at `location`. */
  div(location: PatchLocation, value: unknown): this {
    return this.push("Div", location, { value });
  }

  /** Empty the list, object or string at `location`. */
  clear(location: PatchLocation): this {
    return this.push("Clear", location, {});
  }

  /** Reverse the list or string at `location`. */
  reverse(location: PatchLocation): this {
    return this.push("Reverse", location, {});
  }

  /** Remove the items equal to `value` from the list at `location`. */
  remove(location: PatchLocation, value: unknown): this {
    return this.push("Remove", location, { value });
  }

  /** The Patch value: `{"__dash_patch_update": "__dash_patch_update", "operations": [...]}`. */
  build(): PatchValue {
    return { __dash_patch_update: PATCH_MARKER, operations: this.operations };
  }

  private push(operation: PatchOperationName, location: PatchLocation, params: Record<string, unknown>): this {
    // dash-renderer takes any location; a string here would patch one key per character, so say so.
    if (!Array.isArray(location)) {
      throw new TypeError(`dash_clientside.Patch.${operation.toLowerCase()}(location, ...): location must be a list of keys, e.g. ["data", 0]`);
    }
    this.operations.push({ operation, location: [...location], params: params as PatchOperation["params"] });
    return this;
  }
}

/** What a clientside callback returned, with a `dash_clientside.Patch` left unbuilt turned into its Patch value. */
export function builtPatch(value: unknown): unknown {
  return value instanceof ClientsidePatch ? value.build() : value;
}

/** `dash_clientside.set_props` props with each unbuilt `dash_clientside.Patch` built; anything else as given. */
export function builtPatchProps(props: Record<string, unknown>): Record<string, unknown> {
  if (props === null || typeof props !== "object") return props;
  return Object.fromEntries(Object.entries(props).map(([key, value]) => [key, builtPatch(value)]));
}
