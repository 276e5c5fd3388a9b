/**
 * R6's floor for any renderer built on React 18: React and ReactDOM plus the least code that
 * draws our index page's inline layout (html components only) with `createRoot`, started as the
 * renderer starts (at DOMContentLoaded). No callbacks, no store, no suites: what is left of R1
 * here is the browser's and React's own part.
 */
import { createElement, type ReactNode } from "react";
import { createRoot } from "react-dom/client";
import { PAGE_DATA, type LayoutNode } from "../../lib/protocol/types.js";

function draw(value: unknown): ReactNode {
  if (Array.isArray(value)) return value.map(draw);
  if (typeof value !== "object" || value === null) return value as ReactNode;
  const { type, props } = value as LayoutNode;
  const { children, ...rest } = props;
  return createElement(type.toLowerCase(), { ...rest, key: typeof rest.id === "string" ? rest.id : undefined }, draw(children));
}

function start(): void {
  const layout: unknown = JSON.parse(document.getElementById(PAGE_DATA.layout)!.textContent);
  createRoot(document.getElementById("react-entry-point")!).render(draw(layout));
}

// our index page's renderer script builds one
Object.assign(window, { DashRenderer: class {} });
if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
else start();
