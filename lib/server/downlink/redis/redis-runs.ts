/**
 * The runs of one downlink connection that this process runs, on the Redis bus: each run's
 * channel, the fair turns, and the pump that appends their frames to the connection's Redis
 * Stream (redis-scripts.ts), wherever the downlink is carried.
 *
 * Pacing as in the embedded connection (downlink-connection.ts): each channel holds at most one
 * frame not yet taken, and the run is asked for its next value once the pump took it; the pump
 * takes one frame per waiting channel per turn, and keeps a few appends in flight (one client
 * connection keeps them in order, so the sequence numbers follow the turns). Backpressure across processes: the pump
 * stops while half the log is undelivered (the newest sequence number minus the one the
 * downlink last wrote, `sent`), and polls `sent` until the downlink catches up.
 */
import type { Redis } from "ioredis";
import type { FrameSink } from "../../../callbacks/run-stream.js";
import { cancelledFrameData, type CancelReason } from "../../../protocol/downlink.js";
import { DONE_DATA } from "../../../protocol/types.js";
import type { Channel, DownlinkSettings } from "../downlink-connection.js";
import type { DownlinkRuns } from "../downlinks.js";
import { APPEND, COUNT_CANCELLED, keysOf, onBus, OPEN, runScript } from "./redis-scripts.js";

/** The largest batch, in characters, one append carries. */
const BATCH_CHARS = 64 * 1024;
/** How often a paused pump asks whether the downlink caught up. */
const PAUSED_POLL_MS = 5;
/** Appends of one connection in flight at once. */
const MAX_IN_FLIGHT = 4;

/** What the runs of a connection need from the bus around them. */
export interface RunsBus {
  readonly client: Redis;
  readonly settings: DownlinkSettings;
  /** This process's name in the `runs` records. */
  readonly processId: string;
  /** How long a connection's data outlives its last use. */
  readonly dataTtlMs: number;
  /** Tell every process to end runs of a connection. */
  publishCancel(connection: string, streams: readonly string[], tab: string | undefined, reason: CancelReason): Promise<void>;
  /** Report a failure of Redis. */
  warn(message: string, error: unknown): void;
  /** The runs object is empty and may be forgotten. */
  released(runs: RedisRuns): void;
}

/**
 * @example
 * ```ts
 * const runs = new RedisRuns(id, bus);
 * const channel = await runs.open("t1:1", "t1", "out.children");
 * if (channel) runStream(prepared, runs.sink(channel), options);
 * ```
 */
export class RedisRuns implements DownlinkRuns<Channel> {
  private readonly keys: ReturnType<typeof keysOf>;
  private readonly channels = new Map<string, Channel>();
  private readonly turns: Channel[] = [];
  private pumpScheduled = false;
  private inFlight = 0;
  /** Frames in appends not answered yet. */
  private unconfirmed = 0;
  private pausedTimer: ReturnType<typeof setTimeout> | undefined;
  /** The newest sequence number this process knows was appended, and the newest the downlink wrote. */
  private produced = 0;
  private delivered = 0;
  /** No more appends: the connection expired or was reset (its runs end without `[CANCELLED]`). */
  private silent = false;
  /** Settles when the pump has nothing left to append (shutdown). */
  private idleWaiters: Array<() => void> = [];

  constructor(
    readonly id: string,
    private readonly bus: RunsBus,
  ) {
    this.keys = keysOf(id);
  }

  /** Runs open here. */
  get runs(): number {
    return this.channels.size;
  }

  open(stream: string, tab: string, callback: string, orphanFrame = ""): Promise<Channel | false> {
    return onBus(() => this.openOnBus(stream, tab, callback, orphanFrame));
  }

