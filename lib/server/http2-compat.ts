/**
 * Node's HTTP/2 compatibility API hands the routes request and response objects shaped like
 * HTTP/1's, but one HTTP/2 connection (session) carries many requests at once, each on its own
 * stream: what is per socket over HTTP/1.1 is per stream or per session here. This finds the stream.
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Http2ServerRequest, Http2ServerResponse, ServerHttp2Stream } from "node:http2";

/**
 * The HTTP/2 stream a request or response travels on, or undefined over HTTP/1.1.
 *
 * @example
 * ```ts
 * const session = http2StreamOf(request.raw)?.session; // the connection, over HTTP/2
 * ```
 */
export function http2StreamOf(message: IncomingMessage | ServerResponse): ServerHttp2Stream | undefined {
  const request = "httpVersionMajor" in message ? message : message.req;
  if (request?.httpVersionMajor !== 2) return undefined;
  return (message as unknown as Http2ServerRequest | Http2ServerResponse).stream;
}
