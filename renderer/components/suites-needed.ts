/**
 * The suites a component's props need before the component may render: component nodes in its
 * props whose suite the page has not loaded yet. Suites render some nodes themselves, looking
 * them up as `window[namespace][type]` (dmc's NotificationContainer drawing a notification's
 * `icon`), and throw when the namespace is missing: under Dash every installed suite is on the
 * page from the start. A node the renderer draws loads its own suite (tree.tsx); this is for the
 * ones it cannot see, so the owner waits for them instead.
 */
import { HTML_NAMESPACE } from "../../lib/protocol/html-elements.js";
import type { LayoutNode } from "../../lib/protocol/types.js";
import { forEachNode, type Props } from "../store/layout-nodes.js";
import { resolveComponent } from "./component-registry.js";

/**
 * `[namespace, type]` of each node in `props` (in lists and plain objects, not inside other
 * nodes: those are drawn by whoever draws that node) whose component the page does not have.
 *
 * @example
 * ```ts
 * suitesNeeded({ sendNotifications: [{ icon: { namespace: "dash_iconify", type: "DashIconify", props: {} } }] });
 * // [["dash_iconify", "DashIconify"]] until the dash_iconify suite has loaded
 * ```
 */
export function suitesNeeded(props: Props): Array<[namespace: string, type: string]> {
  let found: Map<string, [string, string]> | undefined;
  const visit = (node: LayoutNode): false => {
    if (node.namespace !== HTML_NAMESPACE && !resolveComponent(node.namespace, node.type)) {
      found ??= new Map();
      found.set(`${node.namespace}.${node.type}`, [node.namespace, node.type]);
    }
    return false;
  };
  for (const key of Object.keys(props)) forEachNode(props[key], visit);
  return found ? [...found.values()] : [];
}
