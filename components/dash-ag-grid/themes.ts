/**
 * Which AG Grid theme a grid gets. AG Grid 33+ styles grids with theme objects (the Theming API)
 * and only uses the old CSS themes when `theme: "legacy"`. Dash apps choose their theme with a
 * class name (`className="ag-theme-alpine"`, Dash AG Grid's default), so that class picks the
 * matching theme object here, and the look of an app written for Dash AG Grid carries over.
 */
import { colorSchemeDark, themeAlpine, themeBalham, themeMaterial, themeQuartz } from "ag-grid-community";
import type { GridOptions, Theme } from "ag-grid-community";
import type { Row } from "./props.js";

type GridTheme = NonNullable<GridOptions<Row>["theme"]>;

const THEMES: Record<string, GridTheme> = { themeAlpine, themeBalham, themeMaterial, themeQuartz };

const CLASS_THEMES: Record<string, Theme> = {
  alpine: themeAlpine,
  balham: themeBalham,
  material: themeMaterial,
  quartz: themeQuartz,
};

// Built once: a new theme object per render would make the grid re-apply its styles each time.
const DARK_CLASS_THEMES: Record<string, Theme> = Object.fromEntries(
  Object.entries(CLASS_THEMES).map(([name, theme]) => [name, theme.withPart(colorSchemeDark)]),
);

/**
 * The theme for a grid: `dashGridOptions.theme` when given (a theme object, a theme's export
 * name such as `"themeBalham"`, or `"legacy"`), else the theme a `ag-theme-<name>[-dark]` class
 * names, else AG Grid's default.
 *
 * @example
 * ```ts
 * resolveTheme(undefined, "ag-theme-balham-dark"); // themeBalham with the dark colour scheme
 * ```
 */
export function resolveTheme(option: unknown, className: string | undefined): GridTheme | undefined {
  if (typeof option === "string") return option === "legacy" ? "legacy" : THEMES[option];
  if (option !== undefined && option !== null) return option as GridTheme;
  const match = /(?:^|\s)ag-theme-(alpine|balham|material|quartz)(-dark)?(?:-[a-z]+)*(?=\s|$)/.exec(className ?? "");
  if (match === null) return undefined;
  return (match[2] === undefined ? CLASS_THEMES : DARK_CLASS_THEMES)[match[1]];
}
