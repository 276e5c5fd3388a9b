import type { ComponentId, DependencyId, IdValue } from "./types.js";

/**
 * Stringify an id the way Dash keys it on the wire: strings as they are, object ids as
 * compact JSON with sorted keys (`{"index":0,"type":"btn"}`), wildcards as `["MATCH"]`.
 */
export function stringifyId(id: ComponentId | DependencyId): string {
  if (typeof id === "string") return id;
  const keys = Object.keys(id).sort();
  return "{" + keys.map((k) => JSON.stringify(k) + ":" + JSON.stringify(id[k])).join(",") + "}";
}

/** `"id.prop"` as in `changedPropIds` and callback ids. */
export function propId(id: ComponentId | DependencyId, property: string): string {
  return stringifyId(id) + "." + property;
}

/** Parse an id that `stringifyId` produced (object ids start with `{`). */
export function parseId(stringified: string): ComponentId {
  if (!stringified.startsWith("{")) return stringified;
  return JSON.parse(stringified) as ComponentId;
}

/** Split `"id.prop"` at the last dot that ends the id (object ids may contain dots inside). */
export function splitPropId(idDotProp: string): { id: string; property: string } {
  const cut = idDotProp.startsWith("{") ? idDotProp.lastIndexOf("}") + 1 : idDotProp.lastIndexOf(".");
  return { id: idDotProp.slice(0, cut), property: idDotProp.slice(cut + (idDotProp[cut] === "." ? 1 : 0)) };
}

/**
 * Whether a concrete id fits a dependency id: equal strings, or object ids with the same own
 * keys, equal outside the wildcard keys. Only own keys count, so a pattern key such as
 * `toString` never matches through the object prototype.
 *
 * @example
 * ```ts
 * idMatches({ type: "btn", index: ["ALL"] }, { type: "btn", index: 3 }); // true
 * idMatches({ toString: ["ALL"] }, { index: 1 }); // false
 * ```
 */
export function idMatches(pattern: DependencyId, id: ComponentId): boolean {
  if (typeof pattern === "string" || typeof id === "string") return pattern === id;
  const keys = Object.keys(pattern);
  if (keys.length !== Object.keys(id).length) return false;
  return keys.every((key) => {
    if (!Object.prototype.hasOwnProperty.call(id, key)) return false;
    const expected = pattern[key];
    return Array.isArray(expected) || expected === id[key];
  });
}

/**
 * The values a concrete id gives to the MATCH keys of a pattern: what ties the dependencies of
 * one MATCH callback instance together.
 *
 * @example
 * ```ts
 * matchValues({ type: "out", index: ["MATCH"] }, { type: "out", index: 2 }); // { index: 2 }
 * ```
 */
export function matchValues(pattern: DependencyId, id: ComponentId): Record<string, IdValue> {
  const values: Record<string, IdValue> = {};
  if (typeof pattern === "string" || typeof id === "string") return values;
  for (const key of Object.keys(pattern)) {
    const wanted = pattern[key];
    if (Array.isArray(wanted) && wanted[0] === "MATCH") values[key] = id[key]!;
  }
  return values;
}

/**
 * Whether an id fits a pattern under fixed MATCH values: a MATCH key must equal its value, an
 * ALLSMALLER key must be smaller than the MATCH value of the same key (Dash's rule for
 * `{index: ALLSMALLER}` beside `{index: MATCH}`).
 *
 * @example
 * ```ts
 * idMatchesResolved({ item: ["ALLSMALLER"] }, { item: 1 }, { item: 2 }); // true
 * idMatchesResolved({ item: ["ALLSMALLER"] }, { item: 2 }, { item: 2 }); // false
 * ```
 */
export function idMatchesResolved(pattern: DependencyId, id: ComponentId, match: Record<string, IdValue>): boolean {
  if (!idMatches(pattern, id)) return false;
  if (typeof pattern === "string" || typeof id === "string") return true;
  for (const key of Object.keys(pattern)) {
    const wanted = pattern[key];
    if (!Array.isArray(wanted) || !Object.prototype.hasOwnProperty.call(match, key)) continue;
    if (wanted[0] === "MATCH" && id[key] !== match[key]) return false;
    if (wanted[0] === "ALLSMALLER" && !(id[key] < match[key])) return false;
  }
  return true;
}

/**
 * The callback id of a callback with several outputs, as Dash builds it: `..a.p...b.p..`.
 *
 * @example
 * ```ts
 * multiOutputId(["a.children", "b.style"]); // "..a.children...b.style.."
 * ```
 */
export function multiOutputId(outputPropIds: readonly string[]): string {
  return ".." + outputPropIds.join("...") + "..";
}

/** Whether a callback id names several outputs (`..a.p...b.p..`). */
export function isMultiOutputId(callbackId: string): boolean {
  return callbackId.startsWith("..") && callbackId.endsWith("..");
}

/**
 * The `id.prop` of each output a callback id names, inverse of `multiOutputId`; a single-output
 * id gives itself.
 *
 * @example
 * ```ts
 * outputPropIdsOf("..a.children...b.style.."); // ["a.children", "b.style"]
 * outputPropIdsOf("out.children"); // ["out.children"]
 * ```
 */
export function outputPropIdsOf(callbackId: string): string[] {
  return isMultiOutputId(callbackId) ? callbackId.slice(2, -2).split("...") : [callbackId];
}

/**
 * An output's prop name without the `@<hash>` Dash appends to an `allow_duplicate` output in a
 * callback id (dash-renderer's `property.split('@')[0]`).
 *
 * @example
 * ```ts
 * outputProperty("children@8f3c…"); // "children"
 * ```
 */
export function outputProperty(property: string): string {
  const at = property.indexOf("@");
  return at < 0 ? property : property.slice(0, at);
}
