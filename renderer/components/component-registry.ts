import { HTML_NAMESPACE } from "../../lib/protocol/html-elements.js";
import { htmlElement } from "../html/index.js";
import type { DashComponent } from "./component-props.js";

/**
 * Find the React component for a layout node's `namespace` and `type`: the html namespace is
 * built in, every other namespace is read from `window[namespace][type]`, where a Dash
 * component suite's script puts its components. Returns undefined when it is not there.
 */
export function resolveComponent(namespace: string, type: string): DashComponent | undefined {
  if (namespace === HTML_NAMESPACE) return htmlElement(type);
  const suite = (window as unknown as Record<string, unknown>)[namespace];
  if (typeof suite !== "object" || suite === null) return undefined;
  const component = (suite as Record<string, unknown>)[type];
  // Components are functions, or objects for memo/forwardRef wrappers.
  return typeof component === "function" || (typeof component === "object" && component !== null)
    ? (component as DashComponent)
    : undefined;
}
