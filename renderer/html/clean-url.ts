/**
 * Neutralise `javascript:` and `vbscript:` URLs the way Dash's `clean_url` does: the URL is
 * compared after removing control characters, `&tab;`/`&newline;` entities and decoding numeric
 * entities (the tricks used to hide the scheme), and replaced by `about:blank` if it is
 * dangerous. Other URLs (including `data:`) pass unchanged. Like Dash, an app may override it
 * with `window.dash_clientside.clean_url`.
 *
 * @example
 * ```ts
 * cleanUrl("java\tscript:alert(1)"); // "about:blank"
 * cleanUrl("/page?x=1");             // "/page?x=1"
 * ```
 */
export function cleanUrl(url: string, fallback = "about:blank"): string {
  if (url === "") return url;
  const revealed = url
    .replace(/&(tab|newline);/gi, "")
     
    .replace(/[\u0000-\u001F\u007F-\u009F\u2000-\u200D\uFEFF]/g, "")
    .replace(/&#(\w+)(^\w|;)?/g, (_, code: string) => String.fromCharCode(Number(code)))
    .trim();
  if (/^([^\w]*)(javascript|vbscript)/im.test(revealed)) {
    console.warn(`dash-events: blocked a dangerous URL: ${JSON.stringify(url)}`);
    return fallback;
  }
  return url;
}

/** Props whose value is a URL that the browser may navigate to or load, for every html element. */
export const URL_PROPS: ReadonlySet<string> = new Set(["href", "src", "action", "formAction"]);
