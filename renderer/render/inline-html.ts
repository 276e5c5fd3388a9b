import type { ReactNode } from "react";
import { HTML_NAMESPACE } from "../../lib/protocol/html-elements.js";
import type { LayoutNode } from "../../lib/protocol/types.js";
import type { ComponentPath } from "../component-api/layout-paths.js";
import { htmlElement } from "../html/index.js";
import type { LayoutStore } from "../store/layout-store.js";
import { idString } from "../store/layout-nodes.js";

/** What an html element's owner needs from the renderer (render/tree.tsx). */
export interface InlineOwner {
  store: LayoutStore;
  /** Render the owner again: one of its inline elements changed. */
  rerender: () => void;
  setPropsFromComponent: (idStr: string, props: Record<string, unknown>) => void;
  /**
   * The element's `children` rendered (it sits at `path`, or at item `index` of the list
   * there): html elements by `inline` when given, everything else by a view of its own.
   */
  renderChildren: (children: unknown, path: ComponentPath, index: number, inline: InlineHtml | undefined) => ReactNode;
}

/** The last element drawn for one layout node, and what it was drawn from. */
interface Drawn {
  item: LayoutNode;
  idStr: string | undefined;
  node: LayoutNode;
  loading: string | undefined;
  listKey: string;
  index: number;
  element: ReactNode;
  /** For an element of the first level, the elements drawn inside it (the second level), if any. */
  inner: Drawn[] | undefined;
  /** The last render that drew it (InlineHtml's `generation`). */
  seen: number;
}

/** React's key for a component in a list: its `key` prop, else its id, else its place. */
export function listItemKey(item: LayoutNode, idStr: string | undefined, index: number): string {
  return typeof item.props.key === "string" ? item.props.key : (idStr ?? `#${index}`);
}

/**
 * The html elements inside an html element's view, two levels deep (its html children and
 * theirs), drawn by that view itself instead of by a view (a React class component) each: on a
 * page of a thousand Divs that halves the React components to build, subscribe and commit, and a
 * batch of updates to siblings is one render of their parent. The owner subscribes to each drawn
 * element's id, so a set_props on one renders the owner again, where every unchanged element
 * hands React its previous element and is skipped (a first-level one only if the elements drawn
 * inside it are unchanged too). What the second level holds is drawn by views again, so a change
 * further below never reaches the owner, and an update costs the owner at most its two levels.
 *
 * What a view of its own would add, the owner does for them: the store's current node and
 * loading state, clicks, and the error boundary — a render error below the owner makes it draw every child in a view
 * of its own (NodeView's `boxed`), so the error box is the failing element's only.
 *
 * @example
 * ```ts
 * const inline = new InlineHtml(owner);
 * inline.begin();
 * const element = inline.draw(node, ["props", "children"], 3, "props\u0000children"); // a <div key="d3">
 * inline.commit(); // after React's commit: subscribe to what was drawn
 * ```
 */
export class InlineHtml {
  /** Changes when a drawn element's component changed: the owner's cached props are stale then. */
  version = 0;
  /** What the last committed render drew, by layout node; their ids are followed in the store (with `changed`). */
  private shown = new Map<LayoutNode, Drawn>();
  /**
   * Counts the renders. The render in progress marks what it draws again with it (`seen`) and
   * keeps only what it draws anew (`drawn`): an update to a few of ten thousand elements makes
   * no new map of ten thousand. Until the commit, `shown` is still the last committed render's.
   */
  private generation = 0;
  private rendering = false;
  private drawn: Map<LayoutNode, Drawn> | undefined;
  /** Set while a first-level element's props are drawn; `inner` collects the second-level elements drawn in them. */
  private nested = false;
  private inner: Drawn[] | undefined;

  constructor(private readonly owner: InlineOwner) {}

  /** A render of the owner's props starts: what it draws replaces what the last one drew. */
  begin(): void {
    this.generation++;
    this.rendering = true;
    this.drawn = undefined;
  }

