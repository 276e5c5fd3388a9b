/**
 * What one client may hold: requests queued on one connection (HTTP/1.1 pipelining behind an
 * open stream buffers every answer until the stream ends), and event-callback runs open at
 * once per connection and per client address. Over HTTP/2 a connection is a session, which
 * carries many requests at once by design: the server's SETTINGS bound its concurrent streams
 * (https.ts), so the pipelining limit does not apply, and its runs have a limit of their own.
 */
import type { IncomingMessage } from "node:http";
import type { Socket } from "node:net";
import type { FastifyInstance } from "fastify";
import { HTTP2_MAX_CONCURRENT_STREAMS } from "./https.js";
import { http2StreamOf } from "./http2-compat.js";

/** Default of `AppOptions.maxQueuedRequestsPerConnection`. */
export const DEFAULT_MAX_QUEUED_REQUESTS = 32;
/** Default of `AppOptions.maxRunsPerConnection` over HTTP/1.1, where a browser opens one connection per run. */
export const DEFAULT_MAX_RUNS_PER_CONNECTION = 8;
/**
 * Default of `AppOptions.maxRunsPerConnection` over HTTP/2, where every run of a page shares one
 * connection: its concurrent streams, less room for the page's other requests.
 */
export const DEFAULT_MAX_RUNS_PER_HTTP2_CONNECTION = HTTP2_MAX_CONCURRENT_STREAMS - DEFAULT_MAX_QUEUED_REQUESTS;

/** The connection a request came on, as the limits count it. */
export interface Connection {
  /** Its TCP/TLS socket over HTTP/1.1, its session over HTTP/2. */
  readonly key: object;
  /** HTTP/2: the connection carries many requests at once. */
  readonly multiplexed: boolean;
}

/**
 * The connection of a request.
 *
 * @example
 * ```ts
 * const slot = limits.acquire(connectionOf(request.raw), request.ip);
 * ```
 */
export function connectionOf(req: IncomingMessage): Connection {
  const stream = http2StreamOf(req);
  // a stream closed already has no session: it is then a connection of its own
  if (stream) return { key: stream.session ?? stream, multiplexed: true };
  return { key: req.socket, multiplexed: false };
}

const inFlight = new WeakMap<Socket, number>();

/**
 * Close a connection that has more than `limit` requests in flight at once (received, not yet
 * answered): only pipelining does that, and its answers would wait in memory behind an open
 * stream. Closing the socket ends that connection's runs too. HTTP/1.1 only: an HTTP/2 session
 * has no pipelining, and the concurrent streams it may open are bounded by its SETTINGS.
 */
export function installQueueLimit(server: FastifyInstance, limit: number): void {
  server.addHook("onRequest", async (request, reply) => {
    const socket = request.raw.socket as Socket | null;
    if (!socket || http2StreamOf(request.raw)) return;
    const count = (inFlight.get(socket) ?? 0) + 1;
    inFlight.set(socket, count);
    reply.raw.once("close", () => inFlight.set(socket, (inFlight.get(socket) ?? 1) - 1));
    if (count > limit) {
      request.log.warn(`closing a connection from ${request.ip}: more than ${limit} requests queued on it`);
      socket.destroy();
    }
  });
}

/** Counts open runs per connection and per address; `acquire` says why a new run is refused, or gives its release function. */
export class RunLimits {
  private readonly perConnection = new WeakMap<object, number>();
  private readonly perAddress = new Map<string, number>();

  /** `maxPerConnection` undefined: the default of the connection's protocol. */
  constructor(
    private readonly maxPerConnection: number | undefined,
    private readonly maxPerAddress: number,
  ) {}

  /**
   * Count a new run on `connection` (from `address`), or return why it is refused.
   *
   * @example
   * ```ts
   * const slot = limits.acquire(connectionOf(request.raw), "203.0.113.7");
   * if (typeof slot === "string") refuse(slot); else run.done.finally(slot.release);
   * ```
   */
  acquire(connection: Connection | null, address: string): { release: () => void } | string {
    // a run on a downlink holds no connection of its own (null): only the address counts
    const onConnection = connection ? (this.perConnection.get(connection.key) ?? 0) : 0;
    const fromAddress = this.perAddress.get(address) ?? 0;
    const maxPerConnection = this.maxPerConnection ?? (connection?.multiplexed ? DEFAULT_MAX_RUNS_PER_HTTP2_CONNECTION : DEFAULT_MAX_RUNS_PER_CONNECTION);
    if (onConnection >= maxPerConnection) {
      return `too many event callback runs open on this connection (the limit is ${maxPerConnection}, the App's maxRunsPerConnection option)`;
    }
    if (fromAddress >= this.maxPerAddress) {
      return `too many event callback runs open from this address (the limit is ${this.maxPerAddress}, the App's maxRunsPerAddress option)`;
    }
    if (connection) this.perConnection.set(connection.key, onConnection + 1);
    this.perAddress.set(address, fromAddress + 1);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        if (connection) this.perConnection.set(connection.key, (this.perConnection.get(connection.key) ?? 1) - 1);
        const left = (this.perAddress.get(address) ?? 1) - 1;
        if (left <= 0) this.perAddress.delete(address);
        else this.perAddress.set(address, left);
      },
    };
  }
}
