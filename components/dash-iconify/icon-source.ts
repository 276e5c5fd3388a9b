/**
 * Where the page's icons come from: our server's icon route, under the app's requests prefix,
 * in place of @iconify/react's default provider (api.iconify.design and its mirrors), so an app
 * with icons works offline and tells no third party what it shows.
 */
import { addAPIProvider } from "@iconify/react";
import { ICONS_PATH } from "../../lib/protocol/icons.js";
import { PAGE_DATA, type DashConfig } from "../../lib/protocol/types.js";

/**
 * The app's `requests_pathname_prefix`, read from the page's `_dash-config` as Dash's renderer
 * reads it; `/` on a page without one.
 */
export function requestsPrefix(): string {
  const text = document.getElementById(PAGE_DATA.config)?.textContent;
  if (!text) return "/";
  try {
    const prefix = (JSON.parse(text) as Partial<DashConfig>).requests_pathname_prefix;
    return typeof prefix === "string" && prefix.startsWith("/") ? prefix : "/";
  } catch {
    return "/";
  }
}

/**
 * Point @iconify/react's default provider (the one icon names without `@provider:` use) at the
 * icon route. Run before any icon renders: the loader reads the provider when it first loads.
 *
 * @example
 * ```ts
 * loadIconsFromServer(); // <Icon icon="mdi:home" /> now loads GET /_dash-events/icons/mdi.json?icons=home
 * ```
 */
export function loadIconsFromServer(): void {
  const ok = addAPIProvider("", { resources: [window.location.origin], path: `${requestsPrefix()}${ICONS_PATH}/` });
  if (!ok) throw new Error("dash_iconify: could not set the icon source");
}
