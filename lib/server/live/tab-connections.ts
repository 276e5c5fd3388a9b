/**
 * The connection the server opened for each tab that named none (live callbacks, see
 * minting-live-link.ts): callbacks of one tab that fire together all stream on the one connection,
 * so the page opens one downlink for them, not one each (which would take the browser's few
 * HTTP/1.1 connections). An entry lasts while the hub still has its connection.
 */
import type { DownlinkConnection } from "../downlink/downlink-connection.js";
import type { DownlinkHub } from "../downlink/downlink-hub.js";

/**
 * @example
 * ```ts
 * const tabs = new TabConnections(hub);
 * tabs.for("t1") === tabs.for("t1"); // true while the connection lives
 * ```
 */
export class TabConnections {
  private readonly byTab = new Map<string, string>();
  /** Size after the last sweep: the map is swept when it doubles. */
  private swept = 64;

  constructor(private readonly hub: DownlinkHub) {}

  /** The connection opened for `tab`, or a new one. */
  for(tab: string): DownlinkConnection {
    const known = this.byTab.get(tab);
    const existing = known === undefined ? undefined : this.hub.find(known);
    if (existing) return existing;
    const { connection } = this.hub.connect(undefined);
    this.byTab.set(tab, connection.id);
    if (this.byTab.size > 2 * this.swept) this.sweep();
    return connection;
  }

  private sweep(): void {
    for (const [tab, id] of this.byTab) if (!this.hub.find(id)) this.byTab.delete(tab);
    this.swept = Math.max(64, this.byTab.size);
  }
}
