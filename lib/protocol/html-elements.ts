/** The namespace of Dash's html components in layout nodes. */
export const HTML_NAMESPACE = "dash_html_components";

/**
 * The elements of Dash's html namespace (`dash_html_components`) and the attributes of each beyond the
 * props that all of them share. Taken from the propTypes of dash-html-components 4.5.0, the
 * version Dash 4 ships (Dash 2.0 dropped the obsolete Command, Element, Isindex, Listing, Multicol
 * and Nextid). Defined once for both sides: the DSL (`lib/dsl/html.ts`) makes and types one factory
 * per entry, the renderer (`renderer/html/`) one element.
 *
 * @example
 * ```ts
 * Object.keys(HTML_ELEMENTS).length; // 125
 * HTML_ELEMENTS.Img; // ["alt", "crossOrigin", "height", ...]
 * ```
 */
export const HTML_ELEMENTS = {
  A: ["download", "href", "hrefLang", "media", "referrerPolicy", "rel", "shape", "target"],
  Abbr: [],
  Acronym: [],
  Address: [],
  Area: ["alt", "coords", "download", "href", "media", "referrerPolicy", "rel", "shape", "target"],
  Article: [],
  Aside: [],
  Audio: ["autoPlay", "controls", "crossOrigin", "loop", "muted", "preload", "src"],
  B: [],
  Base: ["href", "target"],
  Basefont: [],
  Bdi: [],
  Bdo: [],
  Big: [],
  Blink: [],
  Blockquote: ["cite"],
  Br: [],
  Button: ["autoFocus", "disabled", "form", "formAction", "formEncType", "formMethod", "formNoValidate", "formTarget", "name", "type", "value"],
  Canvas: ["height", "width"],
  Caption: [],
  Center: [],
  Cite: [],
  Code: [],
  Col: ["span"],
  Colgroup: ["span"],
  Content: [],
  Data: ["value"],
  Datalist: [],
  Dd: [],
  Del: ["cite", "dateTime"],
  Details: ["open"],
  Dfn: [],
  Dialog: ["open"],
  Div: [],
  Dl: [],
  Dt: [],
  Em: [],
  Embed: ["height", "src", "type", "width"],
  Fieldset: ["disabled", "form", "name"],
  Figcaption: [],
  Figure: [],
  Font: [],
  Footer: [],
  Form: ["accept", "acceptCharset", "action", "autoComplete", "encType", "method", "name", "noValidate", "target"],
  Frame: [],
  Frameset: [],
  H1: [],
  H2: [],
  H3: [],
  H4: [],
  H5: [],
  H6: [],
  Header: [],
  Hgroup: [],
  Hr: [],
  I: [],
  Iframe: ["allow", "height", "name", "referrerPolicy", "sandbox", "src", "srcDoc", "width"],
  Img: ["alt", "crossOrigin", "height", "referrerPolicy", "sizes", "src", "srcSet", "useMap", "width"],
  Ins: ["cite", "dateTime"],
  Kbd: [],
  Keygen: [],
  Label: ["htmlFor"],
  Legend: [],
  Li: ["value"],
  Link: ["crossOrigin", "href", "hrefLang", "integrity", "media", "referrerPolicy", "rel", "sizes", "type"],
  Main: [],
  MapEl: ["name"],
  Mark: [],
  Marquee: ["loop"],
  Meta: ["charSet", "content", "httpEquiv", "name"],
  Meter: ["high", "low", "max", "min", "optimum", "value"],
  Nav: [],
  Nobr: [],
  Noscript: [],
  ObjectEl: ["data", "form", "height", "name", "type", "useMap", "width"],
  Ol: ["reversed", "start", "type"],
  Optgroup: ["disabled", "label"],
  Option: ["disabled", "label", "selected", "value"],
  Output: ["htmlFor", "form", "name"],
  P: [],
  Param: ["name", "value"],
  Picture: [],
  Plaintext: [],
  Pre: [],
  Progress: ["max", "value"],
  Q: ["cite"],
  Rb: [],
  Rp: [],
  Rt: [],
  Rtc: [],
  Ruby: [],
  S: [],
  Samp: [],
  Script: ["async", "crossOrigin", "defer", "integrity", "referrerPolicy", "src", "type"],
  Section: [],
  Select: ["autoFocus", "autoComplete", "disabled", "form", "multiple", "name", "required", "size"],
  Shadow: [],
  Slot: [],
  Small: [],
  Source: ["media", "sizes", "src", "srcSet", "type"],
  Spacer: [],
  Span: [],
  Strike: [],
  Strong: [],
  Sub: [],
  Summary: [],
  Sup: [],
  Table: ["summary"],
  Tbody: [],
  Td: ["colSpan", "headers", "rowSpan"],
  Template: [],
  Textarea: ["autoFocus", "autoComplete", "cols", "disabled", "form", "inputMode", "maxLength", "minLength", "name", "placeholder", "readOnly", "required", "rows", "wrap"],
  Tfoot: [],
  Th: ["colSpan", "headers", "rowSpan", "scope"],
  Thead: [],
  Time: ["dateTime"],
  Title: [],
  Tr: [],
  Track: ["default", "kind", "label", "src", "srcLang"],
  U: [],
  Ul: [],
  Var: [],
  Video: ["autoPlay", "controls", "crossOrigin", "height", "loop", "muted", "playsInline", "poster", "preload", "src", "width"],
  Wbr: [],
  Xmp: [],
} as const;

/**
 * The name of an html element factory, e.g. `"Div"`.
 *
 * @example
 * ```ts
 * const name: HtmlElementName = "Button";
 * ```
 */
export type HtmlElementName = keyof typeof HTML_ELEMENTS;

/**
 * An attribute that an element has beyond the shared props, e.g. `"href"` of `A`.
 *
 * @example
 * ```ts
 * const attribute: HtmlElementAttribute<"A"> = "href";
 * ```
 */
export type HtmlElementAttribute<E extends HtmlElementName> = (typeof HTML_ELEMENTS)[E][number];
