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
 * `keyed` makes the same element with a React key, for an element drawn in a list.
 */
export type HtmlComponent = ((props: DashComponentProps) => ReactElement) & {
  displayName?: string;
  keyed: (props: DashComponentProps, key: string | undefined, click?: SharedClick) => ReactElement;
};

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
  const draw = (props: DashComponentProps, key: string | undefined, click?: SharedClick): ReactElement => {
    const domProps: Record<string, unknown> = {};
    // for-in: no keys array per element (see renderProps in render/tree.tsx)
    for (const key in props) {
      if (!isDomProp(key)) continue;
      const value = props[key];
      domProps[key] = URL_PROPS.has(key) && typeof value === "string" ? urlCleaner()(value) : value;
    }
    if (tag === "object" && typeof props.data === "string") domProps.data = urlCleaner()(props.data);
    if (props.loading_state?.is_loading) domProps["data-dash-is-loading"] = "true";
    if (props.id !== undefined && !props.disable_n_clicks) {
      domProps.onClick =
        click ?? (() => props.setProps({ n_clicks: (typeof props.n_clicks === "number" ? props.n_clicks : 0) + 1, n_clicks_timestamp: Date.now() }));
    }
    // set here, after the filtering: a `key` among the props never reaches React
    if (key !== undefined) domProps.key = key;
    const children = props.children as ReactNode;
    if (isVoid || children === undefined) return createElement(tag, domProps);
    return createElement(tag, domProps, children);
  };
  const HtmlElement: HtmlComponent = Object.assign((props: DashComponentProps) => draw(props, undefined), { displayName: name, keyed: draw });
  return HtmlElement;
}
