/**
 * The runs of one downlink connection that this process runs, on the Redis bus: each run's
 * channel, the fair turns, and the pump that appends their frames to the connection's Redis
 * Stream (redis-scripts.ts), wherever the downlink is carried.
 *
 * The channels, turns and pacing are the embedded connection's (run-channels.ts); the pump here
 * batches the frames it takes into one append, and keeps a few appends in flight (one client
 * connection keeps them in order, so the sequence numbers follow the turns). Backpressure across processes: the pump
 * stops while half the log is undelivered (the newest sequence number minus the one the
 * downlink last wrote, `sent`), and polls `sent` until the downlink catches up.
 */
import type { Redis } from "ioredis";
import type { FrameSink } from "../../../callbacks/frame-sink.js";
import type { CancelReason } from "../../../protocol/downlink.js";
import type { DownlinkSettings } from "../downlink-connection.js";
import { RunChannels, type Channel } from "../run-channels.js";
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
  private readonly channels = new RunChannels(
    () => this.pump(),
    (channel) => this.released(channel),
  );
  private inFlight = 0;
  /** Frames in appends not answered yet. */
  private unconfirmed = 0;
  private pausedTimer: ReturnType<typeof setTimeout> | undefined;
  /** The newest sequence number this process knows was appended, and the newest the downlink wrote. */
  private produced = 0;
  private delivered = 0;
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
    if (this.channels.get(stream)) return false;
    const { processId, dataTtlMs } = this.bus;
    const answer = (await runScript(this.bus.client, OPEN, [this.keys.runs], [stream, tab, callback, processId, dataTtlMs, orphanFrame])) as Array<number | string>;
    if (answer[0] === 0 || this.channels.get(stream)) return false;
    const older = answer.slice(1).map(String);
    const channel = this.channels.add(stream, tab, callback);
    if (older.length > 0) await this.bus.publishCancel(this.id, older, undefined, "superseded");
    return channel;
  }

  sink(channel: Channel): FrameSink {
    return this.channels.sink(channel);
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
    if (silent) this.channels.silent = true;
    this.channels.cancel(streams, tab, reason);
    if (silent) this.drop();
  }

  /** The connection expired (no downlink within the grace): every run here ends. */
  expire(): void {
    this.channels.silent = true;
    this.channels.closeAll("expired");
    this.drop();
    this.bus.released(this);
  }

  /** Resolves once what the runs sent is in Redis (or could not be). */
  flushed(): Promise<void> {
    if (this.inFlight === 0 && !this.channels.waiting) return Promise.resolve();
    return new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  private released(channel: Channel): void {
    this.bus.client.hdel(this.keys.runs, channel.stream).catch((error: unknown) => this.bus.warn("could not unregister a downlink run", error));
    if (this.channels.size === 0) this.bus.released(this);
  }

  /** Forget the pending frames of a silent connection. */
  private drop(): void {
    this.channels.drop();
    this.settleIdle();
  }

  private pump(): void {
    if (this.inFlight >= MAX_IN_FLIGHT || this.pausedTimer !== undefined) return;
    if (!this.channels.waiting) return this.settleIdle();
    const room = this.bus.settings.logSize / 2 - (this.produced + this.unconfirmed - this.delivered);
    if (room <= 0) {
      this.pausedTimer = setTimeout(() => void this.pollDelivered(), PAUSED_POLL_MS);
      return;
    }
    const args: string[] = [];
    let taken = 0;
    let chars = 0;
    while (chars < BATCH_CHARS && taken < room) {
      const channel = this.channels.take();
      if (!channel) break;
      const data = this.channels.taken;
      args.push("s", channel.stream, "d", data);
      chars += data.length;
      taken++;
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
        this.channels.silent = true;
        this.channels.closeAll("server");
        this.drop();
        this.afterAppend(taken);
      },
    );
    // more turns wait: another append may go while this one travels
    if (this.channels.waiting) this.channels.schedulePump();
  }

  private afterAppend(taken: number): void {
    this.inFlight--;
    this.unconfirmed -= taken;
    this.settleIdle();
    this.channels.schedulePump();
  }

  private async pollDelivered(): Promise<void> {
    try {
      this.delivered = Number((await this.bus.client.get(this.keys.sent)) ?? 0);
    } catch (error) {
      this.bus.warn(`could not read the progress of downlink ${this.id}`, error);
    }
    this.pausedTimer = undefined;
    this.channels.schedulePump();
  }

  private settleIdle(): void {
    if (this.inFlight > 0 || this.channels.waiting) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    for (const resolve of waiters) resolve();
  }
}
