import { createElement, type ReactElement, type ReactNode } from "react";
import type { DashComponentProps } from "../components/component-props.js";
import { cleanUrl, URL_PROPS } from "./clean-url.js";
import { tagOf, VOID_TAGS } from "./elements.js";

/** Dash-only props that must not reach the DOM element. */
const DASH_PROPS = new Set(["n_clicks", "n_clicks_timestamp", "disable_n_clicks", "loading_state", "setProps", "children"]);

/**
 * React's escape hatches, which Dash's html components do not have: raw HTML, refs, keys,
 * warning switches. A layout or a stream frame naming one must not reach React
 * (`dcc.Markdown`'s `dangerously_allow_html` is the one documented way to raw HTML).
 */
const REACT_ONLY_PROPS = new Set(["dangerouslySetInnerHTML", "ref", "key", "suppressContentEditableWarning", "suppressHydrationWarning"]);

/** Whether a prop may reach the DOM element: not Dash-only, not a React escape hatch, not an event handler (`onClick`…). */
function isDomProp(key: string): boolean {
  let allowed = domPropNames.get(key);
  if (allowed !== undefined) return allowed;
  allowed = !DASH_PROPS.has(key) && !REACT_ONLY_PROPS.has(key) && !/^on[A-Z]/.test(key);
  // bounded: a stream sending ever new prop names must not grow it without end
  if (domPropNames.size < 1000) domPropNames.set(key, allowed);
  return allowed;
}

/** isDomProp's answers by prop name: a page of thousands of elements asks about the same few names. */
const domPropNames = new Map<string, boolean>();

/** `window.dash_clientside.clean_url`, which an app may replace as in Dash (e.g. to allow more schemes). */
function urlCleaner(): (url: string) => string {
  const installed = window.dash_clientside?.clean_url;
  return typeof installed === "function" ? installed : cleanUrl;
}

/**
 * A Dash html element: a function component without hooks or context, so the renderer may also
 * call it as a plain function (render/tree.tsx does, to spare a React component per element);
 * `fromNode` makes the same element straight from a layout node's props, for an element drawn
 * by its parent's view (render/inline-html.ts).
 */
export type HtmlComponent = ((props: DashComponentProps) => ReactElement) & {
  displayName?: string;
  fromNode: DrawFromNode;
};

/**
 * The element of a layout node drawn from its own props (`node`, as the store holds them), with
 * its `children` already rendered (undefined when it has none), `id` in place of the node's id
 * (its stringified id), whether a callback is computing one of its props, React's `key` in a
 * list, and the handler that counts its clicks.
 */
export type DrawFromNode = (
  node: Readonly<Record<string, unknown>>,
  children: ReactNode,
  id: unknown,
  loading: boolean,
  key: string | undefined,
  click: SharedClick | undefined,
) => ReactElement;

/**
 * A click handler shared by many elements instead of one closure each (render/inline-html.ts):
 * it finds the clicked component by the DOM element's id, which is the component's stringified id.
 */
export type SharedClick = (event: { currentTarget: { id: string } }) => void;

/**
 * Build the React component for one element of Dash's html namespace, with Dash's behaviour:
 * a click counts `n_clicks` and stamps `n_clicks_timestamp` (components with an id, unless
 * `disable_n_clicks`); URL props are passed through `clean_url`; a running callback's output
 * carries `data-dash-is-loading`; children are rendered by React, so strings stay text.
 *
 * @example
 * ```tsx
 * const Div = htmlComponent("Div");
 * <Div id="x" setProps={console.log}>hi</Div>
 * ```
 */
export function htmlComponent(name: string): HtmlComponent {
  const tag = tagOf(name);
  const isVoid = VOID_TAGS.has(tag);
  // `fromNode`, and the component through it: `source` is a component's props or a node's own.
  const fromNode = (source: Readonly<Record<string, unknown>>, children: ReactNode, id: unknown, loading: boolean, key: string | undefined, click: (() => void) | SharedClick | undefined): ReactElement => {
    const domProps: Record<string, unknown> = {};
    // for-in: no keys array per element while this code is not optimized yet (a page's first
    // render); own props only, should a script on the page have added to Object.prototype
    for (const name in source) {
      if (!isDomProp(name) || !Object.prototype.hasOwnProperty.call(source, name)) continue;
      const value = name === "id" ? id : source[name];
      domProps[name] = URL_PROPS.has(name) && typeof value === "string" ? urlCleaner()(value) : value;
    }
    if (tag === "object" && typeof source.data === "string") domProps.data = urlCleaner()(source.data);
    if (loading) domProps["data-dash-is-loading"] = "true";
    if (id !== undefined && click !== undefined && !source.disable_n_clicks) domProps.onClick = click;
    // set here, after the filtering: a `key` among the props never reaches React
    if (key !== undefined) domProps.key = key;
    if (isVoid || children === undefined) return createElement(tag, domProps);
    return createElement(tag, domProps, children);
  };
  const component = (props: DashComponentProps): ReactElement => {
    const click = () => props.setProps({ n_clicks: (typeof props.n_clicks === "number" ? props.n_clicks : 0) + 1, n_clicks_timestamp: Date.now() });
    return fromNode(props, props.children as ReactNode, props.id, Boolean(props.loading_state?.is_loading), undefined, click);
  };
  const HtmlElement: HtmlComponent = Object.assign(component, { displayName: name, fromNode });
  return HtmlElement;
}
