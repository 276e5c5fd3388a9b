import { Component as ReactComponent, type ReactNode } from "react";
import { HTML_NAMESPACE } from "../../lib/protocol/html-elements.js";
import type { LayoutNode } from "../../lib/protocol/types.js";
import { DashContextProvider } from "../component-api/dash-context.js";
import type { ComponentPath } from "../component-api/layout-paths.js";
import { MissingComponent } from "../components/missing-component.js";
import { resolveComponent } from "../components/component-registry.js";
import { loadSuite } from "../components/suite-loader.js";
import { suitesNeeded } from "../components/suites-needed.js";
import { htmlElement } from "../html/index.js";
import type { DashComponentProps } from "../components/component-props.js";
import { forEachNode, idString, isLayoutNode, type Props } from "../store/layout-nodes.js";
import { InlineHtml, listItemKey } from "./inline-html.js";
import { renderNestedChildren } from "./nested-children.js";
import { RuntimeContext, type RenderRuntime } from "./runtime-context.js";

/**
 * Render a prop value: component nodes become React elements (at any depth of a list), strings
 * and numbers become text — React escapes them, so markup in a string is never parsed. With
 * `inline` (an html element's children), html elements are drawn by it (inline-html.ts).
 */
export function renderValue(value: unknown, path: ComponentPath, inline?: InlineHtml): ReactNode {
  if (typeof value === "string" || typeof value === "number") return value;
  if (Array.isArray(value)) {
    const listKey = path.join("\u0000");
    return value.map((item, index) => renderItem(item, index, path, listKey, inline));
  }
  if (isLayoutNode(value)) return inline?.draw(value, path, -1, path.join("\u0000")) ?? <NodeView node={value} componentPath={path} />;
  return null;
}

/**
 * The element last made for a list item, by node: a list re-renders whole when one child is
 * appended to it, and handing React the same element for an unchanged item (same node, same
 * place) lets it skip that item without comparing props, so an append costs little per item.
 */
const itemElements = new WeakMap<LayoutNode, { listKey: string; index: number; element: ReactNode }>();

