/**
 * Dash's `index_string`: the index page as a template whose `{%name%}` placeholders the server
 * fills (`{%metas%}`, `{%title%}`, `{%favicon%}`, `{%css%}`, `{%app_entry%}`, `{%config%}`,
 * `{%scripts%}`, `{%renderer%}`), and Dash's `meta_tags` rules.
 */

/** The placeholders a custom index template must have, as Dash requires them. */
const REQUIRED = ["app_entry", "config", "scripts", "renderer"] as const;

/** Dash's default index template (`_default_index`). */
export const DEFAULT_INDEX_STRING = `<!DOCTYPE html>
<html>
  <head>
    {%metas%}
    <title>{%title%}</title>
    {%favicon%}
{%css%}  </head>
  <body>
    {%app_entry%}
    <footer>
{%config%}{%scripts%}    {%renderer%}
    </footer>
  </body>
</html>
`;

/**
 * Check a custom template: throws, naming them, when required placeholders are missing (Dash's
 * `InvalidIndexException`).
 *
 * @example
 * ```ts
 * checkIndexString("<html>{%app_entry%}{%config%}{%scripts%}{%renderer%}</html>"); // ok
 * ```
 */
export function checkIndexString(template: unknown): void {
  if (typeof template !== "string") throw new TypeError("new App({ indexString }): a string template is expected");
  const missing = REQUIRED.filter((name) => !template.includes(`{%${name}%}`));
  if (missing.length > 0) {
    throw new TypeError(`new App({ indexString }): the template is missing ${missing.map((name) => `{%${name}%}`).join(", ")}, which the page needs`);
  }
}

/** Fill the template's placeholders; unknown ones are left as they are. */
export function interpolateIndex(template: string, parts: Readonly<Record<string, string>>): string {
  return template.replace(/\{%(\w+)%\}/g, (all, name: string) => parts[name] ?? all);
}

/** A `<meta>` tag's attributes. */
export type MetaTag = Readonly<Record<string, string>>;

/**
 * Dash's `_generate_meta`: `X-UA-Compatible`, `charset` and `viewport` unless the app's own
 * `metaTags` set them, then the app's.
 */
export function pageMetaTags(own: readonly MetaTag[]): MetaTag[] {
  const defaults: MetaTag[] = [];
  if (!own.some((tag) => tag["http-equiv"] === "X-UA-Compatible")) defaults.push({ "http-equiv": "X-UA-Compatible", content: "IE=edge" });
  if (!own.some((tag) => "charset" in tag)) defaults.push({ charset: "UTF-8" });
  if (!own.some((tag) => tag.name === "viewport")) defaults.push({ name: "viewport", content: "width=device-width, initial-scale=1" });
  return [...defaults, ...own];
}
