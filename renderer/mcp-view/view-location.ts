/**
 * The MCP App view's `dash_core_components.Location`: dcc's own (Location.react.js) reads and
 * writes `window.location`, which in the host's `about:srcdoc` iframe is not the app's, so
 * Pages' routing would see the path `srcdoc` and show its 404. This one does what dcc's does
 * with the view's location (virtual-location.ts) instead: it sets its props from it when it
 * mounts and on `popstate` / `_dashprivate_pushstate` (which `dcc.Link` fires), and when a
 * callback sets its props it moves the view (firing `_dashprivate_pushstate` for
 * `refresh: "callback-nav"`, as dcc does). `refresh: true`, a reload at the new URL in a tab,
 * moves the view and fires the event too: the view cannot reload, its Locations follow.
 *
 * It replaces dcc's only in the view: this bundle is loaded nowhere else.
 */
import type * as ReactModule from "react";
import { moveView, viewHref, viewPath, whenViewKnown, type ViewPath } from "./virtual-location.js";

type Field = "pathname" | "href" | "hash" | "search";
const FIELDS: readonly Field[] = ["pathname", "href", "hash", "search"];
const SUITE = "dash_core_components";
const PUSH_EVENT = "_dashprivate_pushstate";
/** What dcc's Location fires after it moved (`History.dispatchChangeEvent` of dash-component-plugins). */
const HISTORY_CHANGE_EVENT = "_dashprivate_historychange";

type LocationProps = Partial<Record<Field, string | null>> & {
  id: string;
  refresh?: boolean | "callback-nav";
  setProps: (props: Partial<Record<Field, string>>) => void;
};

function fieldsOf(path: ViewPath): Record<Field, string> {
  return { ...path, href: viewHref(path) };
}

function makeViewLocation(React: typeof ReactModule): ReactModule.ComponentClass<LocationProps> {
  class Location extends React.Component<LocationProps> {
    static defaultProps = { refresh: true };
    private stopWaiting: (() => void) | undefined;

    override componentDidMount(): void {
      window.addEventListener("popstate", this.onLocationChange);
      window.addEventListener(PUSH_EVENT, this.onLocationChange);
      // a path-template page waits for its arguments before the app sees a path
      this.stopWaiting = whenViewKnown(() => this.update(this.props, this.props));
    }

    override componentDidUpdate(previous: LocationProps): void {
      if (viewPath()) this.update(previous, this.props);
    }

    override componentWillUnmount(): void {
      this.stopWaiting?.();
      window.removeEventListener("popstate", this.onLocationChange);
      window.removeEventListener(PUSH_EVENT, this.onLocationChange);
    }

    /** dcc's `updateLocation`: unset props take the location; props a callback changed move it. */
    private update(previous: LocationProps, props: LocationProps): void {
      const location = fieldsOf(viewPath()!);
      const toSet: Partial<Record<Field, string>> = {};
      const moved = new Set<Field>();
      let reload: string | undefined;
      for (const field of FIELDS) {
        const value = props[field];
        if (value === undefined || value === null) toSet[field] = location[field];
        else if (value !== location[field]) {
          if (props.refresh === true) reload = field === "href" ? value : viewHref({ ...viewPath()!, [field]: value });
          else if (previous[field] !== value) {
            toSet[field] = value;
            moved.add(field);
          }
        }
      }
      if (Object.keys(toSet).length > 0) props.setProps(toSet);
      if (reload !== undefined) {
        moveView(reload);
        window.dispatchEvent(new CustomEvent(PUSH_EVENT));
        return;
      }
      if (moved.size === 0) return;
      moveView(moved.has("href") ? props.href! : `${props.pathname ?? ""}${props.search ?? ""}${props.hash ?? ""}`);
      if (props.refresh === "callback-nav") window.dispatchEvent(new CustomEvent(PUSH_EVENT));
    }

    /** dcc's `onLocationChange`: the props follow the location. */
    private onLocationChange = (): void => {
      const path = viewPath();
      if (!path) return;
      const location = fieldsOf(path);
      const changed: Partial<Record<Field, string>> = {};
      for (const field of FIELDS) if (this.props[field] !== location[field]) changed[field] = location[field];
      if (Object.keys(changed).length > 0) this.props.setProps(changed);
      window.dispatchEvent(new CustomEvent(HISTORY_CHANGE_EVENT));
    };

    override render(): null {
      return null;
    }
  }
  return Location;
}

/** Go to `url` as a `dcc.Link` does: move the view, and tell the Locations. */
export function navigateView(url: string): void {
  if (moveView(url)) window.dispatchEvent(new CustomEvent(PUSH_EVENT));
}

/**
 * Put the view's Location in `window.dash_core_components`, now if the suite is loaded, else when
 * its script (or the renderer's suite loader) puts it there. The suite object is copied: its
 * exports are read-only getters.
 */
export function installViewLocation(): void {
  const React = (window as unknown as { React?: typeof ReactModule }).React;
  if (!React) {
    console.warn("dash-events: no React on the page; the view keeps dcc's Location");
    return;
  }
  const Location = makeViewLocation(React);
  const withLocation = (suite: unknown): unknown => (typeof suite === "object" && suite !== null ? { ...suite, Location } : suite);
  const globals = window as unknown as Record<string, unknown>;
  let suite = withLocation(globals[SUITE]);
  Object.defineProperty(window, SUITE, {
    configurable: true,
    enumerable: true,
    get: () => suite,
    set: (value: unknown) => {
      suite = withLocation(value);
    },
  });
}
