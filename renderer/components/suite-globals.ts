import { HTML_NAMESPACE } from "../../lib/protocol/html-elements.js";
import { htmlNamespace } from "../html/index.js";

/**
 * The globals Dash pages have: `window.dash_html_components` holds the html components (under
 * Dash its suite script puts them there). Suites that render layout nodes themselves look
 * components up as `window[namespace][type]` (dmc's NotificationContainer rendering an `html.B`
 * in a message); the other suites' namespaces are set by their own scripts when they load.
 * The namespace object is made when first read: most pages never read it.
 */
export function installSuiteGlobals(): void {
  const globals = window as unknown as Record<string, unknown>;
  if (globals[HTML_NAMESPACE] != null) return;
  const settle = (value: unknown): void => {
    Object.defineProperty(globals, HTML_NAMESPACE, { value, writable: true, enumerable: true, configurable: true });
  };
  Object.defineProperty(globals, HTML_NAMESPACE, {
    get: () => {
      const value = htmlNamespace();
      settle(value);
      return value;
    },
    set: settle,
    enumerable: true,
    configurable: true,
  });
}
