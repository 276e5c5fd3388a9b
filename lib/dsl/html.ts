import type { ComponentId } from "../protocol/types.js";
import { makeFactory, type ComponentFactory } from "./component.js";
import { HTML_ELEMENTS, HTML_NAMESPACE, type HtmlElementAttribute, type HtmlElementName } from "../protocol/html-elements.js";

/**
 * Inline CSS as an object with camelCase keys, as React and Dash take it.
 *
 * @example
 * ```ts
 * const style: CSSProperties = { backgroundColor: "#eee", marginTop: 8 };
 * ```
 */
export type CSSProperties = { [property: string]: string | number };

/** A boolean attribute: `true`/`false`, or the attribute's name spelled as Dash's propTypes allow. */
type BooleanAttribute<Name extends string> = boolean | Name | Lowercase<Name> | Uppercase<Name>;

/**
 * The props every element of Dash's html namespace has.
 *
 * @example
 * ```ts
 * const props: HtmlCommonProps = { id: "box", className: "card", "data-row": 3, "aria-label": "Box" };
 * ```
 */
export interface HtmlCommonProps {
  /** The id callbacks refer to: a string, or an object for pattern-matching callbacks. */
  id?: ComponentId;
  className?: string;
  style?: CSSProperties;
  /** How many times the element was clicked (counted only when it has an id). */
  n_clicks?: number;
  /** When `n_clicks` last changed, in ms since 1970. */
  n_clicks_timestamp?: number;
  /** Do not count clicks (removes the click listener, e.g. for screen readers). */
  disable_n_clicks?: boolean;
  /** React's key among siblings. */
  key?: string;
  title?: string;
  hidden?: BooleanAttribute<"hidden">;
  role?: string;
  tabIndex?: string | number;
  accessKey?: string;
  contentEditable?: string;
  dir?: string;
  draggable?: string;
  lang?: string;
  spellCheck?: string;
  [dataAttribute: `data-${string}`]: string | number | boolean;
  [ariaAttribute: `aria-${string}`]: string | number | boolean;
}

/** The value type of each element-specific attribute (see `HTML_ELEMENTS`). */
interface HtmlAttributeTypes {
  accept: string;
  acceptCharset: string;
  action: string;
  allow: string;
  alt: string;
  async: BooleanAttribute<"async">;
  autoComplete: string;
  autoFocus: BooleanAttribute<"autoFocus">;
  autoPlay: BooleanAttribute<"autoPlay">;
  charSet: string;
  cite: string;
  colSpan: string | number;
  cols: string | number;
  content: string;
  controls: BooleanAttribute<"controls">;
  coords: string;
  crossOrigin: string;
  data: string;
  dateTime: string;
  default: BooleanAttribute<"default">;
  defer: BooleanAttribute<"defer">;
  disabled: BooleanAttribute<"disabled">;
  download: string;
  encType: string;
  form: string;
  formAction: string;
  formEncType: string;
  formMethod: string;
  formNoValidate: BooleanAttribute<"formNoValidate">;
  formTarget: string;
  headers: string;
  height: string | number;
  high: string | number;
  href: string;
  hrefLang: string;
  htmlFor: string;
  httpEquiv: string;
  inputMode: string;
  integrity: string;
  kind: string;
  label: string;
  loop: BooleanAttribute<"loop">;
  low: string | number;
  max: string | number;
  maxLength: string | number;
  media: string;
  method: string;
  min: string | number;
  minLength: string | number;
  multiple: BooleanAttribute<"multiple">;
  muted: BooleanAttribute<"muted">;
  name: string;
  noValidate: BooleanAttribute<"noValidate">;
  open: BooleanAttribute<"open">;
  optimum: string | number;
  placeholder: string;
  playsInline: BooleanAttribute<"playsInline">;
  poster: string;
  preload: string;
  readOnly: string;
  referrerPolicy: string;
  rel: string;
  required: BooleanAttribute<"required">;
  reversed: BooleanAttribute<"reversed">;
  rowSpan: string | number;
  rows: string | number;
  sandbox: string;
  scope: string;
  selected: BooleanAttribute<"selected">;
  shape: string;
  size: string | number;
  sizes: string;
  span: string | number;
  src: string;
  srcDoc: string;
  srcLang: string;
  srcSet: string;
  start: string | number;
  summary: string;
  target: string;
  type: string;
  useMap: string;
  value: string | number;
  width: string | number;
  wrap: string;
}

/**
 * The props of one html element: the common ones plus its own attributes (children are passed
 * separately or as `children`). A prop the element does not have is a type error.
 *
 * @example
 * ```ts
 * const link: HtmlProps<"A"> = { href: "/docs", target: "_blank", className: "nav" };
 * ```
 */
export type HtmlProps<E extends HtmlElementName> = HtmlCommonProps & {
  [A in HtmlElementAttribute<E>]?: HtmlAttributeTypes[A];
};

/** One factory per html element, e.g. `html.Div`. */
export type HtmlFactories = { readonly [E in HtmlElementName]: ComponentFactory<HtmlProps<E>> };

/**
 * Factories for every element of Dash's html namespace (`dash_html_components`), with Dash's call
 * forms: `html.Div()`, `html.Div(children)`, `html.Div(props)`, `html.Div(children, props)`.
 * Children may be a component, a string, a number, or an array of them; a node without children
 * has `children: null`, as Dash's html components serialize.
 *
 * @example
 * ```ts
 * html.Div([html.H1("Title"), html.Button("Go", { id: "go", n_clicks: 0 })], { className: "page" });
 * JSON.stringify(html.Span("x", { id: "a" }));
 * // {"type":"Span","namespace":"dash_html_components","props":{"children":"x","id":"a"}}
 * ```
 */
export const html: HtmlFactories = Object.freeze(
  Object.fromEntries(
    Object.keys(HTML_ELEMENTS).map((name) => [name, makeFactory(HTML_NAMESPACE, name, true)]),
  ),
) as HtmlFactories;
