/**
 * The JSON body parser. Besides parsing, it refuses keys that could reach an object's prototype
 * (`__proto__`, `constructor`, `prototype`) anywhere in the body: such a body is a 400 and never
 * reaches user code, whatever that code later merges it into.
 */
import type { FastifyInstance } from "fastify";
import { HttpError } from "./errors.js";

const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/** Parse JSON text, throwing `HttpError(400)` for malformed JSON or a forbidden key. */
function parseJsonBody(text: string): unknown {
  if (text.trim() === "") throw new HttpError(400, "Request body is empty; expected JSON");
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
