import { HTML_ELEMENTS } from "../../lib/protocol/html-elements.js";
import type { DashComponent } from "../components/types.js";
import { htmlComponent } from "./html-component.js";

/** The built-in `dash_html_components` namespace: every Dash html element by its Dash name. */
export const htmlNamespace: Readonly<Record<string, DashComponent>> = Object.fromEntries(
  Object.keys(HTML_ELEMENTS).map((name) => [name, htmlComponent(name)]),
);
