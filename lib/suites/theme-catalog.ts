/**
 * Bootstrap stylesheets and icon fonts for dash-bootstrap-components, served from npm packages
 * (`bootstrap`, `bootswatch`, `bootstrap-icons`, `@fortawesome/fontawesome-free`) instead of a
 * CDN. `dbcThemes` mirrors Python's `dbc.themes` and `dbcIcons` its `dbc.icons`: each constant is
 * a URL path of this server, to put in `new App({ stylesheets: [...] })` (Dash's
 * `external_stylesheets`) or in any `href`, e.g. of a theme switcher.
 *
 * `/_dash-events/themes/<theme>/<path>` maps onto the theme's folder in node_modules
 * (`bootstrap/dist/css/`, `bootswatch/dist/<theme>/`, `bootstrap-icons/font/`, Font Awesome's
 * `css/` and `webfonts/`), so the relative URLs of a stylesheet (source map, fonts) resolve too.
 * Remote `@import`s (Google Fonts, in most Bootswatch themes) are blanked out when served: our
 * pages load nothing from another host; those themes fall back to their font stacks.
 */
import { existsSync, realpathSync, statSync } from "node:fs";
import { join } from "node:path";
import { fingerprintPath } from "./fingerprint.js";
import { locatePackage } from "./locate.js";

/** URL prefix of the theme files. */
export const THEMES_PREFIX = "/_dash-events/themes/";

/** The Bootswatch themes of `bootswatch@5` (each a folder of `bootswatch/dist/`). */
const BOOTSWATCH_THEMES = [
  "brite",
  "cerulean",
  "cosmo",
  "cyborg",
  "darkly",
  "flatly",
  "journal",
  "litera",
  "lumen",
  "lux",
  "materia",
  "minty",
  "morph",
  "pulse",
  "quartz",
  "sandstone",
  "simplex",
  "sketchy",
  "slate",
  "solar",
  "spacelab",
  "superhero",
  "united",
  "vapor",
  "yeti",
  "zephyr",
] as const;

type BootswatchName = (typeof BOOTSWATCH_THEMES)[number];

/** The icon fonts of `dbc.icons`: the package, its folder served, and the subfolders of it that may be read. */
const ICON_SETS: Readonly<Record<string, { package: string; folder: string; subfolders: readonly string[] }>> = {
  "bootstrap-icons": { package: "bootstrap-icons", folder: "font", subfolders: ["", "fonts"] },
  fontawesome: { package: "@fortawesome/fontawesome-free", folder: "", subfolders: ["css", "webfonts"] },
};

const themeUrl = (theme: string, file = "bootstrap.min.css") => `${THEMES_PREFIX}${theme}/${file}`;

/**
 * Python's `dbc.themes`, served locally: `BOOTSTRAP` (plain Bootstrap 5), `GRID` (its grid
 * only) and the Bootswatch themes (`DARKLY`, `FLATLY`, `LUX`, …).
 *
 * @example
 * ```ts
 * import { App, dbc, dbcThemes } from "dash-events";
 * const app = new App({ stylesheets: [dbcThemes.BOOTSTRAP], layout: dbc.Button("Go", { color: "primary" }) });
 * dbcThemes.DARKLY; // "/_dash-events/themes/darkly/bootstrap.min.css"
 * ```
 */
export const dbcThemes = {
  BOOTSTRAP: themeUrl("bootstrap"),
  GRID: themeUrl("bootstrap", "bootstrap-grid.min.css"),
  ...(Object.fromEntries(BOOTSWATCH_THEMES.map((name) => [name.toUpperCase(), themeUrl(name)])) as {
    readonly [K in BootswatchName as Uppercase<K>]: string;
  }),
} as const;

/**
 * Python's `dbc.icons`, served locally: `BOOTSTRAP` (Bootstrap Icons, `<i className="bi bi-alarm">`)
 * and `FONT_AWESOME` (Font Awesome 6 Free, `<i className="fa-solid fa-house">`), with their fonts.
 *
 * @example
 * ```ts
 * const app = new App({ stylesheets: [dbcThemes.BOOTSTRAP, dbcIcons.BOOTSTRAP], layout: html.I({ className: "bi bi-alarm" }) });
 * ```
 */
export const dbcIcons = {
  BOOTSTRAP: themeUrl("bootstrap-icons", "bootstrap-icons.min.css"),
  FONT_AWESOME: themeUrl("fontawesome", "css/all.min.css"),
} as const;

