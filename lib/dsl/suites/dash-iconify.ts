/**
 * The `dash_iconify` namespace of the Node DSL: `DashIconify`, an icon of any Iconify set
 * (https://icon-sets.iconify.design/), with the props of the Python package dash-iconify. The
 * browser component (`components/dash-iconify/`) draws it as an inline SVG with @iconify/react;
 * the icon data comes from this server (`@iconify/json`), never from the Iconify API.
 *
 * @example
 * ```ts
 * import { dash_iconify, dmc } from "dash-events";
 * dash_iconify.DashIconify({ icon: "mdi:home", width: 24, color: "red" });
 * dmc.Button("Home", { leftSection: dash_iconify.DashIconify({ icon: "tabler:home" }) });
 * ```
 */
import type { CSSProperties } from "../html.js";
import type { ComponentId } from "../../protocol/types.js";
import { suiteComponent, type LeafFactory } from "./factory.js";

/** The props of `DashIconify` (dash_iconify). */
export interface DashIconifyProps {
  /**
   * The icon, `<set>:<name>` as Iconify names it: `"mdi:home"`, `"tabler:settings"`,
   * `"flag:fr-4x3"`. Any set of `@iconify/json` may be used.
   */
  icon: string;
  id?: ComponentId;
  /** Class of the `<svg>`, besides Iconify's own `iconify iconify--<set>`. */
  className?: string;
  /** Inline style of the `<svg>`. */
  style?: CSSProperties;
  /** Colour of a monochrome icon (its `currentColor`); by default the text colour around it. */
  color?: string;
  /** Width in pixels, or a CSS size (`"1.5em"`); by default 1em, or the icon's ratio of `height`. */
  width?: number | string;
  /** Height in pixels, or a CSS size; by default 1em, or the icon's ratio of `width`. */
  height?: number | string;
  /** Mirror the icon. */
  flip?: "horizontal" | "vertical" | "horizontal,vertical";
  /** Turn the icon by quarter turns (0 to 3, as dash-iconify), or by `"90deg"`, `"180deg"`, `"270deg"`. */
  rotate?: 0 | 1 | 2 | 3 | "90deg" | "180deg" | "270deg";
  /** Sit on the text's baseline, like an icon font (vertical-align: -0.125em). */
  inline?: boolean;
}

// the order of dash-iconify's component metadata, which Dash's Python class serializes in
const PROP_ORDER = ["className", "color", "flip", "height", "icon", "id", "inline", "rotate", "style", "width"] as const;

/**
 * `DashIconify` of dash_iconify: an Iconify icon, drawn as an inline SVG.
 *
 * @example
 * ```ts
 * dash_iconify.DashIconify({ icon: "mdi:bell", width: 20, color: "orange", rotate: 1 });
 * ```
 */
export const DashIconify = suiteComponent<DashIconifyProps>("dash_iconify", "DashIconify", PROP_ORDER) as LeafFactory<DashIconifyProps>;
