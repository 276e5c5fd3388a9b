// What the generator gives back to prop types read from a `proptypes.js`: the members
// dash-generate-components drops from TypeScript unions (lib/suite-metadata/restore-types.ts).
import t from "tap";
import type { ComponentMetadata, PropType } from "../lib/suite-metadata/metadata.js";
import { renderSuiteModule } from "../lib/codegen/render-module.js";
import { restoreTypeScriptTypes } from "../lib/suite-metadata/restore-types.js";

/** `pt.oneOf(["a"]), pt.oneOf(["b"])`, as the recorder reads them. */
const literals = (...values: string[]): PropType[] => values.map((value) => ({ name: "enum", value: [value] }));
/** `pt.oneOfType([pt.oneOf(["a"]), pt.oneOf(["b"])])`. */
const oneOfEach = (...values: string[]): PropType => ({ name: "union", value: literals(...values) });
const COLORS = oneOfEach("blue", "cyan", "gray", "green", "indigo", "lime", "orange", "pink", "red", "teal", "violet", "yellow", "dark", "grape");
const SPACING: PropType = { name: "union", value: [{ name: "number" }, ...literals("xs", "sm", "md", "lg", "xl")] };
const CSS = (...values: string[]) => oneOfEach("-moz-initial", "inherit", "initial", "revert", "revert-layer", "unset", ...values);

/** The rendered TypeScript of each prop of a one-component suite, shared aliases expanded. */
function rendered(component: ComponentMetadata): Record<string, string> {
  const source = renderSuiteModule({ namespace: "my_suite", components: [restoreTypeScriptTypes(component)] }, { imports: "internal", origin: "test", command: "test" });
  const aliases = new Map([...source.matchAll(/^type (Shared\d+) = (.*);$/gm)].map((m) => [m[1], m[2]]));
  const expand = (text: string): string => text.replace(/\bShared\d+\b/g, (name) => expand(aliases.get(name)!));
  const body = /export interface \w+Props \{\n([\s\S]*?)\n\}/.exec(source)![1];
  return Object.fromEntries(
    body.split("\n").map((line) => {
      // (an optional prop also takes null, Dash's None: left out here, where the restored type is the point)
      const [, name, type] = /^ {2}(\w+)\??: (.*?)(?: \| null)?;$/.exec(line)!;
      return [name, expand(type)];
    }),
  );
}

const prop = (name: string, type: PropType) => ({ name, type, required: false });

t.test("Mantine colours, theme keys and csstype unions open; other unions stay closed", async (t) => {
  const props = rendered({
    name: "Widget",
    props: [
      prop("color", COLORS),
      prop("size", oneOfEach("xs", "sm", "md", "lg", "xl")),
      prop("radius", SPACING),
      prop("fw", CSS("bold", "normal")),
      prop("pos", CSS("absolute", "relative")),
      prop("justify", CSS("center", "start")),
      prop("variant", oneOfEach("filled", "light")),
      prop("orientation", { name: "enum", value: ["horizontal", "vertical"] }),
      prop("persistence", { name: "union", value: [{ name: "string" }, { name: "number" }] }),
      prop("debounce", { name: "union", value: [{ name: "number" }] }),
    ],
  });
  t.match(props.color, /^"blue" \| .* \| "grape" \| \(string & \{\}\)$/, "any colour string, the theme's names as completions");
  t.equal(props.size, '"xs" | "sm" | "md" | "lg" | "xl" | (string & {})');
  t.equal(props.radius, 'number | "xs" | "sm" | "md" | "lg" | "xl" | (string & {})');
  t.match(props.fw, /"bold" \| "normal" \| number \| \(string & \{\}\)$/, "fontWeight: numbers too");
  t.notMatch(props.pos, /string/, "position is a closed keyword set");
  t.match(props.justify, /\(string & \{\}\)$/);
  t.equal(props.variant, '"filled" | "light"');
  t.equal(props.orientation, '"horizontal" | "vertical"');
  t.equal(props.persistence, "boolean | string | number", "Dash's persistence: true, a string or a number");
  t.equal(props.debounce, "boolean | number");
});

t.test("style props take per-breakpoint objects where the props are Mantine's style props", async (t) => {
  const styleProps = ["m", "p", "c", "bg", "fz", "fw", "lh", "w", "h"].map((name) => prop(name, name === "c" || name === "bg" ? COLORS : SPACING));
  const styled = rendered({ name: "Box", props: [...styleProps, prop("size", SPACING)] });
  t.match(styled.c, /\| \{ readonly \[key: string\]: /, "c: a colour, or one per breakpoint");
  t.match(styled.m, /\| \{ readonly \[key: string\]: /);
  t.notMatch(styled.size, /readonly/, "not a style prop");
  const plain = rendered({ name: "Plain", props: [prop("c", COLORS), prop("m", SPACING)] });
  t.notMatch(plain.c, /readonly/, "without Mantine's style props, `c` is only what its type says");
});
