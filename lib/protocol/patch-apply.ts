import type { JsonValue, PatchOperation, PatchValue } from "./types.js";
import { PATCH_MARKER } from "./types.js";
import { jsonEqual } from "./json-equal.js";

/**
 * Apply a Dash Patch to a prop's previous value, the way dash-renderer does: operations run in
 * order, each on the result of the one before; negative indices in `location` count from the end;
 * nothing is mutated (changed containers are copied along the location path). A string is a
 * sequence of characters: `Append`, `Prepend`, `Insert` and `Extend` on it concatenate, as `Add`,
 * `Clear` and `Reverse` do (dash-renderer's ramda `append` would split it into a list of characters).
 * Pure and DOM-free, so the server's tests and the browser renderer share it.
 *
 * @example
 * ```ts
 * applyPatch([1, 2], { __dash_patch_update: "__dash_patch_update",
 *   operations: [{ operation: "Append", location: [], params: { value: 3 } }] }); // [1, 2, 3]
 * ```
 */
export function applyPatch(previous: JsonValue | undefined, patch: PatchValue, onStep?: (step: PatchStep) => void): JsonValue {
  // Dash refuses to patch a prop that was never set; so do we, with the same message.
  if (previous === undefined) throw new Error("Cannot patch undefined");
  let value: JsonValue = previous;
  for (const op of patch.operations) {
    const location = resolveLocation(op.location, value);
    const next = applyOperation(value, op, location);
    onStep?.({ op, location, before: value, after: next });
    value = next;
  }
  return value;
}

/**
 * One applied operation, for callers that follow what a Patch took out of a value and put in
 * (the renderer indexes only the components an `Append` brings, not the whole list again).
 * `location` has negative indices resolved; `before` and `after` are the whole value.
 */
export interface PatchStep {
  op: PatchOperation;
  location: PatchKey[];
  before: JsonValue;
  after: JsonValue;
}

/** True for a value in Dash's Patch format (`{"__dash_patch_update": ..., "operations": [...]}`). */
export function isPatchValue(value: unknown): value is PatchValue {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    (value as Record<string, unknown>)[PATCH_MARKER] !== undefined &&
    Array.isArray((value as Record<string, unknown>).operations)
  );
}

export type PatchKey = string | number;

function applyOperation(root: JsonValue, op: PatchOperation, location: PatchKey[]): JsonValue {
  const current = valueAt(root, location);
  const param = op.params.value;
  switch (op.operation) {
    case "Assign":
      return setAt(root, location, param ?? null);
    case "Delete":
      return deleteAt(root, location);
    case "Merge":
      return setAt(root, location, { ...asObject(current), ...asObject(param ?? null) });
    case "Extend":
      if (typeof current === "string") return setAt(root, location, current + asText(param, op, true));
      return setAt(root, location, [...asArray(current, op), ...asArray(param ?? null, op)]);
    case "Append":
      if (typeof current === "string") return setAt(root, location, current + asText(param, op));
      return setAt(root, location, [...asArray(current, op), param ?? null]);
    case "Prepend":
      if (typeof current === "string") return setAt(root, location, asText(param, op) + current);
      return setAt(root, location, [param ?? null, ...asArray(current, op)]);
    case "Insert": {
      const raw = Number(op.params.index);
      if (typeof current === "string") {
        const at = raw < 0 ? Math.max(0, current.length + raw) : raw;
        return setAt(root, location, current.slice(0, at) + asText(param, op) + current.slice(at));
      }
      const list = [...asArray(current, op)];
      list.splice(raw < 0 ? list.length + raw : raw, 0, param ?? null);
      return setAt(root, location, list);
    }
    case "Remove":
      return setAt(root, location, asArray(current, op).filter((item) => !jsonEqual(item, param ?? null)));
    case "Clear":
      return setAt(root, location, emptyLike(current));
    case "Reverse":
      return setAt(root, location, typeof current === "string" ? [...current].reverse().join("") : [...asArray(current, op)].reverse());
    case "Add":
      // `+` like Dash: numbers add, strings concatenate.
      return setAt(root, location, (current as never as number) + (param as never as number));
    case "Sub":
      return setAt(root, location, Number(current) - Number(param));
    case "Mul":
      return setAt(root, location, Number(current) * Number(param));
    case "Div":
      return setAt(root, location, Number(current) / Number(param));
    default:
      throw new Error(`Invalid Operation ${String((op as { operation: unknown }).operation)}`);
  }
}

