/**
 * The one error handler: every failure answers with a JSON body `{error, statusCode, errorId?, detail?}`
 * (`detail`, a stack trace, only in debug mode). Fastify's own errors (body too large,
 * unsupported content type, schema validation) get clear messages and keep their 4xx status.
 * A 5xx outside debug mode says only what failed and an error id; the server logs the full
 * error under that id, so a message that holds a secret never reaches the client.
 */
import type { FastifyBaseLogger, FastifyError, FastifyInstance } from "fastify";
import { CallbackError } from "../callbacks/run-callback.js";
import { newErrorId } from "../callbacks/error-id.js";
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
    const body = errorBodyFor(error, debug, request.log, messageOf(error, bodyLimit, request.headers["content-type"]));
    void reply.code(body.statusCode).type("application/json; charset=utf-8").send(body);
  });
  server.setNotFoundHandler((request, reply) => {
    const body: ErrorBody = { error: `Not found: ${request.method} ${request.url}`, statusCode: 404 };
    void reply.code(404).type("application/json; charset=utf-8").send(body);
  });
}

/**
 * The JSON body a failure answers with (also a live callback's answer sent over the downlink): a
 * 5xx outside debug mode says only what failed and an error id, and is logged in full under it.
 */
export function errorBodyFor(error: Error, debug: boolean, log: Pick<FastifyBaseLogger, "error">, message = error.message): ErrorBody {
  const statusCode = statusOf(error as FastifyError);
  const body: ErrorBody = { error: message, statusCode };
  if (statusCode >= 500) {
    const errorId = newErrorId();
    if (!debug) {
      body.error = `${error instanceof CallbackError ? `Callback ${error.callbackId} failed` : "Internal Server Error"} (error id ${errorId}; the server log has the details)`;
      body.errorId = errorId;
    }
    log.error({ err: error, errorId }, `${error.message} (error id ${errorId})`);
  }
  if (debug) body.detail = stackOf(error);
  return body;
}

function statusOf(error: FastifyError): number {
  if (error.validation) return 400;
  const code = error.statusCode;
  return typeof code === "number" && code >= 400 && code < 600 ? code : 500;
}

function messageOf(error: FastifyError, bodyLimit: number, contentType: string | undefined): string {
  if (error.validation) return `Invalid request body: ${error.message}`;
  switch (error.code) {
    case "FST_ERR_CTP_BODY_TOO_LARGE":
      return `Request body is larger than the limit of ${bodyLimit} bytes`;
    case "FST_ERR_CTP_INVALID_MEDIA_TYPE":
      return `Unsupported content type ${JSON.stringify(contentType ?? "")}; send application/json`;
    case "FST_ERR_CTP_EMPTY_JSON_BODY":
      return "Request body is empty; expected JSON";
  }
  return error.message;
}

function stackOf(error: Error): string {
  const parts = [error.stack ?? String(error)];
  if (error.cause instanceof Error) parts.push(`Caused by: ${error.cause.stack ?? String(error.cause)}`);
  return parts.join("\n");
}
