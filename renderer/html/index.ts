import type { DashComponent } from "../components/types.js";
import { HTML_ELEMENTS } from "./elements.js";
import { htmlComponent } from "./html-component.js";

/** The built-in `dash_html_components` namespace: every Dash html element by its Dash name. */
export const htmlNamespace: Readonly<Record<string, DashComponent>> = Object.fromEntries(
  HTML_ELEMENTS.map((name) => [name, htmlComponent(name)]),
);
