/**
 * Whether a value is a plain JSON-like object: `{...}` or `Object.create(null)`, not an array, a
 * class instance, a DOM node or a live editor. Props may hold anything a component hands to
 * `setProps` (dmc's RichTextEditor passes its TipTap editor, full of cycles); dash-renderer only
 * walks what JSON could carry, and so do our walks over prop values.
 *
 * @example
 * ```ts
 * isPlainObject({ a: 1 }); // true
 * isPlainObject(new Map()); // false
 * ```
 */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}
