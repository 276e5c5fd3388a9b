/**
 * The page side of `serve --reload`, served as `/_dash-events/hot-reload.js`: it listens to the
 * CLI's reload events and reloads the page after a rebuild, swaps a changed stylesheet of the
 * assets folder in place (as Dash's hot reload does), and shows a build error over the page.
 */

/** URL of the client script. */
export const HOT_RELOAD_SCRIPT = "/_dash-events/hot-reload.js";
/** URL of the SSE stream of reload events. */
export const HOT_RELOAD_EVENTS = "/_dash-events/hot-reload";

/** One reload event, the JSON `data` of an SSE event. */
export type HotReloadEvent =
  | { type: "reload" }
  | { type: "css"; urls: string[] }
  | { type: "error"; message: string };

/** The client: plain ES2020 without imports, so it needs no build step. */
export const HOT_RELOAD_CLIENT = `(() => {
  "use strict";
  const OVERLAY_ID = "_dash-events-build-error";
  let failed = false;
  function showError(message) {
    let box = document.getElementById(OVERLAY_ID);
    if (!box) {
      box = document.createElement("div");
      box.id = OVERLAY_ID;
      box.setAttribute("role", "alert");
      box.style.cssText = "position:fixed;inset:0 0 auto 0;z-index:2147483647;max-height:60vh;overflow:auto;" +
        "margin:0;padding:12px 16px;background:#fff5f5;color:#8b0000;border-bottom:3px solid #c00;" +
        "font:13px/1.45 ui-monospace,Menlo,Consolas,monospace;white-space:pre-wrap;";
      document.body.appendChild(box);
    }
    box.textContent = "Build error: the last good app is still running.\\n\\n" + message;
  }
  function swapCss(urls) {
    for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
      const url = new URL(link.href, location.href);
      if (urls.includes(url.pathname)) {
        url.searchParams.set("m", String(Date.now()));
        link.href = url.pathname + url.search;
      }
    }
  }
  const events = new EventSource(${JSON.stringify(HOT_RELOAD_EVENTS)});
  events.onmessage = (message) => {
    const event = JSON.parse(message.data);
    if (event.type === "reload") location.reload();
    else if (event.type === "css") swapCss(event.urls);
    else if (event.type === "error") {
      failed = true;
      showError(event.message);
    }
  };
  // The server restarted (or came back): a page that missed a rebuild reloads.
  events.onopen = () => {
    if (failed) location.reload();
  };
})();
`;
