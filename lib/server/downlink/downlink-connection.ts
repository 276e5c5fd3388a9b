/**
 * One downlink connection: the runs a browser started on it (one channel each), the bounded log
 * of the events sent, and the HTTP response currently carrying them (none while the client
 * reconnects).
 *
 * The runs' channels, turns and pacing are run-channels.ts's; the pump here writes the frames it
 * takes to the response while its socket drains, and — while no response is attached — into the
 * log only, until half the log is undelivered. So memory stays flat whatever the client does,
 * and the log always keeps half its size of events that were already written, for a reconnect
 * to resume from.
 */
import type { ServerResponse } from "node:http";
import type { FrameSink } from "../../callbacks/frame-sink.js";
import { encodeDownlinkFrame, encodeHello, encodeReset, type CancelReason } from "../../protocol/downlink.js";
import { encodePing } from "../../protocol/frames.js";
import { EventLog } from "./event-log.js";
import { RunChannels, type Channel } from "./run-channels.js";
import { needsDrain } from "../response-sink.js";

export type { Channel } from "./run-channels.js";

/** How downlink connections behave (the App's options, with defaults applied). */
export interface DownlinkSettings {
  /** Events kept for resuming. */
  logSize: number;
  /** How long runs outlive their downlink. */
  graceMs: number;
  /** A `: ping` after this long without a write. */
  pingIntervalMs: number;
}

/** The largest chunk the pump hands to the socket at once. */
const CHUNK_CHARS = 64 * 1024;

/**
 * A downlink connection.
 *
 * @example
 * ```ts
 * const connection = new DownlinkConnection(id, { logSize: 2048, graceMs: 10_000, pingIntervalMs: 15_000 }, () => hub.drop(id));
 * connection.attach(reply.raw, lastEventId, true);
 * const channel = connection.open("t1:1", "t1", "out.children");
 * runStream(prepared, connection.sink(channel), options);
 * ```
 */
export class DownlinkConnection {
  readonly log: EventLog;
  private res: ServerResponse | null = null;
  /** The highest sequence number handed to a response. */
  private sent = 0;
  private readonly channels = new RunChannels(
    () => this.pump(),
    (channel) => {
      const key = `${channel.tab}\u0000${channel.callback}`;
      if (this.latestOfCallback.get(key) === channel) this.latestOfCallback.delete(key);
    },
  );
  private readonly latestOfCallback = new Map<string, Channel>();
  private waitingForDrain = false;
  private graceTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly pingTimer: ReturnType<typeof setInterval>;
  private lastWriteAt = 0;

  constructor(
    readonly id: string,
    private readonly settings: DownlinkSettings,
    /** Called once when the connection has expired (its grace passed without a downlink). */
    private readonly onExpired: () => void,
  ) {
    this.log = new EventLog(settings.logSize);
    this.pingTimer = setInterval(pingIfIdle, Math.max(50, Math.floor(settings.pingIntervalMs / 2)), this);
    this.pingTimer.unref();
    this.startGrace();
  }

  /** Whether a response carries the connection now. */
  get attached(): boolean {
    return this.res !== null;
  }

  /** Runs open on the connection. */
  get runs(): number {
    return this.channels.size;
  }

  /**
   * Carry the connection on `res` from now on (a newer downlink replaces an older one). `cursor`
   * is the client's `Last-Event-ID` (null: it has none); what it missed is written again, or, if
   * that is no longer in the log, every run ends and the client is told with a `reset` event.
   */
  attach(res: ServerResponse, cursor: number | null, resumed: boolean): void {
    const previous = this.res;
    this.res = res;
    if (previous && !previous.writableEnded) previous.end();
    clearTimeout(this.graceTimer);
    let text = encodeHello({ connection: this.id, resumed });
    if (cursor !== null && resumed) {
      const missed = cursor > this.log.newest ? null : this.log.after(cursor);
      if (missed === null) text += this.reset("the downlink was away too long: the events since it dropped are no longer held, so the runs of this page ended");
      else text += missed;
    }
    this.sent = this.log.newest;
    this.write(text);
    res.once("close", () => this.detach(res));
    this.channels.schedulePump();
  }

