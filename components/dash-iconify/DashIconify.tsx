/**
 * `dash_iconify.DashIconify`: an Iconify icon as a Dash component, with the props of the Python
 * package dash-iconify, drawn by @iconify/react as an inline `<svg>`. Until the icon's data has
 * arrived it draws an empty `<span>`, as @iconify/react does; an icon no set has stays empty.
 *
 * @example
 * ```tsx
 * <DashIconify icon="mdi:home" width={24} color="red" />
 * ```
 */
import React from "react";
import { Icon } from "@iconify/react";

/** The props Dash passes (see lib/dsl/suites/dash-iconify.ts for their documentation). */
export interface DashIconifyProps {
  icon: string;
  id?: string;
  className?: string;
  style?: React.CSSProperties;
  color?: string;
  width?: number | string;
  height?: number | string;
  flip?: string;
  rotate?: number | string;
  inline?: boolean;
  /** Given by the renderer; an icon has nothing to report. */
  setProps?: unknown;
}

export function DashIconify({ icon, id, className, style, color, width, height, flip, rotate, inline }: DashIconifyProps): React.ReactElement {
  // only a name, as dash-iconify's prop types say: @iconify/react would also draw an object's `body` as markup
  return <Icon icon={typeof icon === "string" ? icon : ""} id={id} className={className} style={style} color={color} width={width} height={height} flip={flip} rotate={quarterTurns(rotate)} inline={inline} />;
}

/** `rotate` as @iconify/react types it: quarter turns (`"90deg"` is 1). */
function quarterTurns(rotate: number | string | undefined): number | undefined {
  if (typeof rotate !== "string") return rotate;
  const degrees = /^(-?\d+(?:\.\d+)?)deg$/.exec(rotate.trim());
  return degrees ? Number(degrees[1]) / 90 : undefined;
}
