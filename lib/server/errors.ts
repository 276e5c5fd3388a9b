/**
 * The one error handler: every failure answers with a JSON body `{error, statusCode, detail?}`
 * (`detail`, a stack trace, only in debug mode). Fastify's own errors (body too large,
 * unsupported content type, schema validation) get clear messages and keep their 4xx status.
 */
import type { FastifyError, FastifyInstance } from "fastify";
import { CallbackError } from "../callbacks/run-callback.js";
import type { ErrorBody } from "../protocol/types.js";

/** A request the server refuses with a 4xx, with a message naming the problem. */
export class HttpError extends Error {
  readonly statusCode: number;
  constructor(statusCode: number, message: string) {
    super(message);
    this.name = "HttpError";
    this.statusCode = statusCode;
  }
}

export function installErrorHandling(server: FastifyInstance, debug: boolean, bodyLimit: number): void {
  server.setErrorHandler((error: FastifyError, request, reply) => {
    const statusCode = statusOf(error);
    const body: ErrorBody = { error: messageOf(error, statusCode, { bodyLimit, debug, contentType: request.headers["content-type"] }), statusCode };
    if (debug) body.detail = stackOf(error);
    if (statusCode >= 500) request.log.error({ err: error }, body.error);
    void reply.code(statusCode).type("application/json; charset=utf-8").send(body);
  });
  server.setNotFoundHandler((request, reply) => {
    const body: ErrorBody = { error: `Not found: ${request.method} ${request.url}`, statusCode: 404 };
    void reply.code(404).type("application/json; charset=utf-8").send(body);
  });
}

function statusOf(error: FastifyError): number {
  if (error.validation) return 400;
  const code = error.statusCode;
  return typeof code === "number" && code >= 400 && code < 600 ? code : 500;
}

interface MessageContext {
  bodyLimit: number;
  debug: boolean;
  contentType: string | undefined;
}

function messageOf(error: FastifyError, statusCode: number, { bodyLimit, debug, contentType }: MessageContext): string {
  if (error.validation) return `Invalid request body: ${error.message}`;
  switch (error.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return `Request body is larger than the limit of ${bodyLimit} bytes`;
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return `Unsupported content type ${JSON.stringify(contentType ?? "")}; send application/json`;
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return "Request body is empty; expected JSON";
  }
  // a CallbackError's message is meant for the client (it names the callback); other 5xx messages only in debug
  if (statusCode >= 500 && !(error instanceof CallbackError) && !debug) return "Internal Server Error";
  return error.message;
}

function stackOf(error: Error): string {
  const parts = [error.stack ?? String(error)];
  if (error.cause instanceof Error) parts.push(`Caused by: ${error.cause.stack ?? String(error.cause)}`);
  return parts.join("\n");
}
