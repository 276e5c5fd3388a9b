/**
 * The downlinks this process carries on the Redis bus, and its one blocking reader: a single
 * `XREAD BLOCK` over the logs of every carried connection (plus this process's own wake stream,
 * so a newly attached downlink joins the read at once) writes new events to their responses.
 * A downlink whose socket needs draining leaves the read until it drains, so its `sent` stops
 * and the runs feeding it pause wherever they run.
 */
import type { ServerResponse } from "node:http";
import { randomBytes } from "node:crypto";
import type { Redis } from "ioredis";
import { encodeDownlinkFrame, encodeHello, encodeReset } from "../../../protocol/downlink.js";
import { encodePing } from "../../../protocol/frames.js";
import { needsDrain } from "../../response-sink.js";
import type { DownlinkSettings } from "../downlink-connection.js";
import { APPEND, idOfLogKey, keysOf, runScript, TOUCH } from "./redis-scripts.js";

/** The longest a blocking read waits before it looks at the set of downlinks again. */
const BLOCK_MS = 5000;
/** Events read per stream at once. */
const READ_COUNT = 512;

/** A Redis Stream entry as XRANGE/XREAD answer it. */
type Entry = [id: string, fields: string[]];

interface Carried {
  readonly id: string;
  readonly res: ServerResponse;
  readonly nonce: string;
  /** The newest sequence number written to the response. */
  cursor: number;
  /** Replay done: the blocking reader serves it. */
  reading: boolean;
  draining: boolean;
  lastWriteAt: number;
}

/** What the carriers need from the bus around them. */
export interface CarriersBus {
  readonly client: Redis;
  readonly reader: Redis;
  readonly settings: DownlinkSettings;
  readonly dataTtlMs: number;
  readonly processId: string;
  /** Tell the other processes that `nonce` carries connection `id` now. */
  publishAttach(id: string, nonce: string): Promise<void>;
  /** End every run of `id` without a word (a reset says it). */
  publishReset(id: string): Promise<void>;
  warn(message: string, error: unknown): void;
}

function seqOf(entryId: string): number {
  return Number(entryId.slice(0, entryId.indexOf("-")));
}

function encodeEntry([entryId, fields]: Entry): string {
  const seq = seqOf(entryId);
  return fields[0] === "r" ? encodeReset(seq, { message: fields[1] ?? "" }) : encodeDownlinkFrame(seq, fields[1] ?? "", fields[3] ?? "null");
}

/**
 * @example
 * ```ts
 * const carriers = new RedisCarriers(bus);
 * carriers.attach(id, res, lastEventId, resumed);
 * ```
 */
export class RedisCarriers {
  private readonly carried = new Map<string, Carried>();
  private readonly wakeKey: string;
  private lastWake = "0-0";
  private idle: (() => void) | null = null;
  private closed = false;
  private readonly timers: Array<ReturnType<typeof setInterval>>;
  private readonly loop: Promise<void>;

  constructor(private readonly bus: CarriersBus) {
    this.wakeKey = `dash-events:wake:${bus.processId}`;
    const { pingIntervalMs, graceMs } = bus.settings;
    this.timers = [setInterval(() => this.ping(), Math.max(50, Math.floor(pingIntervalMs / 2))), setInterval(() => this.touch(), Math.max(50, Math.floor(graceMs / 3)))];
    for (const timer of this.timers) timer.unref();
    this.loop = this.read();
  }

  /** Downlinks carried here now. */
  get attached(): number {
    return this.carried.size;
  }

  /** The connections carried here (their replay done). */
  carriedIds(): string[] {
    return [...this.carried.values()].filter((carried) => carried.reading).map((carried) => carried.id);
  }

  /** Whether this process carries connection `id`. */
  carries(id: string): boolean {
    return this.carried.has(id);
  }

  attach(id: string, res: ServerResponse, cursor: number | null, resumed: boolean): void {
    const previous = this.carried.get(id);
    if (previous && !previous.res.writableEnded) previous.res.end();
    const carried: Carried = { id, res, nonce: randomBytes(9).toString("base64url"), cursor: 0, reading: false, draining: false, lastWriteAt: 0 };
    this.carried.set(id, carried);
    res.once("close", () => this.detach(carried));
    this.write(carried, encodeHello({ connection: id, resumed }));
    this.start(carried, cursor, resumed).catch((error: unknown) => {
      this.bus.warn(`could not resume downlink ${id} from Redis`, error);
      // the client reconnects with its Last-Event-ID
      if (!res.writableEnded) res.end();
    });
  }

  /** Another process carries `id` now: end ours. */
  takeOver(id: string, nonce: string): void {
    const carried = this.carried.get(id);
    if (carried && carried.nonce !== nonce && !carried.res.writableEnded) carried.res.end();
  }

  /** Close every downlink and stop reading. */
  async shutdown(): Promise<void> {
    this.closed = true;
    for (const timer of this.timers) clearInterval(timer);
    for (const carried of [...this.carried.values()]) if (!carried.res.writableEnded) carried.res.end();
    this.carried.clear();
    this.wake();
    // the blocking read returns within BLOCK_MS, or at once when the reader disconnects
    this.bus.reader.disconnect();
    await this.loop;
  }

