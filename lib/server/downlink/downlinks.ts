/**
 * The seam between the routes and where downlink connections live: {@link Downlinks}. The
 * embedded default keeps every connection in this process (downlink-hub.ts); the Redis bus
 * (redis/) lets the start POST, the downlink, the cancel and the reconnect land on any process.
 */
import type { ServerResponse } from "node:http";
import type { FrameSink } from "../../callbacks/frame-sink.js";
import type { CancelReason, LiveReply } from "../../protocol/downlink.js";
import type { ConnectionIds } from "./connection-ids.js";

/** A value, or a promise of it: the in-process hub answers at once, the Redis bus after a round trip. */
export type Awaitable<T> = T | Promise<T>;

/** A run's slot on a connection; opaque outside the implementation that made it. */
export interface RunSlot {
  readonly stream: string;
}

/** The runs side of one connection, as this process sees it: start runs, end them. */
export interface DownlinkRuns<Slot extends RunSlot = RunSlot> {
  /**
   * Open a slot for a new run (a newer run of the same callback in the same tab ends the older
   * one). False when `stream` names a run that is still open. `orphanFrame`: the terminal frame's
   * JSON the page gets should the process running the run die (a bus of several processes).
   */
  open(stream: string, tab: string, callback: string, orphanFrame?: string): Awaitable<Slot | false>;
  /** The `FrameSink` the run writes its frames to. */
  sink(slot: Slot): FrameSink;
  /** End runs of the connection: those named, or every run of `tab`. Returns how many were open. */
  cancel(streams: readonly string[], tab: string | undefined, reason: CancelReason): Awaitable<number>;
}

/** The downlink side of one connection: carry its events on a response. */
export interface DownlinkCarrier {
  /**
   * Carry the connection on `res` from now on (a newer downlink replaces an older one). `cursor`
   * is the client's `Last-Event-ID` (null: none); what it missed is written again, or, when that
   * is no longer held, every run ends and the client gets a `reset` event.
   */
  attach(res: ServerResponse, cursor: number | null, resumed: boolean): void;
}

/** What the metrics report. */
export interface DownlinkStats {
  /** Connections this process knows (open or in their grace period). */
  connections: number;
  /** Downlinks this process carries now. */
  attached: number;
  /** Runs this process runs on downlinks. */
  runs: number;
  /** Downlink requests that resumed a connection (reconnects). */
  resumes: number;
}

/**
 * Carries a page's answer to `ctx.getProp` (`POST /_dash-live-reply`) to the process whose
 * callback asked, wherever the POST landed (a bus of several processes).
 */
export interface ReplyRelay {
  /** The prefix of this process's question ids, so that an answer names the process that waits for it. */
  readonly prefix: string;
  /** Pass `reply` to the process whose question it names; false when none such listens (or it is this one). */
  forward(reply: LiveReply): Promise<boolean>;
  /** Hear the answers other processes pass to this one. */
  listen(answer: (reply: LiveReply) => void): void;
}

/**
 * Where the downlink connections of a server live.
 *
 * @example
 * ```ts
 * const downlinks: Downlinks = downlinkHubFor(app.options);
 * const { connection, resumed } = await downlinks.connect(undefined);
 * connection.attach(res, null, resumed);
 * const runs = await downlinks.find(id); // undefined: expired
 * ```
 */
export interface Downlinks {
  /** Signs and checks connection ids. */
  readonly ids: ConnectionIds;
  /**
   * The connection a downlink request asks for: a new one (no id), the one `id` names, or — when
   * it no longer exists (expired, restarted) — a fresh one under the same signed id, `resumed:
   * false`. Check `ids.verify(id)` first.
   */
  connect(id: string | undefined): Awaitable<{ connection: DownlinkCarrier; resumed: boolean }>;
  /** The runs side of the live connection `id`; undefined when it has expired. */
  find(id: string): Awaitable<DownlinkRuns | undefined>;
  stats(): DownlinkStats;
  /** Present on a bus of several processes: `ctx.getProp` answers travel on it. */
  readonly replies?: ReplyRelay;
  /** Write what is pending and close every downlink (server shutdown). */
  shutdown(): Awaitable<void>;
}
