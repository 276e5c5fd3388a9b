/**
 * Security headers on every response (pages, JSON, files, and the SSE streams, whose replies are
 * hijacked: the headers are set on the raw response, which keeps them through `writeHead`).
 */
import type { FastifyInstance } from "fastify";

/**
 * Security headers the server sends. `X-Content-Type-Options: nosniff` is always sent.
 *
 * @example
 * ```ts
 * new App({ layout, securityHeaders: { frameAncestors: ["'self'", "https://intranet.example"], referrerPolicy: "same-origin" } });
 * ```
 */
export interface SecurityHeadersOptions {
  /**
   * Who may show the app in a frame: CSP `frame-ancestors` sources. Default `["'self'"]` (also
   * sent as `X-Frame-Options: SAMEORIGIN`); `["*"]` allows any page to frame it.
   */
  frameAncestors?: string[];
  /** `Referrer-Policy`. Default `"no-referrer"`. */
  referrerPolicy?: string;
  /**
   * A `Content-Security-Policy` of your own, e.g. `"default-src 'self'; script-src 'self' 'unsafe-eval' 'unsafe-inline'"`;
   * `frame-ancestors` is added to it unless it has one. Default: only `frame-ancestors`.
   */
  contentSecurityPolicy?: string;
}

/** The header values for these options. */
export function securityHeaderValues(options: SecurityHeadersOptions = {}): Record<string, string> {
  const ancestors = options.frameAncestors ?? ["'self'"];
  const frameAncestors = `frame-ancestors ${ancestors.length > 0 ? ancestors.join(" ") : "'none'"}`;
  const own = options.contentSecurityPolicy?.trim().replace(/;\s*$/, "");
  const csp = own === undefined || own === "" ? frameAncestors : /(^|;)\s*frame-ancestors\b/i.test(own) ? own : `${own}; ${frameAncestors}`;
  const headers: Record<string, string> = {
    "x-content-type-options": "nosniff",
    "referrer-policy": options.referrerPolicy ?? "no-referrer",
    "content-security-policy": csp,
  };
  if (ancestors.length === 1 && ancestors[0] === "'self'") headers["x-frame-options"] = "SAMEORIGIN";
  else if (ancestors.length === 0 || (ancestors.length === 1 && ancestors[0] === "'none'")) headers["x-frame-options"] = "DENY";
  return headers;
}

export function installSecurityHeaders(server: FastifyInstance, options: SecurityHeadersOptions | false | undefined): void {
  const headers = Object.entries(securityHeaderValues(options === false ? {} : options));
  const sent = options === false ? headers.filter(([name]) => name === "x-content-type-options") : headers;
  server.addHook("onRequest", async (_request, reply) => {
    for (const [name, value] of sent) reply.raw.setHeader(name, value);
  });
}
