import type { ComponentId, DependencyId } from "./types.js";

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
