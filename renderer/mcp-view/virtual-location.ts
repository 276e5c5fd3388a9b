/**
 * The MCP App view's own location. A host shows the view in an `about:srcdoc` iframe, whose
 * `window.location` is not the app's and whose `history.pushState` to an app path throws (a
 * SecurityError: the path's origin is the server's, the document's is opaque). The view keeps
 * the app path here instead (pathname, search, hash; the href is the server's origin plus them)
 * and its `dcc.Location` (view-location.ts) reads and writes it. `history.pushState` and
 * `replaceState` calls for app URLs (what `dcc.Link` and `dcc.Location` make) move it instead of
 * throwing; like the real ones they fire no event: dcc fires `_dashprivate_pushstate` itself.
 */

/** An app path, as `window.location` would split it in a tab. */
export interface ViewPath {
  readonly pathname: string;
  readonly search: string;
  readonly hash: string;
}

/** The server's origin: the view's `<base>` points at it. */
const serverOrigin = new URL(document.baseURI).origin;

/** Undefined until the view knows where it starts (a path-template page waits for the tool's arguments). */
let current: ViewPath | undefined;
const onKnown = new Set<() => void>();

/** Where the view is now, undefined while it waits for its start. */
export function viewPath(): ViewPath | undefined {
  return current;
}

/** What `window.location.href` would be in a tab. */
export function viewHref(path: ViewPath): string {
  return `${serverOrigin}${path.pathname}${path.search}${path.hash}`;
}

/** The app path a URL names, resolved as a tab resolves it against its own location; undefined for another site. */
function appPath(url: string | URL): ViewPath | undefined {
  const resolved = new URL(url, viewHref(current ?? { pathname: "/", search: "", hash: "" }));
  if (resolved.origin !== serverOrigin) return undefined;
  return { pathname: resolved.pathname, search: resolved.search, hash: resolved.hash };
}

/**
 * Move the view to `url` (an app path or a URL on the server); false when it is another site's.
 *
 * @example
 * ```ts
 * moveView("/report/42?view=chart"); // viewPath() → { pathname: "/report/42", search: "?view=chart", hash: "" }
 * ```
 */
export function moveView(url: string | URL): boolean {
  const path = appPath(url);
  if (!path) return false;
  const first = current === undefined;
  current = path;
  if (first) for (const listener of [...onKnown]) listener();
  return true;
}

/** Call `listener` once the view knows its start (now if it does). */
export function whenViewKnown(listener: () => void): () => void {
  if (current) {
    listener();
    return () => undefined;
  }
  const once = (): void => {
    onKnown.delete(once);
    listener();
  };
  onKnown.add(once);
  return () => onKnown.delete(once);
}

/** Route `history.pushState` / `replaceState` with an app URL to the view's location. */
export function routeHistoryToView(): void {
  for (const method of ["pushState", "replaceState"] as const) {
    const original = history[method].bind(history);
    history[method] = (data: unknown, unused: string, url?: string | URL | null): void => {
      // a state without a URL stays on the document, as in a tab
      if (url === undefined || url === null || !moveView(url)) original(data, unused, url);
    };
  }
}
