/**
 * Every component of Dash's html namespace (dash_html_components), by Dash name. Dash names an
 * element after its tag with a capital first letter; `map` and `object` are reserved words in
 * Python, so Dash calls them MapEl and ObjectEl.
 */
export const HTML_ELEMENTS: readonly string[] = [
  "A", "Abbr", "Acronym", "Address", "Area", "Article", "Aside", "Audio", "B", "Base", "Basefont",
  "Bdi", "Bdo", "Big", "Blink", "Blockquote", "Br", "Button", "Canvas", "Caption", "Center", "Cite",
  "Code", "Col", "Colgroup", "Content", "Data", "Datalist", "Dd", "Del", "Details", "Dfn", "Dialog",
  "Div", "Dl", "Dt", "Em", "Embed", "Fieldset", "Figcaption", "Figure", "Font", "Footer", "Form",
  "Frame", "Frameset", "H1", "H2", "H3", "H4", "H5", "H6", "Header", "Hgroup", "Hr", "I", "Iframe",
  "Img", "Ins", "Kbd", "Keygen", "Label", "Legend", "Li", "Link", "Main", "MapEl", "Mark", "Marquee",
  "Meta", "Meter", "Nav", "Nobr", "Noscript", "ObjectEl", "Ol", "Optgroup", "Option", "Output", "P",
  "Param", "Picture", "Plaintext", "Pre", "Progress", "Q", "Rb", "Rp", "Rt", "Rtc", "Ruby", "S",
  "Samp", "Script", "Section", "Select", "Shadow", "Slot", "Small", "Source", "Spacer", "Span",
  "Strike", "Strong", "Sub", "Summary", "Sup", "Table", "Tbody", "Td", "Template", "Textarea",
  "Tfoot", "Th", "Thead", "Time", "Title", "Tr", "Track", "U", "Ul", "Var", "Video", "Wbr", "Xmp",
];

/** The DOM tag of a Dash html component name: `Div` → `div`, `MapEl` → `map`, `ObjectEl` → `object`. */
export function tagOf(name: string): string {
  if (name === "MapEl") return "map";
  if (name === "ObjectEl") return "object";
  return name.toLowerCase();
}

/** Elements that must not get children (React throws if they do). */
export const VOID_TAGS: ReadonlySet<string> = new Set([
  "area", "base", "br", "col", "embed", "hr", "img", "input", "keygen", "link", "meta", "param", "source", "track", "wbr",
]);
