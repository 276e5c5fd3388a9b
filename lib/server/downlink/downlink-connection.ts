/**
 * One downlink connection: the runs a browser started on it (one channel each), the bounded log
 * of the events sent, and the HTTP response currently carrying them (none while the client
 * reconnects).
 *
 * Pacing, in one place: each run's channel holds a few frames the connection has not taken yet
 * (`CHANNEL_FRAMES`), and its generator is asked for the next value only while it holds fewer.
 * The pump takes one frame from each waiting channel in turn (a fast generator never delays a
 * slow ticker by more than one turn, however many frames it has waiting), writes them to the response while its socket drains, and — while no
 * response is attached — into the log only, until half the log is undelivered. So memory stays
 * flat whatever the client does, and the log always keeps half its size of events that were
 * already written, for a reconnect to resume from.
 */
import type { ServerResponse } from "node:http";
import type { FrameSink } from "../../callbacks/run-stream.js";
import { cancelledFrameData, encodeDownlinkFrame, encodeHello, encodeReset, type CancelReason } from "../../protocol/downlink.js";
import { encodePing } from "../../protocol/frames.js";
import { DONE_DATA } from "../../protocol/types.js";
import { EventLog } from "./event-log.js";
import { needsDrain } from "../response-sink.js";

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
 * Frames a run may have waiting for the pump before its generator waits: more than one lets a
 * fast generator go on while the pump runs, without a promise per frame; turns stay one frame each.
 */
const CHANNEL_FRAMES = 8;