  private async openOnBus(stream: string, tab: string, callback: string, orphanFrame: string): Promise<Channel | false> {
    if (this.channels.has(stream)) return false;
    const { processId, dataTtlMs } = this.bus;
    const answer = (await runScript(this.bus.client, OPEN, [this.keys.runs], [stream, tab, callback, processId, dataTtlMs, orphanFrame])) as Array<number | string>;
    if (answer[0] === 0 || this.channels.has(stream)) return false;
    const older = answer.slice(1).map(String);
    const channel: Channel = { stream, streamJson: JSON.stringify(stream), tab, callback, pending: [], queued: false, waiter: null, onClose: null, terminated: false, ended: false, closedFor: null };
    this.channels.set(stream, channel);
    if (older.length > 0) await this.bus.publishCancel(this.id, older, undefined, "superseded");
    return channel;
  }

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
        return channel.pending.length === 0 || channel.closedFor !== null;
      },
      writable: () =>
        new Promise<void>((resolve) => {
          if (channel.pending.length === 0 || channel.closedFor !== null) resolve();
          else channel.waiter = resolve;
        }),
      onClose: (listener) => {
        channel.onClose = listener;
        if (channel.closedFor) listener();
      },
      end: () => this.endChannel(channel),
    };
  }

  /** Counted across every process (the `runs` record); the runs themselves end where they run, through pub/sub. */
  cancel(streams: readonly string[], tab: string | undefined, reason: CancelReason): Promise<number> {
    return onBus(() => this.cancelOnBus(streams, tab, reason));
  }

  private async cancelOnBus(streams: readonly string[], tab: string | undefined, reason: CancelReason): Promise<number> {
    const count = Number(await runScript(this.bus.client, COUNT_CANCELLED, [this.keys.runs], [tab ?? "", ...streams]));
    if (count > 0) await this.bus.publishCancel(this.id, streams, tab, reason);
    return count;
  }

  /** A cancel from the bus: end the runs here it names. */
  applyCancel(streams: readonly string[], tab: string | undefined, reason: CancelReason, silent: boolean): void {
    if (silent) this.silent = true;
    for (const channel of [...this.channels.values()]) {
      if (channel.closedFor || channel.ended) continue;
      if (streams.includes(channel.stream) || (tab !== undefined && channel.tab === tab)) this.close(channel, reason);
    }
    if (silent) this.drop();
  }

  /** The connection expired (no downlink within the grace): every run here ends. */
  expire(): void {
    this.silent = true;
    for (const channel of [...this.channels.values()]) this.close(channel, "expired");
    this.drop();
    this.bus.released(this);
  }

  /** Resolves once what the runs sent is in Redis (or could not be). */
  flushed(): Promise<void> {
    if (this.inFlight === 0 && this.turns.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private enqueue(channel: Channel, data: string): void {
    channel.pending.push(data);
    if (!channel.queued) {
      channel.queued = true;
      this.turns.push(channel);
    }
    this.schedulePump();
  }

  private close(channel: Channel, reason: CancelReason): void {
    if (channel.closedFor) return;
    channel.closedFor = reason;
    channel.waiter?.();
    channel.waiter = null;
    channel.onClose?.();
    if (!channel.ended) this.endChannel(channel);
  }

  private endChannel(channel: Channel): void {
    if (channel.ended) return;
    channel.ended = true;
    if (!channel.terminated && !this.silent) {
      channel.terminated = true;
      this.enqueue(channel, cancelledFrameData(channel.closedFor ?? "server"));
    }
    this.releaseIfDone(channel);
  }

  private releaseIfDone(channel: Channel): void {
    if (!channel.ended || channel.pending.length > 0) return;
    if (this.channels.get(channel.stream) !== channel) return;
    this.channels.delete(channel.stream);
    this.bus.client.hdel(this.keys.runs, channel.stream).catch((error: unknown) => this.bus.warn("could not unregister a downlink run", error));
    if (this.channels.size === 0) this.bus.released(this);
  }

  /** Forget the pending frames of a silent connection. */
  private drop(): void {
    this.turns.length = 0;
    for (const channel of [...this.channels.values()]) {
      channel.pending.length = 0;
      channel.queued = false;
      this.releaseIfDone(channel);
    }
    this.settleIdle();
  }

  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    queueMicrotask(() => this.pump());
  }

  private pump(): void {
    this.pumpScheduled = false;
    if (this.inFlight >= MAX_IN_FLIGHT || this.pausedTimer !== undefined) return;
    if (this.turns.length === 0 || this.silent) return this.settleIdle();
    const room = this.bus.settings.logSize / 2 - (this.produced + this.unconfirmed - this.delivered);
    if (room <= 0) {
      this.pausedTimer = setTimeout(() => void this.pollDelivered(), PAUSED_POLL_MS);
      return;
    }
    const args: string[] = [];
    let taken = 0;
    let chars = 0;
    while (this.turns.length > 0 && chars < BATCH_CHARS && taken < room) {
      const channel = this.turns.shift()!;
      const data = channel.pending.shift()!;
      args.push("s", channel.stream, "d", data);
      chars += data.length;
      taken++;
      if (channel.pending.length > 0) this.turns.push(channel);
      else {
        channel.queued = false;
        const waiter = channel.waiter;
        channel.waiter = null;
        waiter?.();
        this.releaseIfDone(channel);
      }
    }
    this.inFlight++;
    this.unconfirmed += taken;
    const { client, settings, dataTtlMs } = this.bus;
    runScript(client, APPEND, [this.keys.log, this.keys.seq, this.keys.sent], [settings.logSize, dataTtlMs, ...args]).then(
      (answer) => {
        const [seq, sent] = answer as [number, number];
        this.produced = Math.max(this.produced, seq);
        this.delivered = Math.max(this.delivered, sent);
        this.afterAppend(taken);
      },
      (error: unknown) => {
        this.bus.warn(`could not append to downlink ${this.id}: its runs on this process end`, error);
        // the frames cannot reach the page: end the runs (the page hears of it from its downlink)
        this.silent = true;
        for (const channel of [...this.channels.values()]) this.close(channel, "server");
        this.drop();
        this.afterAppend(taken);
      },
    );
    // more turns wait: another append may go while this one travels
    if (this.turns.length > 0) this.schedulePump();
  }

  private afterAppend(taken: number): void {
    this.inFlight--;
    this.unconfirmed -= taken;
    this.schedulePump();
  }

  private async pollDelivered(): Promise<void> {
    try {
      this.delivered = Number((await this.bus.client.get(this.keys.sent)) ?? 0);
    } catch (error) {
      this.bus.warn(`could not read the progress of downlink ${this.id}`, error);
    }
    this.pausedTimer = undefined;
    this.schedulePump();
  }

  private settleIdle(): void {
    if (this.inFlight > 0 || this.turns.length > 0) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
