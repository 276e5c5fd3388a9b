import type { DownlinkEvent } from "../../lib/protocol/downlink.js";
import { DownlinkConnection } from "./downlink-connection.js";

/** What the pool reports: each frame with the connection it came on. */
export interface DownlinkPoolListener {
  frame(event: Extract<DownlinkEvent, { kind: "frame" }>, connection: string): void;
  /** Runs ended on the server: `streams` names them (the streams that held that connection). */
  reset(message: string, streams: string[]): void;
}

/**
 * The downlinks of one page (or, in the SharedWorker, of every tab): the primary one that event
 * callbacks start their runs on and live callbacks name while it is open, plus — rarely — a
 * connection the server opened for a live callback while the primary was opening for another
 * (two tabs, or two callbacks, racing), held just for that callback's stream and closed when idle.
 * Each stream holds the connection its frames come on, so the downlink is open exactly while a
 * run needs it.
 *
 * @example
 * ```ts
 * const pool = new DownlinkPool("/_dash-downlink", 5000, { frame: (e, c) => route(e, c), reset: (m, s) => lost(m, s) });
 * const open = await pool.claim("t1:3"); // the open downlink's id (now held for t1:3), or null: the POST names none
 * pool.adopt("t1:3", "k3J…x1"); // the server opened one for it: read it from its first event
 * pool.release("t1:3");
 * ```
 */
export class DownlinkPool {
  private readonly primary: DownlinkConnection;
  private readonly extras = new Map<string, DownlinkConnection>();
  /** stream → the connection it holds. */
  private readonly held = new Map<string, DownlinkConnection>();

  constructor(
    private readonly url: string,
    private readonly idleMs: number,
    private readonly listener: DownlinkPoolListener,
  ) {
    this.primary = this.make();
  }

  /** The primary connection's id, if one was issued. */
  get connection(): string | null {
    return this.primary.connection;
  }

  /** The primary connection's id once it is open (event callbacks name it). */
  ready(): Promise<string> {
    return this.primary.ready();
  }

  /** `stream` needs the primary downlink open. */
  hold(stream: string): void {
    this.holdOn(stream, this.primary);
  }

  /**
   * The primary downlink's id when it is open or opening (then held for `stream`), or null when
   * it is closed: the request names none, and no downlink opens unless the callback needs it.
   */
  async claim(stream: string): Promise<string | null> {
    if (!this.primary.running) return null;
    this.holdOn(stream, this.primary);
    return this.primary.connection ?? (await this.primary.ready().catch(() => null));
  }

  /** The server opened connection `id` for `stream`: open it (from its first event) and hold it for the stream. */
  adopt(stream: string, id: string): void {
    if (this.held.has(stream)) return;
    let target = this.primary;
    if (this.primary.connection !== id) {
      if (!this.primary.running && !this.primary.held) this.primary.adopt(id);
      else {
        // the primary opened meanwhile for another run: this one reads its own connection until idle
        target = this.extras.get(id) ?? this.make();
        if (!this.extras.has(id)) {
          target.adopt(id);
          this.extras.set(id, target);
        }
      }
    }
    this.holdOn(stream, target);
  }

  /** `stream` no longer needs its downlink. */
  release(stream: string): void {
    const connection = this.held.get(stream);
    if (!connection) return;
    this.held.delete(stream);
    connection.release();
    // it closes itself once idle; a stream that needs it later adopts it again
    if (connection !== this.primary && !connection.held && connection.connection !== null) this.extras.delete(connection.connection);
  }

  /** A start got 410: the server no longer knows the primary connection. */
  renew(): void {
    this.primary.renew();
  }

  private holdOn(stream: string, connection: DownlinkConnection): void {
    if (this.held.has(stream)) return;
    this.held.set(stream, connection);
    connection.retain();
  }

  private make(): DownlinkConnection {
    const connection: DownlinkConnection = new DownlinkConnection(this.url, this.idleMs, {
      frame: (event) => this.listener.frame(event, connection.connection ?? ""),
      // the runs of this connection ended; those on another go on
      reset: (message) => this.listener.reset(message, [...this.held].filter(([, held]) => held === connection).map(([stream]) => stream)),
    });
    return connection;
  }
}
