/**
 * The runs of one downlink connection as one process holds them, whatever carries their frames
 * on (the in-process connection's log and response, or the Redis bus's stream): a channel per
 * run, the `FrameSink` each run writes to, the fair turns, and when the pump runs.
 *
 * Pacing, in one place: a run's channel holds a few frames not taken yet (`CHANNEL_FRAMES`), and
 * its generator is asked for the next value only while it holds fewer. The pump takes one frame
 * per waiting channel per turn ({@link RunChannels.take}), so a fast generator never delays a slow
 * ticker by more than one turn. The first pump of an event-loop turn runs at the end of the
 * current task (a frame after a quiet spell goes out at once); later ones in the same turn wait
 * for the next (setImmediate), so a burst of frames of many runs leaves together.
 */
import type { FrameSink } from "../../callbacks/frame-sink.js";
import { cancelledFrameData, downlinkFrameHead, type CancelReason } from "../../protocol/downlink.js";
import { DONE_DATA } from "../../protocol/types.js";

/**
 * Frames a run may have waiting for the pump before its generator waits: more than one lets a
 * fast generator go on while the pump runs, without a promise per frame; turns stay one frame
 * each. More (16, 64) measured no cheaper per frame (bench/server-downlink.ts's server CPU per
 * frame, 2026-12-03).
 */
export const CHANNEL_FRAMES = 8;

/** One run on the connection (opaque outside the downlink). */
export interface Channel {
  readonly stream: string;
  /** What its frames' events hold before the frame ({@link downlinkFrameHead}), made once. */
  readonly frameHead: string;
  readonly tab: string;
  /** The event callback (its output id): a newer run of it in the same tab ends this one. */
  readonly callback: string;
  /**
   * Frames sent by the run, not yet taken by the pump (`CHANNEL_FRAMES`, but for an error's
   * updates): those from `head` on (a queue without a shift per frame; emptied when all are taken).
   */
  readonly pending: string[];
  head: number;
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
 * @example
 * ```ts
 * const runs = new RunChannels(() => pump(), (channel) => forget(channel));
 * const channel = runs.add("t1:1", "t1", "out.children");
 * runStream(prepared, runs.sink(channel), options);
 * // in pump():
 * for (let channel = runs.take(); channel; channel = runs.take()) write(channel.stream, runs.taken);
 * ```
 */
export class RunChannels {
  private readonly channels = new Map<string, Channel>();
  /** Channels with a pending frame, in turn order: those from `turnsHead` on. */
  private turns: Channel[] = [];
  private turnsHead = 0;
  /** The data of the frame the last {@link take} returned the channel of. */
  taken = "";
  private pumpScheduled = false;
  /** A pump ran in this turn of the event loop (cleared by a setImmediate). */
  pumpedThisTurn = false;
  /** No more pumps, and a run that ends gets no `[CANCELLED]` frame (the connection is gone, or a reset says it). */
  silent = false;

  constructor(
    /** Moves frames out with {@link take}; called by the scheduler, never while silent. */
    private readonly pump: () => void,
    /** A channel ended and all its frames were taken: it is no longer in {@link get}. */
    private readonly released: (channel: Channel) => void,
  ) {}

  /** Runs open. */
  get size(): number {
    return this.channels.size;
  }

  /** Frames wait for the pump. */
  get waiting(): boolean {
    return this.turnsHead < this.turns.length;
  }

  get(stream: string): Channel | undefined {
    return this.channels.get(stream);
  }

  all(): Channel[] {
    return [...this.channels.values()];
  }