/** Where a theme's (or icon set's) files come from: its npm package and folder in it. */
function themeSource(theme: string): { package: string; folder: string } | undefined {
  if (theme === "bootstrap") return { package: "bootstrap", folder: join("dist", "css") };
  if ((BOOTSWATCH_THEMES as readonly string[]).includes(theme)) return { package: "bootswatch", folder: join("dist", theme) };
  return ICON_SETS[theme];
}

/** The real path of the folder a theme's files are served from, or `undefined` for an unknown or uninstalled theme. */
export function themeFolder(theme: string): string | undefined {
  const source = themeSource(theme);
  const located = source && locatePackage(source.package);
  if (!source || !located) return undefined;
  try {
    return realpathSync(join(located.folder, source.folder));
  } catch {
    return undefined;
  }
}

/**
 * Whether a path inside a theme's folder (its segments) may be served: a theme's files sit at
 * its top; an icon set's in its CSS and font folders only.
 */
export function servedThemePath(theme: string, segments: readonly string[]): boolean {
  const icons = ICON_SETS[theme];
  if (!icons) return segments.length === 1;
  const subfolder = segments.length === 1 ? "" : segments.length === 2 ? segments[0] : undefined;
  return subfolder !== undefined && icons.subfolders.includes(subfolder);
}

function themeVersion(theme: string): string | undefined {
  const source = themeSource(theme);
  return source && locatePackage(source.package)?.version;
}

/** An entry of `AppOptions.stylesheets` / `scripts`: a URL, or Dash's form with extra attributes. */
export type ExternalResource = string | { readonly [attribute: string]: string };

/**
 * What a `stylesheets` entry means: a theme name (`"darkly"`, `"BOOTSTRAP"`, `"grid"`) becomes
 * that theme's URL; any other string is a URL, kept as given. Throws for a bare word that is not
 * a theme, so a typo fails at start-up rather than as a 404 in the browser.
 *
 * @example
 * ```ts
 * stylesheetUrl("DARKLY"); // "/_dash-events/themes/darkly/bootstrap.min.css"
 * stylesheetUrl("https://cdn.example/x.css"); // "https://cdn.example/x.css"
 * ```
 */
export function stylesheetUrl(entry: string): string {
  if (!/^[A-Za-z_]+$/.test(entry)) return entry;
  const url = (dbcThemes as Record<string, string>)[entry.toUpperCase()];
  if (!url) {
    const names = Object.keys(dbcThemes).join(", ");
    throw new Error(`Unknown stylesheet ${JSON.stringify(entry)}: give a URL (e.g. dbcIcons.BOOTSTRAP), or one of the themes ${names}`);
  }
  return url;
}

/**
 * The URL the page links for a stylesheet URL: one of our theme files gets Dash's fingerprint
 * (package version and file mtime, so browsers cache it for a year); anything else is as given.
 *
 * @example
 * ```ts
 * pageStylesheetUrl(dbcThemes.BOOTSTRAP); // "/_dash-events/themes/bootstrap/bootstrap.v5_3_9m1761000000.min.css"
 * ```
 */
export function pageStylesheetUrl(url: string): string {
  if (!url.startsWith(THEMES_PREFIX) || /[?#]/.test(url)) return url;
  const [theme, ...segments] = url.slice(THEMES_PREFIX.length).split("/");
  if (!theme || segments.length === 0 || segments.some((segment) => !segment) || !servedThemePath(theme, segments)) return url;
  const file = segments.join("/");
  const folder = themeFolder(theme);
  const version = themeVersion(theme);
  const path = folder && join(folder, file);
  if (!path || !version || !existsSync(path)) return url;
  return themeUrl(theme, fingerprintPath(file, version, statSync(path).mtimeMs / 1000));
}

/**
 * A theme stylesheet with its remote `@import`s blanked out by a comment of the same length, so
 * the page fetches nothing from another host and the source map's columns still fit.
 *
 * @example
 * ```ts
 * withoutRemoteImports('@import url(https://fonts.googleapis.com/css2?family=Lato);a{}'); // "/*   …   *\/a{}"
 * ```
 */
export function withoutRemoteImports(css: string): string {
  // url(...) may hold semicolons (Google Fonts' `wght@0,400;0,700`): match up to its `)`
  const remote = /@import\s+(?:url\(\s*["']?(?:https?:)?\/\/[^)]*\)|(["'])(?:https?:)?\/\/.*?\1)[^;]*;/g;
  return css.replace(remote, (statement) => `/*${" ".repeat(Math.max(0, statement.length - 4))}*/`);
}
