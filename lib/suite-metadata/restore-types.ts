/**
 * Give back what dash-generate-components drops when it turns a TypeScript suite's prop types
 * into PropTypes (`proptypes.js`). Its converter keeps a union's literals but loses the members
 * that say "and anything else": `(string & {})` (Mantine's `MantineColor`, `MantineSpacing`, and
 * nearly every csstype property), `(number & {})` (csstype's `fontWeight`, `opacity`, `zIndex`),
 * `boolean` (`persistence`, `debounce`, Mantine's `truncate`), Mantine's responsive style props
 * (`StyleProp<T> = T | { [breakpoint]: T }`) and the object and list forms of Mantine's `mod`. Taken literally, `dmc.Text("x", { c: "dimmed" })`
 * or `{ fw: 700 }` would not compile although Mantine renders them.
 *
 * The rules recognise those types by their literals (which survive), so they apply to any suite
 * built on Mantine or csstype, and leave closed unions (`variant`, `orientation`, …) alone.
 * `(string & {})` keeps the literals as editor completions while accepting other strings.
 */
import type { ComponentMetadata, PropType, PropTypeField } from "./metadata.js";

/** Mantine's default theme colours: `MantineColor` is these or any string (`"dimmed"`, `"blue.6"`, `"#f00"`). */
const MANTINE_COLORS = ["dark", "gray", "red", "pink", "grape", "violet", "indigo", "blue", "cyan", "green", "lime", "yellow", "orange", "teal"];
/** Theme keys (`MantineSize`, `compact-*` button sizes, heading sizes): Mantine also takes any CSS value, or a key a custom theme adds. */
const THEME_KEY = /^(?:(?:compact-)?(?:xs|sm|md|lg|xl)|h[1-6])$/;
/** Mantine's font-family keys: `ff` also takes any font family. */
const FONT_FAMILY_KEYS = ["monospace", "text", "heading"];
/** csstype's `Globals`: a union holding them is a CSS property's type. */
const CSS_GLOBALS = ["inherit", "initial", "revert", "unset"];
/** Style props whose csstype type is a closed keyword set (`position`, `text-align`). */
const CLOSED_CSS_PROPS = new Set(["pos", "ta"]);
/** Props whose csstype type also takes numbers (`fontWeight`, `opacity`, `zIndex`). */
const NUMERIC_CSS_PROPS = new Set(["fw", "opacity", "zIndex"]);
/** Mantine's style props (`MantineStyleProps`): each is `StyleProp<T>`, a value or `{ base: …, sm: … }` per breakpoint. */
const STYLE_PROPS = new Set(
  ["m", "my", "mx", "mt", "mb", "ms", "me", "ml", "mr", "p", "py", "px", "pt", "pb", "ps", "pe", "pl", "pr"]
    .concat(["bd", "bdrs", "bg", "c", "opacity", "ff", "fz", "fw", "lts", "ta", "lh", "fs", "tt", "td"])
    .concat(["w", "miw", "maw", "h", "mih", "mah", "bgsz", "bgp", "bgr", "bga", "pos", "top", "left", "bottom", "right", "inset", "display", "flex"]),
);
/** Props that mark a props list as one with Mantine's style props. */
const STYLE_PROPS_SIGNATURE = ["m", "p", "c", "bg", "fz", "fw", "lh", "w", "h"];

const ANY_STRING: PropType = { name: "otherString" };

/**
 * The component with the dropped members of its prop types restored.
 *
 * @example
 * ```ts
 * restoreTypeScriptTypes(text).props.find((p) => p.name === "c")!.type; // the 14 colours | otherString | per breakpoint
 * ```
 */
export function restoreTypeScriptTypes(component: ComponentMetadata): ComponentMetadata {
  const styled = hasStyleProps(component.props.map((prop) => prop.name));
  return { ...component, props: component.props.map((prop) => ({ ...prop, type: restoreProp(prop.name, prop.type, styled) })) };
}

function hasStyleProps(names: readonly string[]): boolean {
  const set = new Set(names);
  return STYLE_PROPS_SIGNATURE.every((name) => set.has(name));
}

function restoreProp(name: string, type: PropType, styled: boolean): PropType {
  let restored = restoreDash(name, restore(name, type));
  if (name === "theme") restored = restoreThemeColors(restored);
  if (styled) restored = restoreMantine(name, restored);
  if (styled && STYLE_PROPS.has(name)) restored = { name: "union", value: [restored, { name: "objectOf", value: restored }] };
  return restored;
}

