/**
 * Reading the JSON error body every failed request answers with (`{error, statusCode, detail?}`),
 * for the renderer's callback and stream clients alike.
 */
import type { ErrorBody } from "./types.js";

/**
 * The message (and debug-mode detail) of an error response's text, or undefined when the text
 * is not one of our JSON error bodies (a proxy's HTML page, say).
 *
 * @example
 * ```ts
 * errorBodyOf('{"error":"Unknown callback","statusCode":404}'); // { error: "Unknown callback", detail: undefined }
 * errorBodyOf("<html>Bad gateway</html>"); // undefined
 * ```
 */
export function errorBodyOf(text: string): { error: string; detail: string | undefined } | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (typeof parsed !== "object" || parsed === null) return undefined;
  const body = parsed as Partial<ErrorBody>;
  if (typeof body.error !== "string") return undefined;
  return { error: body.error, detail: typeof body.detail === "string" ? body.detail : undefined };
}