  /**
   * Open a channel for a new run. A newer run of the same callback in the same tab ends the
   * older one (so a lost cancel request cannot leave two). Returns false when `stream` names a
   * run that is still open.
   */
  open(stream: string, tab: string, callback: string): Channel | false {
    if (this.channels.get(stream)) return false;
    const key = `${tab}\u0000${callback}`;
    const older = this.latestOfCallback.get(key);
    if (older) this.channels.close(older, "superseded");
    const channel = this.channels.add(stream, tab, callback);
    this.latestOfCallback.set(key, channel);
    return channel;
  }

  /** The `FrameSink` a run writes its frames to. */
  sink(channel: Channel): FrameSink {
    return this.channels.sink(channel);
  }

  /** End runs of the connection: those named, or every run of `tab`. Returns how many were open. */
  cancel(streams: readonly string[], tab: string | undefined, reason: CancelReason): number {
    return this.channels.cancel(streams, tab, reason);
  }

  /** Write what is pending now and close the downlink (server shutdown); settles when the response has ended. */
  shutdown(): Promise<void> {
    // the runs' last frames (each got its shutdown [ERROR]) go out whether or not the socket drains
    let out = "";
    for (let channel = this.channels.take(); channel; channel = this.channels.take()) out += this.logFrame(channel);
    if (out) this.write(out);
    this.channels.silent = true;
    clearInterval(this.pingTimer);
    clearTimeout(this.graceTimer);
    const res = this.res;
    this.res = null;
    if (!res || res.writableEnded) return Promise.resolve();
    return new Promise<void>((resolve) => {
      res.once("close", resolve);
      res.end(resolve);
    });
  }

  /** Move pending frames into the log (and the response), one per channel per turn. */
  private pump(): void {
    for (;;) {
      const res = this.res;
      if (res ? needsDrain(res) : this.log.newest - this.sent >= this.settings.logSize / 2) break;
      let out = "";
      while (out.length < CHUNK_CHARS) {
        const channel = this.channels.take();
        if (!channel) break;
        const text = this.logFrame(channel);
        if (res) out += text;
        else if (this.log.newest - this.sent >= this.settings.logSize / 2) break;
      }
      if (out) {
        this.sent = this.log.newest;
        this.write(out);
      }
      if (!this.channels.waiting || !res) break;
    }
    const res = this.res;
    if (res && needsDrain(res) && this.channels.waiting && !this.waitingForDrain) {
      this.waitingForDrain = true;
      res.once("drain", () => {
        this.waitingForDrain = false;
        this.channels.schedulePump();
      });
    }
  }

  /** Log the frame {@link RunChannels.take} just took from `channel`; returns its event's text (the log and the chunk share it). */
  private logFrame(channel: Channel): string {
    const text = encodeDownlinkFrame(this.log.newest + 1, channel.stream, this.channels.taken, channel.frameHead);
    this.log.push(text);
    return text;
  }

  private write(text: string): void {
    const res = this.res;
    if (!res || res.writableEnded || res.destroyed) return;
    res.write(text);
    this.lastWriteAt = Date.now();
  }

  /** @internal the ping timer's job */
  pingIfIdle(): void {
    if (this.res && Date.now() - this.lastWriteAt >= this.settings.pingIntervalMs / 2) this.write(encodePing());
  }

  private detach(res: ServerResponse): void {
    if (this.res !== res) return;
    this.res = null;
    this.startGrace();
  }

  private startGrace(): void {
    clearTimeout(this.graceTimer);
    this.graceTimer = setTimeout(() => this.expire(), this.settings.graceMs);
    this.graceTimer.unref();
  }

  /** The grace passed without a downlink: every run ends, the connection is forgotten. */
  private expire(): void {
    if (this.res) return;
    clearInterval(this.pingTimer);
    // each run's [CANCELLED] goes to a log nobody will read: the runs end, nothing more
    this.channels.silent = true;
    this.channels.closeAll("expired");
    this.onExpired();
  }

  /** End every run and log a `reset` event; returns its text. */
  private reset(message: string): string {
    const wasSilent = this.channels.silent;
    // no [CANCELLED] frames: the reset says it for every run
    this.channels.silent = true;
    this.channels.closeAll("expired");
    this.channels.clear();
    this.latestOfCallback.clear();
    this.channels.silent = wasSilent;
    const text = encodeReset(this.log.newest + 1, { message });
    this.log.push(text);
    return text;
  }
}

// timer callbacks that take their connection as an argument: no closure per connection
function pingIfIdle(connection: DownlinkConnection): void {
  connection.pingIfIdle();
}