  /**
   * The element for `item`, found at `parentPath` (`index` in a list there, -1 for a single
   * child; `listKey` is `parentPath` joined): the previous one when nothing it shows changed.
   * Undefined for a component that is not an html element this renderer knows (nor is the
   * store's node under its id, which a callback may have replaced): a view draws that.
   */
  draw(item: LayoutNode, parentPath: ComponentPath, index: number, listKey: string): ReactNode {
    if (item.namespace !== HTML_NAMESPACE) return undefined;
    const { store } = this.owner;
    const last = this.shown.get(item);
    // an object id costs a sort and JSON: made once per layout node
    const idStr = last ? last.idStr : idString(item);
    const node = (idStr === undefined ? undefined : store.get(idStr)) ?? item;
    const html = htmlElement(node.type);
    // the store may hold another type under this id now (a callback replaced the component): a view draws it
    if (node.namespace !== HTML_NAMESPACE || html === undefined) return undefined;
    const loading = idStr === undefined ? undefined : store.loadingProp(idStr);
    // drawn inside an element drawn here (the second level): the outer one's entry lists it
    const nested = this.nested;
    if (
      last &&
      last.node === node &&
      last.loading === loading &&
      last.index === index &&
      last.listKey === listKey &&
      (last.inner === undefined || this.unchanged(last.inner))
    ) {
      if (nested) (this.inner ??= []).push(last);
      last.seen = this.generation;
      return last.element;
    }
    // The first level draws the html elements inside it too; theirs get views again.
    const { children } = node.props;
    let rendered: ReactNode;
    let inner: Drawn[] | undefined;
    if (children === undefined || typeof children === "string" || typeof children === "number") {
      rendered = children; // text (most elements) needs no path
    } else if (nested) {
      rendered = this.owner.renderChildren(children, parentPath, index, undefined);
    } else {
      this.nested = true;
      try {
        rendered = this.owner.renderChildren(children, parentPath, index, this);
      } finally {
        this.nested = false;
        inner = this.inner;
        this.inner = undefined;
      }
    }
    // drawn from the node's own props: no props object made for it first
    const key = index < 0 ? undefined : listItemKey(item, idStr, index);
    const element = html.fromNode(node.props, rendered, idStr ?? node.props.id, loading !== undefined, key, idStr === undefined ? undefined : this.clicked);
    const entry: Drawn = { item, idStr, node, loading, listKey, index, element, inner, seen: this.generation };
    if (this.rendering) (this.drawn ??= new Map()).set(item, entry);
    if (nested) (this.inner ??= []).push(entry);
    return element;
  }

  /**
   * Whether the elements drawn inside an element still show what their components hold: if so,
   * the outer element is reused whole (and they are followed again); else it is drawn again.
   */
  private unchanged(inner: readonly Drawn[]): boolean {
    const { store } = this.owner;
    for (const entry of inner) {
      const { item, idStr } = entry;
      const node = (idStr === undefined ? undefined : store.get(idStr)) ?? item;
      const loading = idStr === undefined ? undefined : store.loadingProp(idStr);
      if (node !== entry.node || loading !== entry.loading) return false;
    }
    for (const entry of inner) entry.seen = this.generation;
    return true;
  }

  /** After the owner's commit: follow the ids the render drew (and catch a change made since). */
  commit(): void {
    if (!this.rendering) return;
    this.rendering = false;
    const { generation, drawn } = this;
    this.drawn = undefined;
    const { store } = this.owner;
    const shown = this.shown;
    // An element's id comes with its layout node: follow the ids of nodes new here, leave those of nodes gone.
    // (forEach: a for-of over a Map allocates per step while this code is not optimized yet)
    if (drawn) {
      const first = shown.size === 0;
      drawn.forEach((entry, item) => {
        if (entry.idStr !== undefined && (first || !shown.has(item))) store.listen(entry.idStr, this.changed);
        if (!first) shown.set(item, entry);
      });
      if (first) this.shown = drawn;
    }
    let stale = false;
    let gone: string[] | undefined;
    this.shown.forEach((entry, item) => {
      const { idStr } = entry;
      if (entry.seen !== generation) {
        this.shown.delete(item);
        if (idStr !== undefined) (gone ??= []).push(idStr);
      } else if (idStr !== undefined) {
        stale ||= store.get(idStr) !== entry.node || store.loadingProp(idStr) !== entry.loading;
      }
    });
    if (gone) {
      // (another node drawn here may carry the same id: it stays followed)
      const kept = new Set<string>();
      this.shown.forEach((entry) => {
        if (entry.idStr !== undefined) kept.add(entry.idStr);
      });
      for (const idStr of gone) if (!kept.has(idStr)) store.unlisten(idStr, this.changed);
    }
    if (stale) this.changed();
  }

  /** Stop following: the owner unmounts, or draws its children in views of their own now. */
  dispose(): void {
    this.shown.forEach((entry) => {
      if (entry.idStr !== undefined) this.owner.store.unlisten(entry.idStr, this.changed);
    });
    this.shown.clear();
    this.rendering = false;
    this.drawn = undefined;
  }

  private readonly changed = (): void => {
    this.version++;
    this.owner.rerender();
  };

  /**
   * A click on an element drawn here, as Dash counts them (html-component.tsx): the DOM element's
   * id is its component's stringified id (`draw` sets it), so one handler serves them all.
   */
  private readonly clicked = (event: { currentTarget: { id: string } }): void => {
    const idStr = event.currentTarget.id;
    const clicks = this.owner.store.get(idStr)?.props.n_clicks;
    this.owner.setPropsFromComponent(idStr, { n_clicks: (typeof clicks === "number" ? clicks : 0) + 1, n_clicks_timestamp: Date.now() });
  };
}
