/**
 * `ctx.response`: what a regular callback adds to its own HTTP response, as Dash's
 * `callback_context.response` (a Flask response) lets it: cookies and headers. The updates
 * themselves stay Dash's JSON body; so the headers that describe that body are not the
 * callback's to set.
 */

/** Attributes of a cookie, as Flask's `set_cookie` takes them. */
export interface CookieOptions {
  /** Lifetime in seconds (`Max-Age`). */
  maxAge?: number;
  /** Expiry date (`Expires`). */
  expires?: Date;
  /** Default `"/"`, as in Flask. */
  path?: string;
  domain?: string;
  secure?: boolean;
  httpOnly?: boolean;
  sameSite?: "Strict" | "Lax" | "None";
  /** `Partitioned` (CHIPS); needs `secure`. */
  partitioned?: boolean;
}

/**
 * The response of the running callback: cookies and headers sent with its answer.
 *
 * @example
 * ```ts
 * callback(Output("out", "children"), Input("login", "n_clicks"), (n, ctx) => {
 *   ctx.response.setCookie("session", "abc", { httpOnly: true, sameSite: "Lax", maxAge: 3600 });
 *   ctx.response.setHeader("Cache-Control", "no-store");
 *   return "signed in";
 * });
 * ```
 */
export interface CallbackResponse {
  /** Add a `Set-Cookie` header. The value is percent-encoded (`encodeURIComponent`); read it back with `decodeURIComponent`. */
  setCookie(name: string, value: string, options?: CookieOptions): void;
  /** Tell the browser to drop a cookie (an empty value that expired in 1970), as Flask's `delete_cookie`. */
  deleteCookie(name: string, options?: Pick<CookieOptions, "path" | "domain" | "secure" | "httpOnly" | "sameSite" | "partitioned">): void;
  /** Set a header, replacing an earlier value of the same name (`Set-Cookie`: use `setCookie`). */
  setHeader(name: string, value: string): void;
}

// RFC 9110 token characters: header names and cookie names
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** The body is Dash's JSON, its length and framing Node's: a callback cannot change them. */
const RESERVED = new Set(["content-type", "content-length", "content-encoding", "transfer-encoding", "connection", "set-cookie"]);
// a cookie attribute value: no separators that would end it or start another attribute
const ATTRIBUTE = /^[^;,\s\u0000-\u001f\u007f]*$/;

/** The headers a callback run collected, in the order set. */
export class ResponseHeaders implements CallbackResponse {
  private readonly headers = new Map<string, [string, string]>();
  private readonly cookies: string[] = [];

  setCookie(name: string, value: string, options: CookieOptions = {}): void {
    if (typeof name !== "string" || !TOKEN.test(name)) throw new TypeError(`ctx.response.setCookie(name, ...): ${JSON.stringify(name)} is not a valid cookie name`);
    if (typeof value !== "string") throw new TypeError(`ctx.response.setCookie(${JSON.stringify(name)}, value): value must be a string`);
    const parts = [`${name}=${encodeURIComponent(value)}`];
    if (options.maxAge !== undefined) {
      if (!Number.isFinite(options.maxAge)) throw new TypeError("ctx.response.setCookie: maxAge must be a number of seconds");
      parts.push(`Max-Age=${Math.floor(options.maxAge)}`);
    }
    if (options.expires !== undefined) {
      if (!(options.expires instanceof Date) || Number.isNaN(options.expires.getTime())) throw new TypeError("ctx.response.setCookie: expires must be a valid Date");
      parts.push(`Expires=${options.expires.toUTCString()}`);
    }
    parts.push(`Path=${attribute("path", options.path ?? "/")}`);
    if (options.domain !== undefined) parts.push(`Domain=${attribute("domain", options.domain)}`);
    if (options.secure) parts.push("Secure");
    if (options.httpOnly) parts.push("HttpOnly");
    if (options.sameSite !== undefined) {
      if (!["Strict", "Lax", "None"].includes(options.sameSite)) throw new TypeError(`ctx.response.setCookie: sameSite must be "Strict", "Lax" or "None"`);
      parts.push(`SameSite=${options.sameSite}`);
    }
    if (options.partitioned) parts.push("Partitioned");
    this.cookies.push(parts.join("; "));
  }

  deleteCookie(name: string, options: Pick<CookieOptions, "path" | "domain" | "secure" | "httpOnly" | "sameSite" | "partitioned"> = {}): void {
    this.setCookie(name, "", { ...options, maxAge: 0, expires: new Date(0) });
  }

  setHeader(name: string, value: string): void {
    if (typeof name !== "string" || !TOKEN.test(name)) throw new TypeError(`ctx.response.setHeader(name, value): ${JSON.stringify(name)} is not a valid header name`);
    const lower = name.toLowerCase();
    if (RESERVED.has(lower)) {
      throw new TypeError(`ctx.response.setHeader: ${name} is not the callback's to set${lower === "set-cookie" ? " (use ctx.response.setCookie)" : " (the answer is Dash's JSON)"}`);
    }
    if (typeof value !== "string" || /[\r\n\0]/.test(value)) throw new TypeError(`ctx.response.setHeader(${JSON.stringify(name)}, value): value must be a string without line breaks`);
    this.headers.set(lower, [name, value]);
  }

  /** Every header to send: the headers set, then one `Set-Cookie` per cookie. */
  entries(): Array<[string, string]> {
    return [...this.headers.values(), ...this.cookies.map((cookie): [string, string] => ["Set-Cookie", cookie])];
  }
}

function attribute(name: string, value: string): string {
  if (typeof value !== "string" || !ATTRIBUTE.test(value)) throw new TypeError(`ctx.response.setCookie: ${name} ${JSON.stringify(value)} may not hold ";", ",", spaces or control characters`);
  return value;
}
