import { memo, useCallback, useMemo, useRef, useState, useSyncExternalStore, type ReactNode } from "react";
import { HTML_NAMESPACE } from "../../lib/protocol/html-elements.js";
import { stringifyId } from "../../lib/protocol/ids.js";
import type { LayoutNode } from "../../lib/protocol/types.js";
import { DashContextProvider } from "../component-api/dash-context.js";
import type { ComponentPath } from "../component-api/layout-paths.js";
import { MissingComponent } from "../components/missing-component.js";
import { resolveComponent } from "../components/registry.js";
import type { DashComponentProps } from "../components/types.js";
import { isLayoutNode, nodeId, type Props } from "../store/layout-nodes.js";
import { ComponentErrorBoundary } from "./error-boundary.js";
import { renderNestedChildren } from "./nested-children.js";
import { useRuntime } from "./runtime-context.js";

/**
 * Render a prop value: component nodes become React elements (at any depth of a list), strings
 * and numbers become text — React escapes them, so markup in a string is never parsed.
 */
export function renderValue(value: unknown, path: ComponentPath): ReactNode {
  if (typeof value === "string" || typeof value === "number") return value;
  if (Array.isArray(value)) {
    const listKey = path.join("\u0000");
    return value.map((item, index) => renderItem(item, index, path, listKey));
  }
  if (isLayoutNode(value)) return <NodeView node={value} componentPath={path} />;
  return null;
}

/**
 * The element last made for a list item, by node: a list re-renders whole when one child is
 * appended to it, and handing React the same element for an unchanged item (same node, same
 * place) lets it skip that item without comparing props, so an append costs little per item.
 */
const itemElements = new WeakMap<LayoutNode, { listKey: string; index: number; element: ReactNode }>();

function renderItem(item: unknown, index: number, listPath: ComponentPath, listKey: string): ReactNode {
  if (!isLayoutNode(item)) return renderValue(item, [...listPath, index]);
  const cached = itemElements.get(item);
  if (cached && cached.index === index && cached.listKey === listKey) return cached.element;
  const id = nodeId(item);
  const key = typeof item.props.key === "string" ? item.props.key : id !== undefined ? stringifyId(id) : `#${index}`;
  const element = <NodeView key={key} node={item} componentPath={[...listPath, index]} />;
  itemElements.set(item, { listKey, index, element });
  return element;
}

/**
 * True if the value is, or is a list holding, a component node: such props are rendered. Dash
 * decides by each component's declared node props; a node (or list of nodes) as a whole prop
 * is what those have in common. Nodes nested in objects are rendered where the type's
 * `children_props` says (a dmc Slider's `marks[].label`, see nested-children.ts); elsewhere they
 * stay JSON, for suites that render them through `ExternalWrapper` (a dcc.Dropdown option's label).
 */
function holdsComponents(value: unknown): boolean {
  return isLayoutNode(value) || (Array.isArray(value) && value.some((item) => holdsComponents(item)));
}

interface NodeViewProps {
  node: LayoutNode;
  /**
   * Where the node sits in the layout. Suites read it from the elements they get as children
   * (`child.props.componentPath`, e.g. dcc.Tabs finding its Tab's props with `getLayout`).
   */
  componentPath: ComponentPath;
}

/** One layout node: a component with an id follows the store; one without is drawn from its parent's props. */
export const NodeView = memo(function NodeView({ node, componentPath }: NodeViewProps) {
  const id = nodeId(node);
  if (id === undefined) return <ComponentView node={node} componentPath={componentPath} />;
  return <ConnectedNode idStr={stringifyId(id)} fallback={node} componentPath={componentPath} />;
}, sameNodeView);

/** Paths are rebuilt on each parent render: compare them by value, or every memo would miss. */
function sameNodeView(a: NodeViewProps, b: NodeViewProps): boolean {
  return a.node === b.node && samePath(a.componentPath, b.componentPath);
}

function samePath(a: ComponentPath, b: ComponentPath): boolean {
  return a === b || (a.length === b.length && a.every((key, i) => key === b[i]));
}

