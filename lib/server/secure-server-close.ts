/**
 * `close()` of the HTTPS server (HTTP/2 and HTTP/1.1) ends its connections as the HTTP/1 server's
 * `closeAllConnections()` does, which Node's HTTP/2 server lacks: without this, one stream still
 * open (a generator that outlived the shutdown timeout, a slow regular callback) or one idle
 * HTTP/1.1 connection keeps `server.close()` waiting for good.
 *
 * It runs as a `preClose` hook that runs after the stream plugin's, so the runs have ended and
 * their final frames are written by then. An HTTP/2 session is closed gracefully (GOAWAY, then its
 * socket ends once what was written is sent) after its streams still open are reset; an HTTP/1.1
 * connection is destroyed.
 */
import { constants, type Http2SecureServer, type ServerHttp2Session, type ServerHttp2Stream } from "node:http2";
import type { TLSSocket } from "node:tls";
import type { FastifyInstance } from "fastify";

/**
 * Track the connections of an HTTPS server with HTTP/2; the function returned ends them all (see above).
 *
 * @example
 * ```ts
 * const closeConnections = trackSecureConnections(secureServer);
 * closeConnections();
 * secureServer.close();
 * ```
 */
export function trackSecureConnections(secure: Http2SecureServer): () => void {
  const sessions = new Map<ServerHttp2Session, Set<ServerHttp2Stream>>();
  const http1 = new Set<TLSSocket>();
  secure.on("session", (session: ServerHttp2Session) => {
    const streams = new Set<ServerHttp2Stream>();
    sessions.set(session, streams);
    session.once("close", () => sessions.delete(session));
    session.on("stream", (stream: ServerHttp2Stream) => {
      streams.add(stream);
      stream.once("close", () => streams.delete(stream));
    });
  });
  secure.on("secureConnection", (socket: TLSSocket) => {
    if (socket.alpnProtocol === "h2") return;
    http1.add(socket);
    socket.once("close", () => http1.delete(socket));
  });
  return () => {
    for (const [session, streams] of sessions) {
      for (const stream of streams) stream.close(constants.NGHTTP2_CANCEL);
      session.close();
    }
    for (const socket of http1) socket.destroy();
  };
}

/**
 * A plugin that ends the connections of the Fastify server over HTTP/2 `server` at its close.
 * Registered after the stream plugin: Fastify runs the root's preClose hooks first, then each
 * plugin's in the order they were registered, so the runs have ended when this one runs.
 */
// eslint-disable-next-line @typescript-eslint/require-await -- a Fastify plugin is async: register() awaits it
export async function secureServerClose(server: FastifyInstance): Promise<void> {
  const closeConnections = trackSecureConnections(server.server as unknown as Http2SecureServer);
  // eslint-disable-next-line @typescript-eslint/require-await -- Fastify awaits an async hook
  server.addHook("preClose", async () => closeConnections());
}
