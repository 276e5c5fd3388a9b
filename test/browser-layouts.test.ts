import { readFileSync } from "node:fs";
import t from "tap";
import { App } from "../lib/app.js";
import type { LayoutNode } from "../lib/protocol/types.js";
import { openApp } from "./helpers/browser.js";

/** A layout document from layouts/. */
function layoutFile(name: string): LayoutNode {
  return JSON.parse(readFileSync(new URL(`../layouts/${name}`, import.meta.url), "utf8")) as LayoutNode;
}

/** The shape both sides are compared in: a tag with its children, text runs merged. */
type Shape = string | { tag: string; children: Shape[] };

function tagOf(type: string): string {
  return type === "MapEl" ? "map" : type === "ObjectEl" ? "object" : type.toLowerCase();
}

/** What the renderer must draw for a layout value. */
function expectedShape(value: unknown): Shape[] {
  if (value === null || value === undefined || typeof value === "boolean") return [];
  if (typeof value === "string" || typeof value === "number") return [String(value)];
  if (Array.isArray(value)) return mergeText(value.flatMap(expectedShape));
  const node = value as LayoutNode;
  return [{ tag: tagOf(node.type), children: expectedShape(node.props.children) }];
}

function mergeText(shapes: Shape[]): Shape[] {
  const out: Shape[] = [];
  for (const shape of shapes) {
    const before = out[out.length - 1];
    if (typeof shape === "string" && typeof before === "string") out[out.length - 1] = before + shape;
    else out.push(shape);
  }
  return out.filter((shape) => shape !== "");
}

t.test("a layout with text and nesting renders exactly, text intact", async (t) => {
  const layout = layoutFile("text-nesting.json");
  const { page, dialogs } = await openApp(t, new App({ layout }));
  const drawn = await page.evaluate(() => {
    type S = string | { tag: string; children: S[] };
    const shape = (node: Node): S[] => {
      if (node.nodeType === Node.TEXT_NODE) return [node.textContent ?? ""];
      if (node.nodeType !== Node.ELEMENT_NODE) return [];
      const children: S[] = [];
      for (const child of Array.from(node.childNodes)) {
        for (const s of shape(child)) {
          const before = children[children.length - 1];
          if (typeof s === "string" && typeof before === "string") children[children.length - 1] = before + s;
          else children.push(s);
        }
      }
      return [{ tag: (node as Element).tagName.toLowerCase(), children: children.filter((c) => c !== "") }];
    };
    return Array.from(document.getElementById("react-entry-point")!.childNodes).flatMap(shape);
  });
  t.same(drawn, expectedShape(layout));
  t.equal(await page.textContent("#whitespace"), "  two spaces\n\ta tab and a newline");
  t.equal(await page.textContent("#zero"), "0");
  t.equal(await page.getAttribute("#attrs", "class"), "a b");
  t.equal(await page.getAttribute("#attrs", "data-role"), "card");
  t.equal(await page.getAttribute("#attrs", "aria-label"), "card label");
  t.equal(await page.getAttribute("#attrs", "title"), "tip");
  t.equal(await page.getAttribute("#level-1", "style"), "border: 1px solid rgb(204, 204, 204); padding: 4px;");
  // Markup inside a string is text: no <img> was created, nothing ran.
  t.equal(await page.textContent("#markup-as-text"), "<img src=x onerror=alert(1)><b>not bold</b>");
  t.equal(await page.locator("#markup-as-text *").count(), 0);
  t.same(dialogs, []);
});

t.test("every element of the html namespace renders as its tag", async (t) => {
  const layout = layoutFile("html-elements.json");
  const { page, pageErrors } = await openApp(t, new App({ layout }));
  const elements = (layout.props.children as LayoutNode[])[1].props.children as LayoutNode[];
  t.equal(elements.length, 125);
  const drawn = await page.evaluate(() =>
    Array.from(document.getElementById("elements")!.children).map((el) => ({ id: el.id, tag: el.tagName.toLowerCase(), text: el.textContent })),
  );
  t.same(
    drawn,
    elements.map((node) => ({
      id: node.props.id,
      tag: tagOf(node.type),
      text: node.props.children ?? "",
    })),
  );
  t.same(pageErrors, []);
});

t.test("object ids are indexed and drawn with Dash's stringified id", async (t) => {
  const { page } = await openApp(t, new App({ layout: layoutFile("object-ids.json") }));
  const ids = await page.evaluate(() => Array.from(document.querySelectorAll("#react-entry-point [id]")).map((el) => el.id));
  t.same(ids, [
    '{"index":0,"type":"btn"}',
    '{"index":1,"type":"btn"}',
    '{"index":0,"type":"out"}',
    '{"index":1,"type":"out"}',
    '{"name":"x","type":"dict-target"}',
    "plain-id",
  ]);
});

t.test("the large layout renders completely", async (t) => {
  const layout = layoutFile("large.json");
  let components = 0;
  JSON.stringify(layout, (_key, value: unknown) => {
    if (value && typeof value === "object" && "namespace" in value) components++;
    return value;
  });
  t.ok(components >= 5000, `large.json has ${components} components`);
  const { page } = await openApp(t, new App({ layout }));
  t.equal(await page.locator("#react-entry-point *").count(), components);
  t.equal(await page.locator("td").count(), 4000);
  t.equal(await page.textContent("#section-99 tr:last-child td:last-child"), "s99 r9 c3");
  t.equal(await page.textContent('[id=\'{"row":9,"section":99,"type":"row"}\'] td:first-child'), "s99 r9 c0");
});

t.test("a javascript: href is neutralised and does not run when clicked", async (t) => {
  const layout: LayoutNode = {
    type: "Div",
    namespace: "dash_html_components",
    props: {
      children: [
        { type: "A", namespace: "dash_html_components", props: { id: "bad", href: "javascript:alert('href ran')", children: "bad link" } },
        { type: "A", namespace: "dash_html_components", props: { id: "hidden", href: " Java\tScript:alert(2)", children: "hidden scheme" } },
        { type: "A", namespace: "dash_html_components", props: { id: "good", href: "/somewhere?x=1", children: "good link" } },
        { type: "Iframe", namespace: "dash_html_components", props: { id: "frame", src: "javascript:alert('src ran')" } },
        { type: "Form", namespace: "dash_html_components", props: { id: "form", action: "javascript:alert('action ran')", children: "f" } },
      ],
    },
  };
  const { page, dialogs } = await openApp(t, new App({ layout }));
  t.equal(await page.getAttribute("#bad", "href"), "about:blank");
  t.equal(await page.getAttribute("#hidden", "href"), "about:blank");
  t.equal(await page.getAttribute("#frame", "src"), "about:blank");
  t.equal(await page.getAttribute("#form", "action"), "about:blank");
  t.equal(await page.getAttribute("#good", "href"), "/somewhere?x=1");
  await page.click("#bad");
  t.same(dialogs, []);
});
