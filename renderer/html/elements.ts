/**
 * The DOM tag of a Dash html component name: `Div` → `div`. Dash names an element after its tag
 * with a capital first letter; `map` and `object` are reserved words in Python, so `MapEl` → `map`
 * and `ObjectEl` → `object`.
 */
export function tagOf(name: string): string {
  if (name === "MapEl") return "map";
  if (name === "ObjectEl") return "object";
  return name.toLowerCase();
}

/** Elements that must not get children (React throws if they do). */
export const VOID_TAGS: ReadonlySet<string> = new Set([
  "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param", "source", "track", "wbr",
]);
