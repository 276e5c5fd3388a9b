/**
 * The one ajv instance that compiles the route schemas from lib/protocol. Fastify's default
 * compiler coerces types and strips unknown keys; we want neither: a wrong type is a 400.
 */
import { Ajv, type AnySchema } from "ajv";
import type { FastifyInstance } from "fastify";

export function installValidation(server: FastifyInstance): void {
  const ajv = new Ajv({ allErrors: false, strict: true, allowUnionTypes: true, coerceTypes: false, useDefaults: false, removeAdditional: false });
  server.setValidatorCompiler(({ schema }) => ajv.compile(schema as AnySchema));
}
