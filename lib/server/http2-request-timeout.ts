/**
 * `bodyTimeoutMs` for HTTP/2 streams. Node's request timeout covers HTTP/1.1 connections only; a
 * client could otherwise open a stream and trickle its body for ever. A stream whose request body
 * has not arrived in time is reset (RST_STREAM CANCEL): the one stream ends, the connection's
 * others go on.
 */
import { constants } from "node:http2";
import type { FastifyInstance } from "fastify";
import { http2StreamOf } from "./http2-compat.js";

export function installHttp2RequestTimeout(server: FastifyInstance, timeoutMs: number): void {
  if (timeoutMs <= 0) return;
  // eslint-disable-next-line @typescript-eslint/require-await -- Fastify awaits an async hook
  server.addHook("onRequest", async (request) => {
    const stream = http2StreamOf(request.raw);
    // a request without a body ended with its headers
    if (!stream || stream.endAfterHeaders) return;
    const timer = setTimeout(() => {
      request.log.warn(`resetting an HTTP/2 stream from ${request.ip}: its request body did not arrive within ${timeoutMs} ms`);
      stream.close(constants.NGHTTP2_CANCEL);
    }, timeoutMs);
    const done = (): void => clearTimeout(timer);
    request.raw.once("end", done);
    stream.once("close", done);
  });
}
