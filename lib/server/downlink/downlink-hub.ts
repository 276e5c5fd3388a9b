/**
 * The downlink connections of one server, by id: issues ids, finds or re-creates a connection
 * for a reconnect, and forgets one whose grace passed. The embedded default (one process, nothing
 * to install); the Redis bus (redis/) stands behind the same {@link Downlinks} calls.
 */
import { ConnectionIds } from "./connection-ids.js";
import { DownlinkConnection, type DownlinkSettings } from "./downlink-connection.js";
import type { Downlinks } from "./downlinks.js";

/** Defaults of the App's downlink options. */
export const DOWNLINK_DEFAULTS = { logSize: 2048, graceMs: 10_000 } as const;

/**
 * @example
 * ```ts
 * const hub = new DownlinkHub(new ConnectionIds(secret), { logSize: 2048, graceMs: 10_000, pingIntervalMs: 15_000 });
 * const { connection, resumed } = hub.connect(undefined); // a new connection
 * hub.find(connection.id) === connection; // true
 * ```
 */
export class DownlinkHub implements Downlinks {
  private readonly connections = new Map<string, DownlinkConnection>();
  /** Downlink requests that resumed a connection the server had (reconnects after a drop or an idle close). */
  private resumes = 0;

  constructor(
    readonly ids: ConnectionIds,
    private readonly settings: DownlinkSettings,
  ) {}

  /**
   * The connection a downlink request asks for: a new one (no id), the one `id` names, or — when
   * the server no longer has it (expired, restarted) — a fresh one under the same signed id,
   * `resumed: false`, so the client knows its runs are gone. Check `ids.verify(id)` first.
   */
  connect(id: string | undefined): { connection: DownlinkConnection; resumed: boolean } {
    const existing = id === undefined ? undefined : this.connections.get(id);
    if (existing) {
      this.resumes++;
      return { connection: existing, resumed: true };
    }
    const connectionId = id ?? this.ids.issue();
    const connection = new DownlinkConnection(connectionId, this.settings, () => {
      if (this.connections.get(connectionId) === connection) this.connections.delete(connectionId);
    });
    this.connections.set(connectionId, connection);
    return { connection, resumed: false };
  }

  /** The live connection `id` names, if the server has it. */
  find(id: string): DownlinkConnection | undefined {
    return this.connections.get(id);
  }

  /** Connections known, those a downlink carries now, their runs, and resumes so far. */
  stats(): { connections: number; attached: number; runs: number; resumes: number } {
    let attached = 0;
    let runs = 0;
    for (const connection of this.connections.values()) {
      if (connection.attached) attached++;
      runs += connection.runs;
    }
    return { connections: this.connections.size, attached, runs, resumes: this.resumes };
  }

  /** Write what is pending and close every downlink (server shutdown); settles when their responses have ended. */
  async shutdown(): Promise<void> {
    const closing = [...this.connections.values()].map((connection) => connection.shutdown());
    this.connections.clear();
    await Promise.all(closing);
  }
}

/** The app options the downlinks read (`AppOptions` documents each). */
export interface DownlinkOptions {
  readonly secret?: string;
  readonly downlinkLogSize?: number;
  readonly downlinkGraceMs?: number;
  readonly pingIntervalMs?: number;
}

/** The downlink settings of an app with `options` (defaults applied). */
export function settingsOf(options: DownlinkOptions): DownlinkSettings {
  return {
    logSize: options.downlinkLogSize ?? DOWNLINK_DEFAULTS.logSize,
    graceMs: options.downlinkGraceMs ?? DOWNLINK_DEFAULTS.graceMs,
    pingIntervalMs: options.pingIntervalMs ?? 15_000,
  };
}

/** The hub of a server of an app with `options`. */
export function downlinkHubFor(options: DownlinkOptions): DownlinkHub {
  return new DownlinkHub(new ConnectionIds(options.secret), settingsOf(options));
}
