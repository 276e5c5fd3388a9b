import { HTML_ELEMENTS } from "../../lib/protocol/html-elements.js";
import { htmlComponent, type HtmlComponent } from "./html-component.js";

/** The elements made so far: each is made when a page first draws one (most pages use a handful of the 130). */
const made = new Map<string, HtmlComponent>();

/**
 * The html element of Dash's `dash_html_components` named `type` (`"Div"`), made on first use;
 * undefined for a name that namespace does not have (`"constructor"` included).
 *
 * @example
 * ```ts
 * htmlElement("Div")?.({ id: "x", setProps: () => {}, children: "hi" }); // <div id="x">hi</div>
 * ```
 */
export function htmlElement(type: string): HtmlComponent | undefined {
  let element = made.get(type);
  if (element === undefined && Object.prototype.hasOwnProperty.call(HTML_ELEMENTS, type)) made.set(type, (element = htmlComponent(type)));
  return element;
}

/** The whole namespace as one object, every element by its Dash name: what `window.dash_html_components` holds. */
export function htmlNamespace(): Readonly<Record<string, HtmlComponent>> {
  return Object.fromEntries(Object.keys(HTML_ELEMENTS).map((name) => [name, htmlElement(name)!]));
}
