/**
 * The `dash_iconify` component suite: points @iconify/react at our icon route, then publishes
 * the component on `window.dash_iconify`, where the renderer looks up `namespace.type`.
 */
import { DashIconify } from "./DashIconify.js";
import { loadIconsFromServer } from "./icon-source.js";

declare global {
  interface Window {
    dash_iconify?: Record<string, unknown>;
  }
}

loadIconsFromServer();
window.dash_iconify = Object.assign(window.dash_iconify ?? {}, { DashIconify });
