import { useEffect, useLayoutEffect, useRef } from "react";
import { stringifyId } from "../../lib/protocol/ids.js";
import type { LayoutNode } from "../../lib/protocol/types.js";
import { useRuntime } from "../render/runtime-context.js";
import { NodeView } from "../render/tree.js";
import { nodeId } from "../store/layout-nodes.js";
import type { ComponentPath } from "./layout-paths.js";

/** Props of `window.dash_component_api.ExternalWrapper`. */
export interface ExternalWrapperProps {
  /** A layout node (JSON) the suite found in its own props, e.g. a dropdown option's label. */
  component: LayoutNode;
  /** Where that node sits, e.g. `[...componentPath, "props", "options", 2, "label"]`. */
  componentPath: ComponentPath;
  /** Forget the component when the wrapper unmounts. */
  temp?: boolean;
}

/**
 * Renders a component that a suite keeps outside the regular tree (Dash 3's ExternalWrapper):
 * its ids join the store, so set_props and callbacks reach it; when the suite passes new props
 * for it, they are applied like a set_props from the component.
 */
export function ExternalWrapper({ component, componentPath, temp = false }: ExternalWrapperProps) {
  const runtime = useRuntime();
  const seenProps = useRef<unknown>(null);
  const id = nodeId(component);
  // Indexed during render, so the component's first render already finds itself in the store.
  if (seenProps.current === null) runtime.store.adopt(component);
  useLayoutEffect(() => {
    if (seenProps.current !== null && seenProps.current !== component.props && id !== undefined) {
      runtime.setPropsFromComponent(stringifyId(id), component.props);
    }
    seenProps.current = component.props;
  }, [component.props]);
  useEffect(() => (temp ? () => runtime.store.release(component) : undefined), []);
  return <NodeView node={component} componentPath={componentPath} />;
}