/** Negative numeric keys count from the end of the list they index, resolved step by step. */
function resolveLocation(location: PatchKey[], root: JsonValue): PatchKey[] {
  const resolved: PatchKey[] = [];
  for (const key of location) {
    const container = valueAt(root, resolved);
    resolved.push(typeof key === "number" && key < 0 && Array.isArray(container) ? container.length + key : key);
  }
  return resolved;
}

/** The value at a (resolved) location, undefined where the path does not exist. */
export function valueAt(root: JsonValue | undefined, location: readonly PatchKey[]): JsonValue | undefined {
  let value = root;
  for (const key of location) {
    if (value === null || typeof value !== "object") return undefined;
    value = (value as Record<PatchKey, JsonValue>)[key];
  }
  return value;
}

/** Copy-on-write set; missing containers are created (a list for a numeric key, else an object). */
function setAt(root: JsonValue | undefined, location: PatchKey[], value: JsonValue): JsonValue {
  if (location.length === 0) return value;
  const [key, ...rest] = location;
  const child = root !== null && typeof root === "object" ? (root as Record<PatchKey, JsonValue>)[key] : undefined;
  const next = setAt(child, rest, value);
  if (Array.isArray(root) && typeof key === "number") {
    const copy = [...root];
    copy[key] = next;
    return copy;
  }
  if (root === null || typeof root !== "object") {
    if (typeof key === "number") {
      const list: JsonValue[] = [];
      list[key] = next;
      return list;
    }
    return { [key]: next };
  }
  return { ...(root as Record<string, JsonValue>), [key]: next };
}

function deleteAt(root: JsonValue, location: PatchKey[]): JsonValue {
  if (location.length === 0) return root;
  if (root === null || typeof root !== "object") return root;
  const [key, ...rest] = location;
  if (Array.isArray(root)) {
    const index = Number(key);
    if (!(index in root)) return root;
    const copy = [...root];
    if (rest.length === 0) copy.splice(index, 1);
    else copy[index] = deleteAt(root[index], rest);
    return copy;
  }
  if (!(key in root)) return root;
  const copy = { ...root };
  if (rest.length === 0) delete copy[key];
  else copy[key] = deleteAt(root[key], rest);
  return copy;
}

function asArray(value: JsonValue | undefined, op: PatchOperation): JsonValue[] {
  if (Array.isArray(value)) return value;
  throw new Error(`Patch ${op.operation} at [${op.location.join(", ")}] needs a list`);
}

/**
 * The text a sequence operation adds to a string: a string, or for `Extend` a list of strings
 * too (as Python's `"".join`). Anything else is refused rather than turned into "[object Object]".
 */
function asText(value: JsonValue | undefined, op: PatchOperation, listOfStrings = false): string {
  if (typeof value === "string") return value;
  if (listOfStrings && Array.isArray(value) && value.every((item) => typeof item === "string")) return value.join("");
  throw new Error(`Patch ${op.operation} at [${op.location.join(", ")}] on a string needs a string`);
}

function asObject(value: JsonValue | undefined): Record<string, JsonValue> {
  return value !== null && typeof value === "object" && !Array.isArray(value) ? value : {};
}

function emptyLike(value: JsonValue | undefined): JsonValue {
  if (Array.isArray(value)) return [];
  if (typeof value === "string") return "";
  if (value !== null && typeof value === "object") return {};
  return null;
}
