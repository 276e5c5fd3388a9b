/**
 * The page side of the debug-mode dev tools, served as {@link DEV_TOOLS_SCRIPT} (plain ES2020, no
 * build step) and loaded after the app's scripts, before the renderer starts. A small button in the
 * bottom-right corner opens a panel with three tabs:
 *
 * - Errors: server callback errors with their stack (answers of `/_dash-update-component` that
 *   failed), `[ERROR]` stream frames, frames that could not be read, and errors the page logged or
 *   threw (clientside callbacks, Patch errors);
 * - Callbacks: the callback graph (inputs → callback → outputs, event callbacks marked), with the
 *   last run's duration;
 * - Streams: the server's running streams (callback, age, frames, frames/s) with a Cancel button,
 *   from the debug-only endpoint {@link DEV_TOOLS_STREAMS}.
 *
 * It watches the page's own requests by wrapping `window.fetch`, so the renderer needs no hook.
 */

/** URL of the dev tools script. */
export const DEV_TOOLS_SCRIPT = "/_dash-events/dev/tools.js";
/** `GET`: the running streams, as JSON. `POST <this>/<id>/cancel`: end one. */
export const DEV_TOOLS_STREAMS = "/_dash-events/dev/streams";

export const DEV_TOOLS_CLIENT = `(() => {
  "use strict";
  const UPDATE = "/_dash-update-component";
  const STREAM = "/dash_update_component_sse";
  const STREAMS = ${JSON.stringify(DEV_TOOLS_STREAMS)};
  const errors = [];
  const lastRun = new Map();
  let root, toggle, body, tab = "errors", poll;

  function addError(source, message, detail) {
    errors.push({ source, message: String(message), detail: detail ? String(detail) : "", at: new Date() });
    render();
  }

  const originalFetch = window.fetch.bind(window);
  window.fetch = async (input, init) => {
    const url = new URL(typeof input === "string" ? input : input.url, location.href);
    const isUpdate = url.pathname.endsWith(UPDATE), isStream = url.pathname.endsWith(STREAM);
    let callback = "";
    if ((isUpdate || isStream) && init && typeof init.body === "string") {
      try { callback = JSON.parse(init.body).output; } catch {}
    }
    const started = performance.now();
    const response = await originalFetch(input, init);
    if (isUpdate) {
      lastRun.set(callback, { ms: performance.now() - started, status: response.status });
      if (response.status >= 400) {
        response.clone().json().then(
          (answer) => addError("callback " + callback, answer.error || answer.message || response.status, answer.detail),
          () => addError("callback " + callback, "HTTP " + response.status));
      }
      render();
    } else if (isStream && response.body) {
      watchStream(callback, response.clone(), started);
    }
    return response;
  };

  async function watchStream(callback, response, started) {
    const reader = response.body.getReader();
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        buffer += decoder.decode(value, { stream: true });
        let cut;
        while ((cut = buffer.indexOf("\\n\\n")) >= 0) {
          const event = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const data = event.split("\\n").filter((l) => l.startsWith("data:")).map((l) => l.slice(5).trimStart()).join("\\n");
          if (!data || data === "[DONE]") continue;
          let frame;
          try { frame = JSON.parse(data); } catch { addError("stream " + callback, "a frame that is not JSON", data.slice(0, 300)); continue; }
          if (Array.isArray(frame) && frame[0] === "[ERROR]") addError("stream " + callback, frame[2] && frame[2].error);
        }
      }
    } catch {}
    lastRun.set(callback, { ms: performance.now() - started, status: "stream" });
    render();
  }

  window.addEventListener("error", (event) => addError("page", event.message, event.error && event.error.stack));
  window.addEventListener("unhandledrejection", (event) => addError("page", event.reason && event.reason.message || event.reason, event.reason && event.reason.stack));
  const consoleError = console.error.bind(console);
  console.error = (...args) => {
    consoleError(...args);
    addError("console", args.map((a) => a instanceof Error ? a.message : typeof a === "string" ? a : JSON.stringify(a)).join(" "), args.find((a) => a instanceof Error)?.stack);
  };

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k.startsWith("on")) node.addEventListener(k.slice(2), v); else node.setAttribute(k, v);
    }
    for (const c of children) node.append(c);
    return node;
  }

  function mount() {
    const css = "#_dash-events-devtools{position:fixed;right:12px;bottom:12px;z-index:2147483646;font:12px/1.4 system-ui,sans-serif;color:#222}" +
      "#_dash-events-devtools button{font:inherit;cursor:pointer}" +
      "#_dash-events-devtools .toggle{border:1px solid #999;border-radius:14px;padding:3px 10px;background:#fff;box-shadow:0 1px 4px #0003}" +
      "#_dash-events-devtools .toggle.has-errors{background:#c00;color:#fff;border-color:#900}" +
      "#_dash-events-devtools .panel{width:min(560px,90vw);max-height:50vh;overflow:auto;margin-bottom:6px;background:#fff;border:1px solid #999;border-radius:6px;box-shadow:0 2px 10px #0004;padding:8px}" +
      "#_dash-events-devtools pre{white-space:pre-wrap;margin:2px 0 8px;font-size:11px;color:#555}" +
      "#_dash-events-devtools table{border-collapse:collapse;width:100%}#_dash-events-devtools td,#_dash-events-devtools th{text-align:left;padding:2px 6px;border-bottom:1px solid #eee}";
    document.head.append(el("style", {}, css));
    body = el("div", { class: "panel", hidden: "" });
    toggle = el("button", { class: "toggle", type: "button", "aria-expanded": "false", onclick: () => {
      const open = body.hasAttribute("hidden");
      if (open) body.removeAttribute("hidden"); else body.setAttribute("hidden", "");
      toggle.setAttribute("aria-expanded", String(open));
      render();
    } });
    root = el("div", { id: "_dash-events-devtools" }, body, el("div", { style: "text-align:right" }, toggle));
    document.body.append(root);
    render();
  }

  function tabButton(name, label) {
    return el("button", { type: "button", "data-tab": name, "aria-pressed": String(tab === name), onclick: () => { tab = name; render(); } }, label);
  }

  async function render() {
    if (!root) return;
    toggle.textContent = errors.length ? "Dev tools · " + errors.length + (errors.length === 1 ? " error" : " errors") : "Dev tools";
    toggle.classList.toggle("has-errors", errors.length > 0);
    clearTimeout(poll);
    if (body.hasAttribute("hidden")) return;
    const content = el("div", { class: "content", "data-content": tab });
    if (tab === "errors") {
      if (!errors.length) content.append("No errors.");
      for (const e of errors) content.append(el("div", { class: "error" }, el("b", {}, e.source + ": "), e.message), el("pre", {}, e.detail));
    } else if (tab === "callbacks") {
      const specs = await (await originalFetch("/_dash-dependencies")).json();
      const rows = specs.map((s) => {
        const run = lastRun.get(s.output);
        return el("tr", { class: "callback" },
          el("td", {}, s.inputs.map((i) => i.id + "." + i.property).join(", ") || "(no inputs)"),
          el("td", {}, s.stream ? "⇢ stream" : s.clientside_function ? "→ clientside" : "→"),
          el("td", {}, s.no_output ? "(" + (s.stream ? "set_props" : "no output") + ")" : s.output.replace(/^\\.\\.|\\.\\.$/g, "").split("...").join(", ")),
          el("td", {}, run ? Math.round(run.ms) + " ms" : ""));
      });
      content.append(el("table", {}, el("tr", {}, el("th", {}, "inputs"), el("th", {}, ""), el("th", {}, "outputs"), el("th", {}, "last run")), ...rows));
    } else {
      const { streams } = await (await originalFetch(STREAMS)).json();
      if (!streams.length) content.append("No running streams.");
      else content.append(el("table", {}, el("tr", {}, el("th", {}, "callback"), el("th", {}, "age"), el("th", {}, "frames"), el("th", {}, "frames/s"), el("th", {}, "")),
        ...streams.map((s) => el("tr", { class: "stream", "data-stream-id": String(s.id) },
          el("td", {}, s.callback.slice(0, 12)), el("td", {}, (s.ageMs / 1000).toFixed(1) + " s"), el("td", {}, String(s.frames)),
          el("td", {}, s.framesPerSecond.toFixed(1)),
          el("td", {}, el("button", { type: "button", class: "cancel", onclick: async () => {
            await originalFetch(STREAMS + "/" + s.id + "/cancel", { method: "POST" });
            render();
          } }, "Cancel"))))));
      poll = setTimeout(render, 500);
    }
    body.replaceChildren(el("div", { class: "tabs" }, tabButton("errors", "Errors (" + errors.length + ")"), " ", tabButton("callbacks", "Callbacks"), " ", tabButton("streams", "Streams")), content);
  }

  if (document.body) mount(); else document.addEventListener("DOMContentLoaded", mount);
})();
`;