  /** A new channel (the caller checked `stream` is not open). */
  add(stream: string, tab: string, callback: string): Channel {
    const channel: Channel = { stream, frameHead: downlinkFrameHead(stream), tab, callback, pending: [], head: 0, queued: false, waiter: null, onClose: null, terminated: false, ended: false, closedFor: null };
    this.channels.set(stream, channel);
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
        return hasRoom(channel) || channel.closedFor !== null;
      },
      writable: () =>
        new Promise<void>((resolve) => {
          if (hasRoom(channel) || channel.closedFor !== null) resolve();
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

  /** End the open runs named in `streams`, or of `tab`; returns how many. */
  cancel(streams: readonly string[], tab: string | undefined, reason: CancelReason): number {
    let count = 0;
    for (const channel of this.all()) {
      if (channel.closedFor || channel.ended) continue;
      if (streams.includes(channel.stream) || (tab !== undefined && channel.tab === tab)) {
        this.close(channel, reason);
        count++;
      }
    }
    return count;
  }

  /** End every run. */
  closeAll(reason: CancelReason): void {
    for (const channel of this.all()) this.close(channel, reason);
  }

  /** The connection ends the run: its generator is closed, and the client hears `[CANCELLED]` (unless silent). */
  close(channel: Channel, reason: CancelReason): void {
    if (channel.closedFor) return;
    channel.closedFor = reason;
    // a run that was waiting for the pump goes on to see it is closed
    channel.waiter?.();
    channel.waiter = null;
    channel.onClose?.();
    // a run with no listener yet (still starting) is ended by its own end() when it reads closedFor
    if (!channel.ended) this.endChannel(channel);
  }

  /**
   * The channel of the next frame in turn, or undefined when none waits: one frame per channel
   * per turn. The frame's data is left in {@link taken} (no object per frame). Its run may go on
   * once it has room again; a channel ended and emptied is released.
   */
  take(): Channel | undefined {
    const turns = this.turns;
    if (this.turnsHead >= turns.length) return undefined;
    const channel = turns[this.turnsHead++];
    if (this.turnsHead === turns.length) {
      turns.length = 0;
      this.turnsHead = 0;
    } else if (this.turnsHead >= COMPACT_TURNS && this.turnsHead * 2 >= turns.length) {
      // a pump that never empties the queue (a socket that drains now and then): drop the taken part
      this.turns = turns.slice(this.turnsHead);
      this.turnsHead = 0;
    }
    const pending = channel.pending;
    const data = pending[channel.head];
    pending[channel.head++] = "";
    const left = pending.length - channel.head;
    if (left === 0) emptyPending(channel);
    else if (channel.head >= CHANNEL_FRAMES) {
      // a channel the pump never empties (a socket that drains now and then): drop the taken part
      pending.splice(0, channel.head);
      channel.head = 0;
    }
    this.taken = data;
    if (channel.waiter && hasRoom(channel)) {
      const waiter = channel.waiter;
      channel.waiter = null;
      waiter();
    }
    if (left > 0) this.turns.push(channel);
    else {
      channel.queued = false;
      this.releaseIfDone(channel);
    }
    return channel;
  }

  /** Forget every pending frame (a silent end: nobody will read them). */
  drop(): void {
    this.turns.length = 0;
    this.turnsHead = 0;
    for (const channel of this.all()) {
      emptyPending(channel);
      channel.queued = false;
      this.releaseIfDone(channel);
    }
  }

  /** Forget every channel at once (a reset ended them all). */
  clear(): void {
    this.turns.length = 0;
    this.turnsHead = 0;
    for (const channel of this.channels.values()) emptyPending(channel);
    this.channels.clear();
  }

  /** Run the pump soon (see the file's comment for when). */
  schedulePump(): void {
    if (this.pumpScheduled || this.silent) return;
    this.pumpScheduled = true;
    if (this.pumpedThisTurn) setImmediate(runPump, this);
    else queueMicrotask(() => this.runPump());
  }

  /** @internal the scheduled pump */
  runPump(): void {
    this.pumpScheduled = false;
    if (this.silent) return;
    if (!this.pumpedThisTurn) {
      this.pumpedThisTurn = true;
      setImmediate(endTurn, this);
    }
    this.pump();
  }

  private enqueue(channel: Channel, data: string): void {
    channel.pending.push(data);
    if (!channel.queued) {
      channel.queued = true;
      this.turns.push(channel);
    }
    this.schedulePump();
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
    if (!channel.ended || channel.pending.length > channel.head) return;
    if (this.channels.get(channel.stream) !== channel) return;
    this.channels.delete(channel.stream);
    this.released(channel);
  }
}

/** Taken entries of the turn queue that make it worth copying the rest down. */
const COMPACT_TURNS = 1024;

/** The run may send more before the pump takes some. */
function hasRoom(channel: Channel): boolean {
  return channel.pending.length - channel.head < CHANNEL_FRAMES;
}

function emptyPending(channel: Channel): void {
  channel.pending.length = 0;
  channel.head = 0;
}

// timer callbacks that take their channels as an argument: no closure per connection
function runPump(runs: RunChannels): void {
  runs.runPump();
}

function endTurn(runs: RunChannels): void {
  runs.pumpedThisTurn = false;
}