/** One run on the connection (opaque outside this file). */
export interface Channel {
  readonly stream: string;
  /** `stream` as JSON, made once for every frame's envelope. */
  readonly streamJson: string;
  readonly tab: string;
  /** The event callback (its output id): a newer run of it in the same tab ends this one. */
  readonly callback: string;
  /** Frames sent by the run, not yet taken by the pump (`CHANNEL_FRAMES`, but for an error's updates). */
  readonly pending: string[];
  queued: boolean;
  /** Resolves the run's `writable()` wait. */
  waiter: (() => void) | null;
  /** The run's `onClose` listener. */
  onClose: (() => void) | null;
  /** A terminal frame ([DONE], [ERROR], [CANCELLED]) was sent. */
  terminated: boolean;
  /** The run called `end()`. */
  ended: boolean;
  /** Why the connection ended it, once it did. */
  closedFor: CancelReason | null;
}

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
  private readonly channels = new Map<string, Channel>();
  private readonly latestOfCallback = new Map<string, Channel>();
  /** Channels with a pending frame, in turn order. */
  private readonly turns: Channel[] = [];
  private pumpScheduled = false;
  /** A pump ran in this turn of the event loop (cleared by a setImmediate). */
  pumpedThisTurn = false;
  private waitingForDrain = false;
  private graceTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly pingTimer: ReturnType<typeof setInterval>;
  private lastWriteAt = 0;
  private gone = false;

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
    this.schedulePump();
  }

  /**
   * Open a channel for a new run. A newer run of the same callback in the same tab ends the
   * older one (so a lost cancel request cannot leave two). Returns false when `stream` names a
   * run that is still open.
   */
  open(stream: string, tab: string, callback: string): Channel | false {
    if (this.channels.has(stream)) return false;
    const key = `${tab}\u0000${callback}`;
    const older = this.latestOfCallback.get(key);
    if (older) this.close(older, "superseded");
    const channel: Channel = { stream, streamJson: JSON.stringify(stream), tab, callback, pending: [], queued: false, waiter: null, onClose: null, terminated: false, ended: false, closedFor: null };
    this.channels.set(stream, channel);
    this.latestOfCallback.set(key, channel);
    return channel;
  }

  /** The `FrameSink` a run writes its frames to. */
  sink(channel: Channel): FrameSink {
    return {
      send: (frameData) => {
        if (channel.closedFor || channel.ended || channel.terminated) return;
        if (frameData === DONE_DATA || frameData.startsWith('["[ERROR]"')) channel.terminated = true;
        this.enqueue(channel, frameData);
      },
      // the downlink has its own keep-alive
      ping: () => undefined,
      get ready() {
        return channel.pending.length < CHANNEL_FRAMES || channel.closedFor !== null;
      },
      writable: () =>
        new Promise<void>((resolve) => {
          if (channel.pending.length < CHANNEL_FRAMES || channel.closedFor !== null) resolve();
          else {
            // several may wait (a run's pull and its callback's awaited setProps): each is woken
            const earlier = channel.waiter;
            channel.waiter = earlier
              ? () => {
                  earlier();
                  resolve();
                }
              : resolve;
          }
        }),
      onClose: (listener) => {
        channel.onClose = listener;
        if (channel.closedFor) listener();
      },
      end: () => this.endChannel(channel),
    };
  }

  /** End runs of the connection: those named, or every run of `tab`. Returns how many were open. */
  cancel(streams: readonly string[], tab: string | undefined, reason: CancelReason): number {
    let count = 0;
    for (const channel of [...this.channels.values()]) {
      if (channel.closedFor || channel.ended) continue;
      if (streams.includes(channel.stream) || (tab !== undefined && channel.tab === tab)) {
        this.close(channel, reason);
        count++;
      }
    }
    return count;
  }

  /** Write what is pending now and close the downlink (server shutdown); settles when the response has ended. */
  shutdown(): Promise<void> {
    // the runs' last frames (each got its shutdown [ERROR]) go out whether or not the socket drains
    let out = "";
    for (const channel of this.turns) {
      for (const data of channel.pending) {
        const seq = this.log.append((n) => encodeDownlinkFrame(n, channel.stream, data));
        out += this.log.after(seq - 1)!;
      }
      channel.pending.length = 0;
    }
    this.turns.length = 0;
    if (out) this.write(out);
    this.gone = true;
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

  private enqueue(channel: Channel, data: string): void {
    channel.pending.push(data);
    if (!channel.queued) {
      channel.queued = true;
      this.turns.push(channel);
    }
    this.schedulePump();
  }

  /** The connection ends the run: its generator is closed, and the client hears `[CANCELLED]`. */
  private close(channel: Channel, reason: CancelReason): void {
    if (channel.closedFor) return;
    channel.closedFor = reason;
    // a run that was waiting for the pump goes on to see it is closed
    channel.waiter?.();
    channel.waiter = null;
    channel.onClose?.();
    // a run with no listener yet (still starting) is ended by its own end() when it reads closedFor
    if (!channel.ended) this.endChannel(channel);
  }

  private endChannel(channel: Channel): void {
    if (channel.ended) return;
    channel.ended = true;
    if (!channel.terminated && !this.gone) {
      channel.terminated = true;
      this.enqueue(channel, cancelledFrameData(channel.closedFor ?? "server"));
    }
    this.releaseIfDone(channel);
  }

  private releaseIfDone(channel: Channel): void {
    if (!channel.ended || channel.pending.length > 0) return;
    if (this.channels.get(channel.stream) === channel) this.channels.delete(channel.stream);
    const key = `${channel.tab}\u0000${channel.callback}`;
    if (this.latestOfCallback.get(key) === channel) this.latestOfCallback.delete(key);
  }

  /**
   * The first pump of an event-loop turn runs at the end of the current task (a frame after a
   * quiet spell goes out at once); later ones in the same turn wait for the next (setImmediate),
   * so a burst of frames of many runs leaves in one write instead of one write each.
   */
  private schedulePump(): void {
    if (this.pumpScheduled || this.gone) return;
    this.pumpScheduled = true;
    if (this.pumpedThisTurn) setImmediate(runPump, this);
    else queueMicrotask(() => this.pump());
  }

  /** @internal the pump, for timer callbacks */
  runPump(): void {
    this.pump();
  }

  /** Move pending frames into the log (and the response), one per channel per turn. */
  private pump(): void {
    this.pumpScheduled = false;
    if (!this.pumpedThisTurn) {
      this.pumpedThisTurn = true;
      setImmediate(endTurn, this);
    }
    for (;;) {
      const res = this.res;
      if (res ? needsDrain(res) : this.log.newest - this.sent >= this.settings.logSize / 2) break;
      let out = "";
      while (this.turns.length > 0 && out.length < CHUNK_CHARS) {
        const channel = this.turns.shift()!;
        const data = channel.pending.shift()!;
        const seq = this.log.append((n) => encodeDownlinkFrame(n, channel.stream, data, channel.streamJson));
        if (res) out += this.log.after(seq - 1)!;
        if (channel.waiter && channel.pending.length < CHANNEL_FRAMES) {
          const waiter = channel.waiter;
          channel.waiter = null;
          waiter();
        }
        if (channel.pending.length > 0) this.turns.push(channel);
        else {
          channel.queued = false;
          this.releaseIfDone(channel);
        }
        if (!res && this.log.newest - this.sent >= this.settings.logSize / 2) break;
      }
      if (out) {
        this.sent = this.log.newest;
        this.write(out);
      }
      if (this.turns.length === 0 || !res) break;
    }
    const res = this.res;
    if (res && needsDrain(res) && this.turns.length > 0 && !this.waitingForDrain) {
      this.waitingForDrain = true;
      res.once("drain", () => {
        this.waitingForDrain = false;
        this.schedulePump();
      });
    }
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
    this.gone = true;
    clearInterval(this.pingTimer);
    for (const channel of [...this.channels.values()]) this.close(channel, "expired");
    this.onExpired();
  }

  /** End every run and log a `reset` event; returns its text. */
  private reset(message: string): string {
    const wasGone = this.gone;
    // no [CANCELLED] frames: the reset says it for every run
    this.gone = true;
    for (const channel of [...this.channels.values()]) this.close(channel, "expired");
    this.turns.length = 0;
    for (const channel of this.channels.values()) channel.pending.length = 0;
    this.channels.clear();
    this.latestOfCallback.clear();
    this.gone = wasGone;
    const seq = this.log.append((n) => encodeReset(n, { message }));
    return this.log.after(seq - 1)!;
  }
}

// timer callbacks that take their connection as an argument: no closure per connection
function pingIfIdle(connection: DownlinkConnection): void {
  connection.pingIfIdle();
}

function runPump(connection: DownlinkConnection): void {
  connection.runPump();
}

function endTurn(connection: DownlinkConnection): void {
  connection.pumpedThisTurn = false;
}
