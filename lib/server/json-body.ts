/**
 * The JSON body parser. Besides parsing, it refuses keys that could reach an object's prototype
 * (`__proto__`, `constructor`, `prototype`) anywhere in the body: such a body is a 400 and never
 * reaches user code, whatever that code later merges it into. Nesting deeper than
 * `MAX_BODY_DEPTH` is refused by a linear scan before parsing, so a body of a million `[`
 * costs a fraction of a millisecond instead of the parser's (and the reviver's) recursion.
 */
import type { FastifyInstance } from "fastify";
import { HttpError } from "./errors.js";

const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/** Deepest nesting of arrays and objects a request body may have (layouts sent as State are far shallower). */
export const MAX_BODY_DEPTH = 256;

const QUOTE = 34;
const BACKSLASH = 92;
const OPEN_BRACKET = 91;
const OPEN_BRACE = 123;
const CLOSE_BRACKET = 93;
const CLOSE_BRACE = 125;

/**
 * Whether JSON text nests arrays/objects deeper than `limit`, stopping at the first level too
 * deep. Brackets inside strings do not count. Malformed text is left for the parser to name.
 *
 * @example
 * ```ts
 * nestsDeeperThan("[[1]]", 1); // true
 * nestsDeeperThan('["[[["]', 1); // false
 * ```
 */
export function nestsDeeperThan(text: string, limit: number): boolean {
  let depth = 0;
  const length = text.length;
  for (let i = 0; i < length; i++) {
    const code = text.charCodeAt(i);
    if (code === QUOTE) {
      // skip the string: to the next quote not escaped by an odd number of backslashes
      for (i++; i < length; i++) {
        const c = text.charCodeAt(i);
        if (c === BACKSLASH) i++;
        else if (c === QUOTE) break;
      }
    } else if (code === OPEN_BRACKET || code === OPEN_BRACE) {
      if (++depth > limit) return true;
    } else if (code === CLOSE_BRACKET || code === CLOSE_BRACE) {
      depth--;
    }
  }
  return false;
}

/**
 * Parse JSON text, throwing `HttpError(400)` for malformed JSON or a forbidden key.
 *
 * @example
 * ```ts
 * parseJsonBody('{"a":1}'); // { a: 1 }
 * parseJsonBody('{"__proto__":{}}'); // throws HttpError(400)
 * ```
 */
export function parseJsonBody(text: string): unknown {
  if (text.trim() === "") throw new HttpError(400, "Request body is empty; expected JSON");
  if (nestsDeeperThan(text, MAX_BODY_DEPTH)) throw new HttpError(400, `Request body nests arrays and objects deeper than ${MAX_BODY_DEPTH} levels`);
  try {
    return JSON.parse(text, (key, value: unknown) => {
      if (FORBIDDEN_KEYS.has(key)) throw new HttpError(400, `Request body contains the forbidden key "${key}"`);
      return value;
    });
  } catch (error) {
    if (error instanceof HttpError) throw error;
    throw new HttpError(400, `Malformed JSON in request body: ${(error as Error).message}`);
  }
}

/**
 * Replace Fastify's JSON parser with `parseJsonBody` (the body limit still applies before it) and
 * drop its text/plain parser: every endpoint takes JSON, anything else is a 415.
 */
export function installJsonBody(server: FastifyInstance): void {
  server.removeContentTypeParser(["application/json", "text/plain"]);
  server.addContentTypeParser("application/json", { parseAs: "string" }, (_request, body, done) => {
    try {
      done(null, parseJsonBody(body as string));
    } catch (error) {
      done(error as HttpError, undefined);
    }
  });
}
