/**
 * Checks of an update request that its JSON schema cannot express, run after schema validation
 * and before any handler: each `changedPropIds` entry must be `"id.property"` whose id parses
 * (an object id is JSON). A malformed one is a 400 on both callback endpoints, not a
 * `SyntaxError` deep in the context builder.
 */
import type { FastifyInstance } from "fastify";
import { splitPropId } from "../protocol/ids.js";
import { HttpError } from "./errors.js";

/** Why a `changedPropIds` entry is malformed, or undefined when it is fine. */
export function changedPropIdProblem(propId: string): string | undefined {
  const { id } = splitPropId(propId);
  if (!propId.startsWith("{")) return undefined;
  if (id === "") return "its object id has no closing brace";
  let parsed: unknown;
  try {
    parsed = JSON.parse(id);
  } catch {
    return "its object id is not JSON";
  }
  if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) return "its object id is not a JSON object";
  const scalar = Object.values(parsed).every((v) => typeof v === "string" || typeof v === "number" || typeof v === "boolean");
  return scalar ? undefined : "its object id has a value that is not a string, number or boolean";
}

export function installRequestChecks(server: FastifyInstance): void {
  // eslint-disable-next-line @typescript-eslint/require-await -- async: Fastify answers a hook's rejection with the error handler
  server.addHook("preHandler", async (request) => {
    const body = request.body as { changedPropIds?: unknown } | undefined;
    if (request.method !== "POST" || typeof body !== "object" || body === null || !Array.isArray(body.changedPropIds)) return;
    body.changedPropIds.forEach((propId: unknown, index) => {
      if (typeof propId !== "string") return;
      const problem = changedPropIdProblem(propId);
      if (problem) {
        const shown = propId.length > 100 ? `${propId.slice(0, 100)}…` : propId;
        throw new HttpError(400, `Invalid request body: changedPropIds[${index}] ${JSON.stringify(shown)}: ${problem}`);
      }
    });
  });
}
