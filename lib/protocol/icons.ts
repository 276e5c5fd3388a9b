/**
 * The icon route of `dash_iconify.DashIconify`: the page asks our server, never the Iconify API,
 * for the icons it shows, in the Iconify API's own form (`GET <prefix>.json?icons=a,b`, answered
 * in IconifyJSON), so `@iconify/react`'s loader only needs to be pointed at this path.
 */

/** Where icon data is served: `GET /<this>/<set>.json?icons=<name>,<name>` (under the requests prefix). */
export const ICONS_PATH = "_dash-events/icons";

/**
 * An icon set prefix or icon name as Iconify spells them (every name in `@iconify/json` matches):
 * lower-case letters and digits, in groups joined by single hyphens. Anything else is refused
 * before it is looked up, so a name never reaches the file system.
 */
export const ICON_NAME_PATTERN = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

/** Longest accepted set prefix or icon name. */
export const MAX_ICON_NAME_LENGTH = 100;

/**
 * Most icons one request may name. `@iconify/react` splits its requests at 500 characters of URL,
 * so a page never sends this many; more is not a page of ours.
 */
export const MAX_ICONS_PER_REQUEST = 256;

/** An icon as IconifyJSON stores it: its SVG body, and its box and transformations when they differ from the set's. */
export interface IconifyIconData {
  body: string;
  left?: number;
  top?: number;
  width?: number;
  height?: number;
  rotate?: number;
  hFlip?: boolean;
  vFlip?: boolean;
  hidden?: boolean;
}

/** An alias: another name of an icon (its `parent`), possibly with transformations of its own. */
export interface IconifyAliasData {
  parent: string;
  left?: number;
  top?: number;
  width?: number;
  height?: number;
  rotate?: number;
  hFlip?: boolean;
  vFlip?: boolean;
}

/**
 * The answer of the icon route: the requested icons of one set (and the icons their aliases
 * point to), the set's default box, and the requested names the set does not have.
 */
export interface IconSetSubset {
  prefix: string;
  icons: Record<string, IconifyIconData>;
  aliases?: Record<string, IconifyAliasData>;
  left?: number;
  top?: number;
  width?: number;
  height?: number;
  lastModified?: number;
  /** Requested names the set does not have (the Iconify API's field: the loader marks them missing). */
  not_found?: string[];
}
