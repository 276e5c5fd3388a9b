import t from "tap";
import { html, type HtmlProps } from "../lib/dsl/html.js";
import { HTML_ELEMENTS } from "../lib/protocol/html-elements.js";

// The element list of dash-html-components 4.5.0 (the html namespace of Dash 4).
const DASH_HTML_ELEMENTS =
  "A Abbr Acronym Address Area Article Aside Audio B Base Basefont Bdi Bdo Big Blink Blockquote Br Button " +
  "Canvas Caption Center Cite Code Col Colgroup Content Data Datalist Dd Del Details Dfn Dialog Div Dl Dt Em " +
  "Embed Fieldset Figcaption Figure Font Footer Form Frame Frameset H1 H2 H3 H4 H5 H6 Header Hgroup Hr I Iframe " +
  "Img Ins Kbd Keygen Label Legend Li Link Main MapEl Mark Marquee Meta Meter Nav Nobr Noscript ObjectEl Ol " +
  "Optgroup Option Output P Param Picture Plaintext Pre Progress Q Rb Rp Rt Rtc Ruby S Samp Script Section " +
  "Select Shadow Slot Small Source Spacer Span Strike Strong Sub Summary Sup Table Tbody Td Template Textarea " +
  "Tfoot Th Thead Time Title Tr Track U Ul Var Video Wbr Xmp";

t.test("html has a factory for every element of Dash's html namespace", async (t) => {
  const names = DASH_HTML_ELEMENTS.split(" ");
  t.equal(names.length, 125);
  t.strictSame(Object.keys(HTML_ELEMENTS), names);
  t.strictSame(Object.keys(html), names);
  for (const name of names) {
    const node = html[name as keyof typeof html]("x", { id: `${name}-id` });
    t.strictSame(JSON.parse(JSON.stringify(node)), {
      type: name,
      namespace: "dash_html_components",
      props: { children: "x", id: `${name}-id` },
    }, name);
  }
  t.ok(Object.isFrozen(html), "nobody can replace html.Div for everyone");
});

t.test("common props, data-* and aria-*, and each element's own attributes", async (t) => {
  const button = html.Button("Go", {
    id: { type: "go", index: 0 },
    className: "btn",
    style: { backgroundColor: "red", marginTop: 4 },
    n_clicks: 0,
    n_clicks_timestamp: -1,
    disable_n_clicks: false,
    title: "Start",
    hidden: false,
    key: "k",
    role: "button",
    tabIndex: 0,
    "data-row": 3,
    "aria-label": "Start the stream",
    disabled: true,
    type: "submit",
    name: "go",
    value: "1",
  });
  t.strictSame(Object.keys(button.props), [
    "children", "id", "className", "style", "n_clicks", "n_clicks_timestamp", "disable_n_clicks", "title",
    "hidden", "key", "role", "tabIndex", "data-row", "aria-label", "disabled", "type", "name", "value",
  ]);
  const a = html.A("docs", { href: "/docs", target: "_blank", download: "x.pdf", rel: "noopener" });
  t.equal(a.props.href, "/docs");
  const img = html.Img({ src: "/a.png", alt: "a", width: 100, height: "50" });
  t.strictSame(img.props, { children: null, src: "/a.png", alt: "a", width: 100, height: "50" });
  const cells = html.Tr([html.Td("1", { colSpan: 2 }), html.Th("h", { rowSpan: 2, scope: "col" })]);
  t.equal(cells.type, "Tr");
  t.equal(html.Label("Name", { htmlFor: "name" }).props.htmlFor, "name");
  t.equal(html.Form({ action: "/send", method: "post" }).props.method, "post");
  t.equal(html.Iframe({ src: "/embed" }).props.src, "/embed");
  t.equal(html.Video({ src: "/v.mp4", controls: true, autoPlay: "autoplay", loop: true, muted: true }).props.autoPlay, "autoplay");
  t.equal(html.Audio({ src: "/a.mp3", controls: true }).props.controls, true);
  t.equal(html.Meter({ value: 0.5, max: 1, min: 0 }).props.value, 0.5);
  t.equal(html.Progress({ value: 3, max: 10 }).props.max, 10);
  t.equal(html.Ol({ start: 3, reversed: true }).props.start, 3);
  t.equal(html.Time("now", { dateTime: "2024-01-01" }).props.dateTime, "2024-01-01");
  t.equal(html.Col({ span: 2 }).props.span, 2);
  t.equal(html.Textarea({ name: "t", placeholder: "type", disabled: true, rows: 3 }).props.rows, 3);
  t.equal(html.Select({ name: "s", multiple: true }).props.multiple, true);
  t.equal(html.Option("A", { value: "a", disabled: false, selected: true }).props.value, "a");
});

t.test("a prop an element does not have is a type error (checked by tsc)", async (t) => {
  // These lines only compile because of @ts-expect-error: tsc -p tsconfig.test.json fails if
  // any of them stops being an error. At run time they still build nodes.
  // @ts-expect-error Div has no href
  html.Div({ href: "/x" });
  // @ts-expect-error misspelled className
  html.Div("x", { classname: "c" });
  // @ts-expect-error style values are strings or numbers
  html.Div({ style: { color: true } });
  // @ts-expect-error id is a string or an object
  html.Div({ id: 5 });
  // @ts-expect-error n_clicks is a number
  html.Button({ n_clicks: "1" });
  // @ts-expect-error Img has no colSpan
  html.Img({ src: "/a.png", colSpan: 2 });
  // @ts-expect-error children are components, strings or numbers
  html.Div([true]);
  const props: HtmlProps<"A"> = { href: "/ok" };
  // @ts-expect-error A has no src
  const bad: HtmlProps<"A"> = { src: "/no" };
  t.ok(props && bad);
});
