/**
 * The messages between a tab and the SharedWorker that holds the browser's downlink (see
 * downlink-worker.ts and downlink.ts). Renderer-internal: the wire format is lib/protocol/downlink.ts.
 */
import type { DownlinkEvent } from "../../lib/protocol/downlink.js";

/** Tab → worker. */
export type TabMessage =
  /** First message of a tab, once it holds its liveness lock: the downlink's URL and idle delay. */
  | { kind: "init"; tab: string; url: string; cancelUrl: string; idleMs: number }
  /** Asks for the connection id (answered with `connected` carrying the same `request`). */
  | { kind: "connect"; request: number }
  /** Route `stream`'s frames to this tab; `hold`: the run needs the downlink open (else it waits for `claim`/`adopt`). */
  | { kind: "watch"; stream: string; hold: boolean }
  /** The open downlink's id, held for `stream` (answered with `claimed`: null when it is closed). */
  | { kind: "claim"; request: number; stream: string }
  /** The server opened `connection` for `stream` (a live callback): open it and hold it for the stream. */
  | { kind: "adopt"; stream: string; connection: string }
  | { kind: "unwatch"; stream: string }
  /** A start got 410: the server no longer knows the connection. */
  | { kind: "renew" };

/** Worker → tab. */
export type WorkerMessage =
  | { kind: "connected"; request: number; connection: string }
  | { kind: "claimed"; request: number; connection: string | null }
  /** The server refused the downlink (an `onConnect` hook): `message` says so. */
  | { kind: "refused"; request: number; message: string }
  /** One frame, with the connection it came on (a `[GET_PROPS]` answer names it). */
  | { kind: "frame"; event: Extract<DownlinkEvent, { kind: "frame" }>; connection: string }
  /** The server ended these runs of the tab. */
  | { kind: "reset"; message: string; streams: string[] };

/** The Web Lock a tab holds for as long as it lives: the worker learns the tab is gone when it can take it. */
export function tabLockName(tab: string): string {
  return `dash-events-tab:${tab}`;
}
