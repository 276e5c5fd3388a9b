/**
 * What one client may hold: requests queued on one connection (HTTP/1.1 pipelining behind an
 * open stream buffers every answer until the stream ends), and event-callback runs open at
 * once per connection and per client address.
 */
import type { Socket } from "node:net";
import type { FastifyInstance } from "fastify";

/** Default of `AppOptions.maxQueuedRequestsPerConnection`. */
export const DEFAULT_MAX_QUEUED_REQUESTS = 32;
/** Default of `AppOptions.maxRunsPerConnection`. */
export const DEFAULT_MAX_RUNS_PER_CONNECTION = 8;

const inFlight = new WeakMap<Socket, number>();

/**
 * Close a connection that has more than `limit` requests in flight at once (received, not yet
 * answered): only pipelining does that, and its answers would wait in memory behind an open
 * stream. Closing the socket ends that connection's runs too.
 */
export function installQueueLimit(server: FastifyInstance, limit: number): void {
  server.addHook("onRequest", async (request, reply) => {
    const socket = request.raw.socket as Socket | null;
    if (!socket) return;
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
  private readonly perSocket = new WeakMap<Socket, number>();
  private readonly perAddress = new Map<string, number>();

  constructor(
    private readonly maxPerConnection: number,
    private readonly maxPerAddress: number,
  ) {}

  /**
   * Count a new run of `socket` (from `address`), or return why it is refused.
   *
   * @example
   * ```ts
   * const slot = limits.acquire(socket, "203.0.113.7");
   * if (typeof slot === "string") refuse(slot); else run.done.finally(slot.release);
   * ```
   */
  acquire(socket: Socket | null, address: string): { release: () => void } | string {
    // a run on a downlink holds no connection of its own: only the address counts
    const onSocket = socket ? (this.perSocket.get(socket) ?? 0) : 0;
    const fromAddress = this.perAddress.get(address) ?? 0;
    if (onSocket >= this.maxPerConnection) {
      return `too many event callback runs open on this connection (the limit is ${this.maxPerConnection}, the App's maxRunsPerConnection option)`;
    }
    if (fromAddress >= this.maxPerAddress) {
      return `too many event callback runs open from this address (the limit is ${this.maxPerAddress}, the App's maxRunsPerAddress option)`;
    }
    if (socket) this.perSocket.set(socket, onSocket + 1);
    this.perAddress.set(address, fromAddress + 1);
    let released = false;
    return {
      release: () => {
        if (released) return;
        released = true;
        if (socket) this.perSocket.set(socket, (this.perSocket.get(socket) ?? 1) - 1);
        const left = (this.perAddress.get(address) ?? 1) - 1;
        if (left <= 0) this.perAddress.delete(address);
        else this.perAddress.set(address, left);
      },
    };
  }
}
