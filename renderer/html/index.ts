import { HTML_ELEMENTS } from "../../lib/protocol/html-elements.js";
import { htmlComponent, type HtmlComponent } from "./html-component.js";

/** The built-in `dash_html_components` namespace: every Dash html element by its Dash name. */
export const htmlNamespace: Readonly<Record<string, HtmlComponent>> = Object.fromEntries(
  Object.keys(HTML_ELEMENTS).map((name) => [name, htmlComponent(name)]),
);
