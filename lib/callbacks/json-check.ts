/**
 * Find the part of a callback's return value that JSON cannot carry. `JSON.stringify` turns a
 * `Set` or a `Map` into `{}` and drops functions without a word, and throws on a cycle or a
 * BigInt after the response has been built; Dash refuses such a value with
 * `InvalidCallbackReturnValue`, and so do we, before anything is sent.
 */
import { inspect } from "node:util";
import { isPlainObject } from "../dsl/component.js";

/** Where a value stops being JSON, and what it is there. */
export interface JsonProblem {
  /** e.g. `[2].rows` (empty for the value itself). */
  readonly path: string;
  /** The offending value's type, e.g. `Set`, `function`, `bigint`. */
  readonly type: string;
  /** A short string representation of it (Node's `inspect`). */
  readonly shown: string;
  /** Whether it is a reference back to a value that contains it. */
  readonly cycle: boolean;
}

/**
 * The first part of `value` that does not serialize to JSON faithfully, or `undefined` when all
 * of it does. Plain objects, arrays, strings, numbers, booleans, null and undefined are JSON;
 * an object with `toJSON()` (a component, a `Patch`, a `Date`) is checked as what that returns.
 *
 * @example
 * ```ts
 * findJsonProblem({ rows: [1, new Set([2])] }); // { path: ".rows[1]", type: "Set", ... }
 * findJsonProblem(html.Div("ok"));             // undefined
 * ```
 */
export function findJsonProblem(value: unknown): JsonProblem | undefined {
  const found = check(value, []);
  return found && { path: pathText(found.keys), type: found.type, shown: found.shown, cycle: found.cycle };
}

const PLAIN_KEY = /^[A-Za-z_$][\w$]*$/;

/** A problem found below the top: its keys are collected on the way back up, so the clean path costs nothing. */
interface Found {
  keys: Array<string | number>;
  type: string;
  shown: string;
  cycle: boolean;
}

function check(value: unknown, ancestors: object[]): Found | undefined {
  switch (typeof value) {
    case "string":
    case "number":
    case "boolean":
    case "undefined":
      return undefined;
    case "function":
    case "symbol":
    case "bigint":
      return { keys: [], type: typeof value, shown: shown(value), cycle: false };
  }
  if (value === null) return undefined;
  const object = value as object;
  // `ancestors`: the objects that contain this one, so a reference back to one of them is a cycle
  if (ancestors.includes(object)) return { keys: [], type: typeName(object), shown: "[Circular]", cycle: true };
  ancestors.push(object);
  const found = checkObject(object, ancestors);
  ancestors.pop();
  return found;
}

function checkObject(object: object, ancestors: object[]): Found | undefined {
  const toJSON = (object as { toJSON?: unknown }).toJSON;
  if (typeof toJSON === "function") {
    let json: unknown;
    try {
      json = toJSON.call(object);
    } catch (error) {
      // e.g. a component whose props hold a cycle overflows the stack in its toJSON()
      const reason = error instanceof Error ? error.message : String(error);
      return { keys: [], type: typeName(object), shown: `toJSON() raised: ${reason}`, cycle: false };
    }
    return json === object ? undefined : check(json, ancestors);
  }
  if (Array.isArray(object)) {
    for (let i = 0; i < object.length; i++) {
      const item: unknown = object[i];
      if (typeof item === "object" || typeof item === "function" || typeof item === "symbol" || typeof item === "bigint") {
        const found = check(item, ancestors);
        if (found) {
          found.keys.unshift(i);
          return found;
        }
      }
    }
    return undefined;
  }
  if (!isPlainObject(object)) return { keys: [], type: typeName(object), shown: shown(object), cycle: false };
  for (const key in object) {
    if (!Object.prototype.hasOwnProperty.call(object, key)) continue;
    const item: unknown = (object)[key];
    if (typeof item === "object" || typeof item === "function" || typeof item === "symbol" || typeof item === "bigint") {
      const found = check(item, ancestors);
      if (found) {
        found.keys.unshift(key);
        return found;
      }
    }
  }
  return undefined;
}

/**
 * Dash's wording of `InvalidCallbackReturnValue` for a value that is not JSON, naming the output
 * (`<Output \`out.children\`>`) or the component a `setProps` targeted.
 *
 * @example
 * ```ts
 * jsonProblemMessage("<Output `out.children`>", findJsonProblem(new Set())!);
 * ```
 */
export function jsonProblemMessage(target: string, problem: JsonProblem): string {
  const what = problem.path === "" ? "a value" : "a tree with one value";
  const where = problem.path === "" ? "The value in question is the value returned for it" : `The value in question is located at ${problem.path}`;
  const kind = problem.cycle ? "which refers back to a value that contains it (a cycle)" : "which is not JSON serializable";
  return (
    `The callback for ${target} returned ${what} having type \`${problem.type}\` ${kind}. ` +
    `${where}, and has string representation \`${problem.shown}\`. ` +
    "In general, Dash properties can only be dash components, strings, dictionaries, numbers, None, or lists of those."
  );
}

function pathText(path: ReadonlyArray<string | number>): string {
  return path.map((key) => (typeof key === "number" ? `[${key}]` : PLAIN_KEY.test(key) ? `.${key}` : `[${JSON.stringify(key)}]`)).join("");
}

function typeName(object: object): string {
  const name = (Object.getPrototypeOf(object) as { constructor?: { name?: string } } | null)?.constructor?.name;
  return name || "Object";
}

function shown(value: unknown): string {
  const text = inspect(value, { depth: 1, breakLength: Infinity, maxArrayLength: 5, maxStringLength: 80 });
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