function renderItem(item: unknown, index: number, listPath: ComponentPath, listKey: string, inline: InlineHtml | undefined): ReactNode {
  if (!isLayoutNode(item)) return renderValue(item, [...listPath, index]);
  const drawn = inline?.draw(item, listPath, index, listKey);
  if (drawn !== undefined) return drawn;
  const cached = itemElements.get(item);
  if (cached && cached.index === index && cached.listKey === listKey) return cached.element;
  const element = <NodeView key={listItemKey(item, idString(item), index)} node={item} componentPath={[...listPath, index]} />;
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

interface NodeViewState {
  /**
   * Props a component without an id set on itself: no callback can address it, but, as in Dash
   * (which updates the layout at the component's path), its own setProps still updates it — a
   * Tabs or an Input without an id must still switch or show what was typed. The edits hold
   * until the parent renders a new node for it.
   */
  edits: { node: LayoutNode; props: Props } | null;
  /** What this component (or a component below it without a boundary of its own) threw while rendering, and at which node. */
  failed: { error: Error; node: LayoutNode } | null;
}

/**
 * One layout node. A component with an id follows the store: it subscribes to its own id, so a
 * set_props on it re-renders this component and nothing else; one without an id is drawn from
 * its parent's props. It is also the component's error boundary: a component that throws shows
 * an error box, the rest of the page keeps working, and a new value for it renders it again.
 *
 * A class, so that all of this is one React component per layout node, without effects to run
 * when it mounts: the first render of a large layout costs in proportion to those. An html
 * element draws the html elements inside it (two levels deep) itself, without a view each
 * (inline-html.ts): half the components of a page of html, and one render for a batch of siblings.
 */
export class NodeView extends ReactComponent<NodeViewProps, NodeViewState> {
  static override contextType = RuntimeContext;
  declare context: RenderRuntime | null;
  override state: NodeViewState = { edits: null, failed: null };

  /** The store's node and loading prop the last render showed, and the subscription that keeps them current. */
  private shownNode: LayoutNode | undefined = undefined;
  private shownLoading: string | undefined = undefined;
  private subscribed: { idStr: string; unsubscribe: () => void } | undefined = undefined;
  /**
   * A suite component's subscriptions to the components directly inside its props: a parent such
   * as dcc.Tabs reads its children's props (`getLayout`) when it renders, so it renders again
   * when one of them changes, as Dash's immutable layout makes it. Html elements never do.
   */
  private childrenFollowed: { node: LayoutNode; unsubscribe: () => void } | undefined = undefined;
  /**
   * The props handed to the component (with `setProps` and the string id), kept while the
   * props, the path (by identity, else by value), the type's children props and the id are the same.
   */
  private rendered:
    | {
        props: Props;
        path: ComponentPath;
        pathKey: string;
        childrenProps: readonly string[] | undefined;
        idStr: string | undefined;
        /** `inline.version` then: a drawn child changed since when it differs. */
        inlineVersion: number;
        value: DashComponentProps;
      }
    | undefined = undefined;
  /** `props.node`'s stringified id, made once per node (an object id costs a sort and JSON). */
  private idNode: LayoutNode | undefined = undefined;
  private idString: string | undefined = undefined;
  /** The props last checked for suites they need (see waitsForSuites), and whether those have loaded. */
  private suiteWait: { props: Props; settled: boolean } | undefined = undefined;
  /** The props of the last render that needed no suite, shown while newer ones wait for theirs. */
  private shownProps: { namespace: string; type: string; props: Props } | undefined = undefined;
  /** An html element's html children, drawn here (inline-html.ts); none once `boxed`. */
  private inline: InlineHtml | undefined = undefined;
  /**
   * Set when something drawn here failed to render: from then on every child gets a view (and
   * so an error boundary) of its own, and the error box shows in place of the failing one only.
   */
  private boxed = false;

  // Declared so the compiled constructor sets every field above, always in the same order (all
  // the thousands of instances share one shape), and passes props on without an arguments array.
  constructor(props: NodeViewProps) {
    super(props);
  }

  static getDerivedStateFromError(error: Error): Partial<NodeViewState> {
    // the node is filled in by componentDidCatch, which knows which one was shown
    return { failed: { error, node: NO_NODE } };
  }

  override componentDidCatch(error: Error): void {
    if (this.inline) {
      // maybe one of the elements drawn here: draw again, each child in its own view
      this.inline.dispose();
      this.inline = undefined;
      this.boxed = true;
      this.setState({ failed: null });
      return;
    }
    const node = this.currentNode();
    console.error(`dash-events: ${node.namespace}.${node.type} failed to render`, error);
    this.setState({ failed: { error, node } });
  }

  override shouldComponentUpdate(next: NodeViewProps, nextState: NodeViewState): boolean {
    return nextState !== this.state || next.node !== this.props.node || !samePath(next.componentPath, this.props.componentPath);
  }

  override componentDidMount(): void {
    this.follow();
    this.inline?.commit();
  }

  override componentDidUpdate(): void {
    this.follow();
    this.inline?.commit();
  }

  override componentWillUnmount(): void {
    this.inline?.dispose();
    this.subscribed?.unsubscribe();
    this.subscribed = undefined;
    this.childrenFollowed?.unsubscribe();
    this.childrenFollowed = undefined;
  }

  /** Subscribe to the id now shown (in the commit, so a render React throws away subscribes to nothing). */
  private follow(): void {
    this.followChildren();
    const idStr = this.idStr();
    if (this.subscribed?.idStr === idStr) return;
    this.subscribed?.unsubscribe();
    this.subscribed = undefined;
    if (idStr === undefined) return;
    const store = this.runtime().store;
    const update = () => {
      if (store.get(idStr) !== this.shownNode || store.loadingProp(idStr) !== this.shownLoading) this.forceUpdate();
    };
    this.subscribed = { idStr, unsubscribe: store.subscribe(idStr, update) };
    update(); // a change between this render and its commit
  }

  private followChildren(): void {
    const node = this.currentNode();
    if (this.childrenFollowed?.node === node) return;
    this.childrenFollowed?.unsubscribe();
    this.childrenFollowed = undefined;
    if (node.namespace === HTML_NAMESPACE) return;
    const store = this.runtime().store;
    const unsubscribes: Array<() => void> = [];
    for (const key of Object.keys(node.props)) {
      forEachNode(node.props[key], (child) => {
        const idStr = idString(child);
        if (idStr !== undefined) unsubscribes.push(store.subscribe(idStr, this.rerender));
        return false;
      });
    }
    this.childrenFollowed = { node, unsubscribe: () => unsubscribes.forEach((unsubscribe) => unsubscribe()) };
  }

  private readonly rerender = (): void => this.forceUpdate();

  private runtime(): RenderRuntime {
    if (!this.context) throw new Error("dash-events: component rendered outside the renderer");
    return this.context;
  }

  private idStr(): string | undefined {
    const node = this.props.node;
    if (this.idNode !== node) {
      this.idString = idString(node);
      this.idNode = node;
    }
    return this.idString;
  }

  private currentNode(): LayoutNode {
    const idStr = this.idStr();
    return (idStr === undefined ? undefined : this.context?.store.get(idStr)) ?? this.props.node;
  }

  private readonly setProps = (props: Record<string, unknown>): void => {
    const idStr = this.idStr();
    if (idStr !== undefined) {
      this.runtime().setPropsFromComponent(idStr, props);
      return;
    }
    const node = this.props.node;
    this.setState(({ edits }) => ({ edits: { node, props: { ...(edits?.node === node ? edits.props : {}), ...(props as Props) } } }));
  };

  override render(): ReactNode {
    const runtime = this.runtime();
    const { componentPath } = this.props;
    const idStr = this.idStr();
    const stored = idStr === undefined ? undefined : runtime.store.get(idStr);
    const loadingProp = idStr === undefined ? undefined : runtime.store.loadingProp(idStr);
    this.shownNode = stored;
    this.shownLoading = loadingProp;
    const node = stored ?? this.props.node;
    const { failed, edits } = this.state;
    if (failed && (failed.node === node || failed.node === NO_NODE)) return <RenderError name={`${node.namespace}.${node.type}`} error={failed.error} />;
    // Our html elements are plain functions that read no context: called below, they cost no React
    // component of their own. Suite components get the Dash context of their place in the layout.
    const html = node.namespace === HTML_NAMESPACE ? htmlElement(node.type) : undefined;
    const Component = html ?? resolveComponent(node.namespace, node.type);
    if (!Component) return this.loadMissingSuite(node, runtime.debug);
    let localProps = edits && edits.node === node ? { ...node.props, ...edits.props } : node.props;
    if (!html && this.waitsForSuites(localProps)) {
      // keep showing what it showed (a component unmounted now would lose its state), or nothing yet
      const shown = this.shownProps;
      if (!shown || shown.namespace !== node.namespace || shown.type !== node.type) return null;
      localProps = shown.props;
    } else if (!html) {
      this.shownProps = { namespace: node.namespace, type: node.type, props: localProps };
    }
    const inline = html && !this.boxed ? (this.inline ??= this.inlineHtml(runtime)) : undefined;
    const rendered = this.renderedProps(localProps, componentPath, runtime.childrenProps[node.namespace]?.[node.type], idStr, inline);
    const props: DashComponentProps =
      loadingProp === undefined ? rendered : { ...rendered, loading_state: { is_loading: true, prop_name: loadingProp, component_name: node.type } };
    if (html) return html(props);
    return (
      <DashContextProvider componentPath={componentPath}>
        <Component {...props} />
      </DashContextProvider>
    );
  }

  /**
   * A component of a suite the page has not loaded: load it, then render again (suite-loader.ts).
   * Nothing shows while it loads; a suite the server does not know, or a type the loaded suite
   * does not have, shows MissingComponent.
   */
  private loadMissingSuite(node: LayoutNode, debug: boolean): ReactNode {
    const key = `${node.namespace}.${node.type}`;
    if (this.suiteLoad?.key !== key) {
      const load = { key, settled: false };
      this.suiteLoad = load;
      loadSuite(node.namespace, node.type).then(
        () => {
          load.settled = true;
          if (this.suiteLoad === load) this.forceUpdate();
        },
        (error: unknown) => {
          load.settled = true;
          console.error(`dash-events: ${error instanceof Error ? error.message : String(error)}`);
          if (this.suiteLoad === load) this.forceUpdate();
        },
      );
    }
    if (this.suiteLoad.settled) return <MissingComponent namespace={node.namespace} type={node.type} debug={debug} />;
    return null;
  }

  private suiteLoad: { key: string; settled: boolean } | undefined;

  /**
   * Whether `props` hold nodes of suites the page has not loaded (suites-needed.ts): their loads
   * start, and this renders again when they have settled (loaded or not: a suite the server does
   * not know then fails where the component draws that node, as it would have).
   */
  private waitsForSuites(props: Props): boolean {
    if (this.suiteWait?.props === props) return !this.suiteWait.settled;
    const needed = suitesNeeded(props);
    const wait = { props, settled: needed.length === 0 };
    this.suiteWait = wait;
    if (wait.settled) return false;
    void Promise.allSettled(needed.map(([namespace, type]) => loadSuite(namespace, type))).then(() => {
      wait.settled = true;
      if (this.suiteWait === wait) this.forceUpdate();
    });
    return true;
  }

  private renderedProps(
    props: Props,
    path: ComponentPath,
    childrenProps: readonly string[] | undefined,
    idStr: string | undefined,
    inline: InlineHtml | undefined,
  ): DashComponentProps {
    const last = this.rendered;
    // A parent's render may rebuild the path array; its value (pathKey) is what matters. The
    // component's own re-renders (a set_props on it) keep the array: no key made then.
    const pathKey = last?.path === path ? last.pathKey : path.join("\u0000");
    const inlineVersion = inline ? inline.version : -1;
    if (
      last &&
      last.props === props &&
      last.pathKey === pathKey &&
      last.childrenProps === childrenProps &&
      last.idStr === idStr &&
      last.inlineVersion === inlineVersion
    ) {
      last.path = path;
      return last.value;
    }
    inline?.begin();
    const value = renderProps(props, path, childrenProps, inline) as DashComponentProps;
    value.setProps = this.setProps;
    if (idStr !== undefined) value.id = idStr;
    this.rendered = { props, path, pathKey, childrenProps, idStr, inlineVersion, value };
    return value;
  }

  private inlineHtml(runtime: RenderRuntime): InlineHtml {
    return new InlineHtml({
      store: runtime.store,
      rerender: this.rerender,
      setPropsFromComponent: (idStr, props) => runtime.setPropsFromComponent(idStr, props),
      renderChildren: (children, path, index, inline) => renderValue(children, index < 0 ? [...path, "props", "children"] : [...path, index, "props", "children"], inline),
    });
  }
}

/** Stands for "the node shown when the error was caught" until componentDidCatch names it. */
const NO_NODE: LayoutNode = { type: "", namespace: "", props: {} };

function samePath(a: ComponentPath, b: ComponentPath): boolean {
  return a === b || (a.length === b.length && a.every((key, i) => key === b[i]));
}

/** The box shown in place of a component that threw while rendering. */
function RenderError({ name, error }: { name: string; error: Error }) {
  return (
    <div data-dash-events-error="render" style={{ border: "1px solid #d33", color: "#d33", padding: "4px 8px" }}>
      {`${name}: ${error.message}`}
    </div>
  );
}

/** The props handed to the component at `path`, the nodes inside them rendered. */
function renderProps(props: Props, path: ComponentPath, childrenProps: readonly string[] | undefined, inline: InlineHtml | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // for-in: no keys array per component while this code is not optimized yet (a page's first
  // render); own props only, should a script on the page have added to Object.prototype
  for (const key in props) {
    if (!Object.prototype.hasOwnProperty.call(props, key)) continue;
    const value = props[key];
    const rendered = typeof value !== "string" && typeof value !== "number" && (key === "children" || holdsComponents(value));
    out[key] = rendered ? renderValue(value, [...path, "props", key], key === "children" ? inline : undefined) : value;
  }
  return childrenProps ? renderNestedChildren(out, childrenProps, path, renderValue) : out;
}

/** The whole layout (one root node or a list of them); the root's path is `[]`, as in Dash. */
export function LayoutView({ layout }: { layout: unknown }) {
  return <>{renderValue(layout, [])}</>;
}