/** Subscribes to one id, so a set_props on it re-renders this component and nothing else. */
function ConnectedNode({ idStr, fallback, componentPath }: { idStr: string; fallback: LayoutNode; componentPath: ComponentPath }) {
  const { store } = useRuntime();
  const subscribe = useCallback((listener: () => void) => store.subscribe(idStr, listener), [store, idStr]);
  const node = useSyncExternalStore(subscribe, () => store.get(idStr) ?? fallback);
  const loadingProp = useSyncExternalStore(subscribe, () => store.loadingProp(idStr));
  return <ComponentView node={node} idStr={idStr} loadingProp={loadingProp} componentPath={componentPath} />;
}

interface ComponentViewProps {
  node: LayoutNode;
  componentPath: ComponentPath;
  idStr?: string;
  loadingProp?: string;
}

const ComponentView = memo(function ComponentView({ node, idStr, loadingProp, componentPath }: ComponentViewProps) {
  const runtime = useRuntime();
  const Component = resolveComponent(node.namespace, node.type);
  const local = useLocalProps(node);
  const setProps = useCallback(
    (props: Record<string, unknown>) => {
      if (idStr !== undefined) runtime.setPropsFromComponent(idStr, props);
      else local.set(props);
    },
    [runtime, idStr, local.set],
  );
  const pathKey = componentPath.join("\u0000");
  // The path array is rebuilt by each parent render; its value (pathKey) is what matters.
  const childrenProps = runtime.childrenProps[node.namespace]?.[node.type];
  const rendered = useMemo(() => renderProps(local.props, componentPath, childrenProps), [local.props, pathKey, childrenProps]);
  if (!Component) return <MissingComponent namespace={node.namespace} type={node.type} debug={runtime.debug} />;
  const props: DashComponentProps = { ...rendered, setProps };
  if (idStr !== undefined) props.id = idStr;
  if (loadingProp !== undefined) props.loading_state = { is_loading: true, prop_name: loadingProp, component_name: node.type };
  const element = <Component {...props} />;
  return (
    <ComponentErrorBoundary name={`${node.namespace}.${node.type}`}>
      {/* Our html elements never read the Dash context; suite components below them get their own. */}
      {node.namespace === HTML_NAMESPACE ? element : <DashContextProvider componentPath={componentPath}>{element}</DashContextProvider>}
    </ComponentErrorBoundary>
  );
}, sameComponentView);

/**
 * The props of a component without an id: no callback can address it, but, as in Dash (which
 * updates the layout at the component's path), its own setProps still updates it — a Tabs or
 * an Input without an id must still switch or show what was typed. The edits hold until the
 * parent renders a new node for it.
 */
function useLocalProps(node: LayoutNode): { props: Props; set: (props: Record<string, unknown>) => void } {
  const [edits, setEdits] = useState<{ node: LayoutNode; props: Props } | null>(null);
  const nodeRef = useRef(node);
  nodeRef.current = node;
  const set = useCallback((props: Record<string, unknown>) => {
    const current = nodeRef.current;
    setEdits((previous) => ({ node: current, props: { ...(previous?.node === current ? previous.props : {}), ...(props as Props) } }));
  }, []);
  const props = useMemo(() => (edits && edits.node === node ? { ...node.props, ...edits.props } : node.props), [edits, node]);
  return { props, set };
}

function sameComponentView(a: ComponentViewProps, b: ComponentViewProps): boolean {
  return a.node === b.node && a.idStr === b.idStr && a.loadingProp === b.loadingProp && samePath(a.componentPath, b.componentPath);
}

function renderProps(props: Props, path: ComponentPath, childrenProps: readonly string[] | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(props)) {
    const value = props[key];
    out[key] = key === "children" || holdsComponents(value) ? renderValue(value, [...path, "props", key]) : value;
  }
  return childrenProps ? renderNestedChildren(out, childrenProps, path, renderValue) : out;
}

/** The whole layout (one root node or a list of them); the root's path is `[]`, as in Dash. */
export function LayoutView({ layout }: { layout: unknown }) {
  return <>{renderValue(layout, [])}</>;
}