/** Dash's own props: `persistence` is `boolean | string | number`; a debounce is `boolean | number`. */
function restoreDash(name: string, type: PropType): PropType {
  const members = type.name === "union" ? type.value : [type];
  const has = (kind: string): boolean => members.some((member) => member.name === kind);
  if (name === "persistence" && has("string") && has("number") && !has("bool")) return { name: "union", value: [{ name: "bool" }, ...members] };
  if (name === "debounce" && members.length === 1 && has("number")) return { name: "union", value: [{ name: "bool" }, ...members] };
  return type;
}

/**
 * Mantine's own types on a component with its style props: `mod` is `BoxMod`
 * (`string | Record<string, any> | BoxMod[]`, data attributes), of which the conversion keeps
 * `string` and at times the object; `truncate` is `"end" | "start" | boolean`.
 */
function restoreMantine(name: string, type: PropType): PropType {
  const members = type.name === "union" ? type.value : [type];
  if (name === "mod" && members.every((member) => member.name === "string" || member.name === "objectOf")) {
    const modifier: PropType = { name: "union", value: [{ name: "string" }, { name: "objectOf", value: { name: "any" } }] };
    return { name: "union", value: [...modifier.value, { name: "arrayOf", value: modifier }] };
  }
  const literals = members.flatMap((member) => (member.name === "enum" ? member.value : [null]));
  if (name === "truncate" && literals.length === 2 && literals.every((value) => typeof value === "string" && /^'?(end|start)'?$/.test(value))) {
    return { name: "union", value: [...members, { name: "bool" }] };
  }
  return type;
}

function restore(name: string, type: PropType): PropType {
  switch (type.name) {
    case "enum":
    case "union": {
      const opened = openLiterals(name, type);
      if (opened) return opened;
      if (type.name === "enum") return type;
      return { name: "union", value: type.value.map((member) => restore(name, member)) };
    }
    case "arrayOf":
    case "objectOf":
      return { name: type.name, value: restore(name, type.value) };
    case "shape":
    case "exact": {
      const styled = hasStyleProps(Object.keys(type.value));
      const value: { [key: string]: PropTypeField } = {};
      for (const [key, field] of Object.entries(type.value)) value[key] = { ...field, type: restoreProp(key, field.type, styled) };
      return { name: type.name, value };
    }
    default:
      return type;
  }
}

/**
 * A union of literals (an enum, or a union of one-value enums and `number`/`string`) that is a
 * Mantine colour, a theme key or a csstype property, with the members its TypeScript had;
 * `undefined` for any other type.
 */
function openLiterals(name: string, type: PropType & { name: "enum" | "union" }): PropType | undefined {
  const members: PropType[] = type.name === "enum" ? [type] : [...type.value];
  const literals: string[] = [];
  for (const member of members) {
    if (member.name === "enum") {
      for (const value of member.value) if (typeof value === "string") literals.push(value.replace(/^'(.*)'$/, "$1"));
    } else if (member.name !== "number" && member.name !== "string") {
      return undefined;
    }
  }
  if (literals.length === 0) return undefined;
  const has = (value: string): boolean => literals.includes(value);
  const extra: PropType[] = [];
  const themeKeys = literals.every((value) => THEME_KEY.test(value)) || (name === "ff" && literals.every((value) => FONT_FAMILY_KEYS.includes(value)));
  if (MANTINE_COLORS.every(has) || themeKeys) {
    extra.push(ANY_STRING);
  } else if (CSS_GLOBALS.every(has)) {
    if (NUMERIC_CSS_PROPS.has(name) && !members.some((member) => member.name === "number")) extra.push({ name: "number" });
    if (!CLOSED_CSS_PROPS.has(name)) extra.push(ANY_STRING);
  } else {
    return undefined;
  }
  return extra.length === 0 ? type : { name: "union", value: [...members, ...extra] };
}

/**
 * Mantine's `theme.colors` is `Record<string, MantineColorsTuple>`: any colour name, each ten
 * shades as a list (`["#f0f4ff", …]`), which the conversion narrows to the default names with
 * objects of strings. Both forms are accepted.
 */
function restoreThemeColors(type: PropType): PropType {
  if ((type.name !== "shape" && type.name !== "exact") || !("colors" in type.value)) return type;
  const colors: PropType = { name: "objectOf", value: { name: "union", value: [{ name: "arrayOf", value: { name: "string" } }, { name: "objectOf", value: { name: "string" } }] } };
  return { ...type, value: { ...type.value, colors: { ...type.value.colors, type: colors } } };
}