  /** Write what the client missed (or a reset), then join the blocking read. */
  private async start(carried: Carried, cursor: number | null, resumed: boolean): Promise<void> {
    const { client, settings, dataTtlMs } = this.bus;
    const keys = keysOf(carried.id);
    let text = "";
    if (cursor !== null && resumed) {
      const [missed, newestText] = await Promise.all([client.xrange(keys.log, `${cursor + 1}-0`, "+") as Promise<Entry[]>, client.get(keys.seq)]);
      const newest = Number(newestText ?? 0);
      const complete = cursor <= newest && (cursor === newest || (missed.length > 0 && seqOf(missed[0][0]) === cursor + 1));
      if (complete) {
        text = missed.map(encodeEntry).join("");
        carried.cursor = missed.length > 0 ? seqOf(missed.at(-1)![0]) : cursor;
      } else {
        const message = "the downlink was away too long: the events since it dropped are no longer held, so the runs of this page ended";
        await this.bus.publishReset(carried.id);
        const [seq] = (await runScript(client, APPEND, [keys.log, keys.seq, keys.sent], [settings.logSize, dataTtlMs, "r", message, "", ""])) as [number, number];
        text = encodeReset(seq, { message });
        carried.cursor = seq;
      }
    } else {
      carried.cursor = Number((await client.get(keys.seq)) ?? 0);
    }
    if (this.carried.get(carried.id) !== carried) return;
    this.write(carried, text);
    await client.set(keys.sent, carried.cursor, "PX", dataTtlMs);
    await this.bus.publishAttach(carried.id, carried.nonce);
    carried.reading = true;
    this.wake();
  }

  private detach(carried: Carried): void {
    if (this.carried.get(carried.id) !== carried) return;
    this.carried.delete(carried.id);
    // the grace starts now
    this.bus.client.set(keysOf(carried.id).live, "1", "PX", this.bus.settings.graceMs, "XX").catch((error: unknown) => this.bus.warn("could not start a downlink's grace period", error));
  }

  private write(carried: Carried, text: string): void {
    const { res } = carried;
    if (text === "" || res.writableEnded || res.destroyed) return;
    res.write(text);
    carried.lastWriteAt = Date.now();
  }

  /** Make the blocking read start over with the current set of downlinks. */
  private wake(): void {
    if (this.idle) {
      const resume = this.idle;
      this.idle = null;
      resume();
      return;
    }
    this.bus.client
      .multi()
      .xadd(this.wakeKey, "MAXLEN", "~", "16", "*", "w", "1")
      .pexpire(this.wakeKey, 60_000)
      .exec()
      .catch((error: unknown) => this.bus.warn("could not wake the downlink reader", error));
  }

  private async read(): Promise<void> {
    while (!this.closed) {
      const reading = [...this.carried.values()].filter((carried) => carried.reading && !carried.draining);
      if (reading.length === 0) {
        await new Promise<void>((resolve) => (this.idle = resolve));
        continue;
      }
      const keys = [this.wakeKey, ...reading.map((carried) => keysOf(carried.id).log)];
      const cursors = [this.lastWake, ...reading.map((carried) => `${carried.cursor}-0`)];
      let answer: Array<[string, Entry[]]> | null;
      try {
        answer = (await this.bus.reader.call("XREAD", "COUNT", READ_COUNT, "BLOCK", BLOCK_MS, "STREAMS", ...keys, ...cursors)) as Array<[string, Entry[]]> | null;
      } catch (error) {
        if (this.closed) return;
        this.bus.warn("the downlink reader lost Redis: the runs of the pages it carried end; retrying", error);
        this.lostBus();
        await new Promise((resolve) => setTimeout(resolve, 500));
        continue;
      }
      if (answer) this.deliver(answer);
    }
  }

  /**
   * Redis is unreachable: what the runs send cannot reach the pages, so each carried page is told
   * at once (a `reset` outside the log: its runs end with their resetProps) and its downlink
   * closes; it reconnects when the server answers again (a fresh connection if Redis lost it).
   */
  private lostBus(): void {
    const text = encodeReset(null, { message: "the server lost its connection to Redis: the event callbacks running for this page ended" });
    for (const carried of [...this.carried.values()]) {
      this.write(carried, text);
      if (!carried.res.writableEnded) carried.res.end();
    }
  }

  private deliver(answer: Array<[string, Entry[]]>): void {
    const progress = this.bus.client.pipeline();
    for (const [key, entries] of answer) {
      if (entries.length === 0) continue;
      if (key === this.wakeKey) {
        this.lastWake = entries.at(-1)![0];
        continue;
      }
      const carried = this.carried.get(idOfLogKey(key));
      if (!carried || !carried.reading) continue;
      // entries the cursor already covers (a replay raced the read) are skipped
      const fresh = entries.filter(([entryId]) => seqOf(entryId) > carried.cursor);
      if (fresh.length === 0) continue;
      this.write(carried, fresh.map(encodeEntry).join(""));
      carried.cursor = seqOf(fresh.at(-1)![0]);
      progress.set(keysOf(carried.id).sent, carried.cursor, "PX", this.bus.dataTtlMs);
      if (needsDrain(carried.res)) {
        carried.draining = true;
        carried.res.once("drain", () => {
          carried.draining = false;
          this.wake();
        });
      }
    }
    if (progress.length > 0) progress.exec().catch((error: unknown) => this.bus.warn("could not record a downlink's progress", error));
  }

  private ping(): void {
    const now = Date.now();
    for (const carried of this.carried.values()) {
      if (now - carried.lastWriteAt >= this.bus.settings.pingIntervalMs / 2) this.write(carried, encodePing());
    }
  }

  /** Keep the carried connections alive (their grace starts when their downlink goes). */
  private touch(): void {
    if (this.carried.size === 0) return;
    const { client, settings, dataTtlMs } = this.bus;
    const pipeline = client.pipeline();
    for (const carried of this.carried.values()) {
      const keys = keysOf(carried.id);
      pipeline.evalsha(TOUCH.sha, 5, keys.live, keys.log, keys.seq, keys.sent, keys.runs, settings.graceMs, dataTtlMs);
    }
    pipeline.exec().catch((error: unknown) => this.bus.warn("could not keep the downlinks alive", error));
  }
}
