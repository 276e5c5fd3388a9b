/** Ids that tie an error shown to a client (outside debug mode) to its full report in the server log. */
import { randomBytes } from "node:crypto";

/**
 * A short random id naming one logged server error, e.g. `"5f0c3a9e1b2d"`.
 *
 * @example
 * ```ts
 * const id = newErrorId();
 * log.error({ err, errorId: id }, `failed (error id ${id})`);
 * ```
 */
export function newErrorId(): string {
  return randomBytes(6).toString("hex");
}
