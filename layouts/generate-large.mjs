#!/usr/bin/env node
// Writes layouts/large.json: a Dash layout of 5,000+ html components (a report page of 100
// sections × 10 rows × 4 cells plus headings), for render tests and benchmarks.
// Deterministic, so the committed file only changes when this script does.
// Usage: node layouts/generate-large.mjs
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const h = (type, props) => ({ props, type, namespace: "dash_html_components" });

const SECTIONS = 100;
const ROWS = 10;
const CELLS = 4;

const sections = [];
for (let s = 0; s < SECTIONS; s++) {
  const rows = [];
  for (let r = 0; r < ROWS; r++) {
    const cells = [];
    for (let c = 0; c < CELLS; c++) {
      cells.push(h("Td", { children: `s${s} r${r} c${c}`, className: "cell" }));
    }
    rows.push(h("Tr", { children: cells, id: { type: "row", section: s, row: r } }));
  }
  sections.push(
    h("Section", {
      id: `section-${s}`,
      children: [h("H2", { children: `Section ${s}` }), h("Table", { children: h("Tbody", { children: rows }) })],
    }),
  );
}
const layout = h("Div", { id: "large-root", children: [h("H1", { children: "Large layout" }), ...sections] });

const out = fileURLToPath(new URL("./large.json", import.meta.url));
writeFileSync(out, JSON.stringify(layout) + "\n");
let count = 0;
JSON.stringify(layout, (key, value) => {
  if (value && typeof value === "object" && value.namespace) count++;
  return value;
});
console.log(`wrote ${out}: ${count} components`);
