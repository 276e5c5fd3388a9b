/**
 * The Redis bus behind {@link Downlinks}: any process of an app takes any request. A run lives
 * where its start POST landed (redis-runs.ts) and appends its frames to the connection's Redis
 * Stream; the downlink, on whatever process it lands, reads them from there (redis-carriers.ts),
 * resuming from any `Last-Event-ID`; cancels and take-overs travel on one pub/sub channel. A
 * connection lives while its `live` key does: refreshed by the process carrying its downlink,
 * left to expire after the grace period when the downlink goes.
 */
import type { ServerResponse } from "node:http";
import { hostname } from "node:os";
import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import type { CancelReason, LiveReply } from "../../../protocol/downlink.js";
import type { ConnectionIds } from "../connection-ids.js";
import type { DownlinkSettings } from "../downlink-connection.js";
import type { DownlinkCarrier, DownlinkRuns, Downlinks, DownlinkStats, ReplyRelay } from "../downlinks.js";
import { RedisCarriers } from "./redis-carriers.js";
import { RedisRuns } from "./redis-runs.js";
import { cancelledFrameData } from "../../../protocol/downlink.js";
import { APPEND, CONTROL_CHANNEL, COUNT_CANCELLED, keysOf, onBus, OPEN, ORPHAN, PROCESSES_KEY, processKey, replyChannel, runScript, TOUCH } from "./redis-scripts.js";

/** A message on the control channel. */
type ControlMessage =
  | { t: "cancel"; c: string; s: string[]; tab?: string; r: CancelReason; all?: boolean; quiet?: boolean }
  | { t: "attach"; c: string; n: string };

/** How often a process says it is alive, and how long that lasts. */
const HEARTBEAT_MS = 1000;
const PROCESS_TTL_MS = 3000;

/** How long a warning about Redis is not repeated. */
const WARN_EVERY_MS = 5000;

/**
 * @example
 * ```ts
 * const downlinks = new RedisDownlinks(new ConnectionIds(secret), settings, "redis://127.0.0.1:6379");
 * const { connection, resumed } = await downlinks.connect(undefined);
 * ```
 */
export class RedisDownlinks implements Downlinks {
  readonly client: Redis;
  readonly reader: Redis;
  private readonly subscriber: Redis;
  readonly processId = `${hostname()}:${process.pid}:${randomBytes(3).toString("hex")}`;
  readonly dataTtlMs: number;
  private readonly runsById = new Map<string, RedisRuns>();
  private readonly carriers: RedisCarriers;
  private readonly timers: Array<ReturnType<typeof setInterval>>;
  private resumes = 0;
  private lastWarnAt = 0;
  private closing = false;
  /** When the client last (re)connected: a Redis that restarted has lost every process's key, so absence means nothing at first. */
  private readySince = Date.now();
  /** Processes whose key was missing at the last sweep. */
  private missing = new Set<string>();
  /** `ctx.getProp` answers for this process's questions, passed on by the process the page's POST reached. */
  readonly replies: ReplyRelay;
  private onReply: (reply: LiveReply) => void = () => undefined;

  constructor(
    readonly ids: ConnectionIds,
    readonly settings: DownlinkSettings,
    url: string,
  ) {
    this.dataTtlMs = settings.graceMs + 60_000;
    // commands fail fast while Redis is away (the runs end, the requests get a 503), and the client keeps reconnecting
    // auto-pipelining: the appends of every connection pumped in one event-loop turn leave in one write
    this.client = new Redis(url, { maxRetriesPerRequest: 1, enableOfflineQueue: true, enableAutoPipelining: true, retryStrategy: (times) => Math.min(times * 100, 1000) });
    this.reader = this.client.duplicate({ enableAutoPipelining: false });
    this.subscriber = this.client.duplicate({ enableAutoPipelining: false });
    for (const client of [this.client, this.reader, this.subscriber]) client.on("error", (error: unknown) => this.warn("Redis connection", error));
    this.client.on("ready", () => {
      this.readySince = Date.now();
      for (const script of [APPEND, OPEN, COUNT_CANCELLED, TOUCH, ORPHAN]) void this.client.script("LOAD", script.source).catch((error: unknown) => this.warn("could not load a script", error));
    });
    const replyPrefix = randomBytes(6).toString("base64url");
    const ownReplies = replyChannel(replyPrefix);
    this.replies = {
      prefix: replyPrefix,
      forward: (reply) => onBus(() => this.forwardReply(reply, replyPrefix)),
      listen: (answer) => (this.onReply = answer),
    };
    this.subscriber.on("message", (channel: string, text: string) => (channel === ownReplies ? this.onReplyMessage(text) : this.onControl(text)));
    void this.subscriber.subscribe(CONTROL_CHANNEL, ownReplies).catch((error: unknown) => this.warn("could not subscribe to the control channel", error));
    this.carriers = new RedisCarriers(this);
    const checkEvery = Math.max(50, Math.min(1000, Math.floor(settings.graceMs / 4)));
    this.timers = [setInterval(() => void this.expireGone(), checkEvery), setInterval(() => void this.heartbeat(), HEARTBEAT_MS)];
    for (const timer of this.timers) timer.unref();
    void this.heartbeat();
  }

  connect(id: string | undefined): Promise<{ connection: DownlinkCarrier; resumed: boolean }> {
    return onBus(() => this.connectOnBus(id));
  }

  find(id: string): Promise<DownlinkRuns | undefined> {
    return onBus(() => this.findOnBus(id));
  }

  private async connectOnBus(id: string | undefined): Promise<{ connection: DownlinkCarrier; resumed: boolean }> {
    const connectionId = id ?? this.ids.issue();
    const keys = keysOf(connectionId);
    const { graceMs } = this.settings;
    const resumed = id !== undefined && (await this.client.set(keys.live, "1", "PX", graceMs, "XX")) === "OK";
    if (resumed) this.resumes++;
    else {
      // a new connection, or an expired one under the same id: nothing of the old one is kept, and
      // runs of it still going anywhere (Redis lost its keys) end without a word
      if (id !== undefined) await this.publishReset(connectionId);
      await this.client.multi().del(keys.log, keys.seq, keys.sent, keys.runs).set(keys.live, "1", "PX", graceMs).exec();
    }
    const connection: DownlinkCarrier = {
      attach: (res: ServerResponse, cursor: number | null, isResumed: boolean) => this.carriers.attach(connectionId, res, cursor, isResumed),
    };
    return { connection, resumed };
  }

  private async findOnBus(id: string): Promise<DownlinkRuns | undefined> {
    if ((await this.client.exists(keysOf(id).live)) === 0) {
      this.runsById.get(id)?.expire();
      return undefined;
    }
    let runs = this.runsById.get(id);
    if (!runs) {
      runs = new RedisRuns(id, this);
      this.runsById.set(id, runs);
    }
    return runs;
  }

  stats(): DownlinkStats {
    let runs = 0;
    for (const connection of this.runsById.values()) runs += connection.runs;
    return { connections: this.runsById.size + this.carriers.attached, attached: this.carriers.attached, runs, resumes: this.resumes };
  }

  async shutdown(): Promise<void> {
    for (const timer of this.timers) clearInterval(timer);
    this.closing = true;
    // the runs' last frames (the shutdown's [ERROR]s) reach Redis before the clients close
    await Promise.race([Promise.all([...this.runsById.values()].map((runs) => runs.flushed())), new Promise((resolve) => setTimeout(resolve, 2000).unref())]);
    await this.carriers.shutdown();
    await this.client
      .multi()
      .del(processKey(this.processId))
      .zrem(PROCESSES_KEY, this.processId)
      .exec()
      .catch(() => undefined);
    this.subscriber.disconnect();
    await this.client.quit().catch(() => this.client.disconnect());
  }

  /** @internal RedisRuns' */
  async publishCancel(connection: string, streams: readonly string[], tab: string | undefined, reason: CancelReason): Promise<void> {
    await this.publish({ t: "cancel", c: connection, s: [...streams], tab, r: reason });
  }

  /** @internal RedisCarriers' */
  async publishAttach(id: string, nonce: string): Promise<void> {
    await this.publish({ t: "attach", c: id, n: nonce });
  }

  /** @internal RedisCarriers' */
  async publishReset(id: string): Promise<void> {
    await this.client.del(keysOf(id).runs);
    await this.publish({ t: "cancel", c: id, s: [], r: "expired", all: true, quiet: true });
  }

  /** @internal */
  released(runs: RedisRuns): void {
    if (this.runsById.get(runs.id) === runs) this.runsById.delete(runs.id);
  }

  /** @internal A Redis failure, written to stderr at most every few seconds (Redis away makes many). */
  warn(message: string, error: unknown): void {
    const now = Date.now();
    // a shutdown cuts what is in flight: not worth a warning
    if (this.closing || now - this.lastWarnAt < WARN_EVERY_MS) return;
    this.lastWarnAt = now;
    console.error(`dash-events: Redis bus: ${message}: ${error instanceof Error ? error.message : String(error)}`);
  }

  /** Publish `reply` to the process its request id names: true when that process listens (it may still find its question gone). */
  private async forwardReply(reply: LiveReply, ownPrefix: string): Promise<boolean> {
    const dot = reply.request.lastIndexOf(".");
    const prefix = dot > 0 ? reply.request.slice(0, dot) : "";
    if (prefix === "" || prefix === ownPrefix) return false;
    return (await this.client.publish(replyChannel(prefix), JSON.stringify(reply))) > 0;
  }

  private onReplyMessage(text: string): void {
    try {
      this.onReply(JSON.parse(text) as LiveReply);
    } catch {
      // not a reply: ignored
    }
  }

  private async publish(message: ControlMessage): Promise<void> {
    await this.client.publish(CONTROL_CHANNEL, JSON.stringify(message));
  }

  private onControl(text: string): void {
    let message: ControlMessage;
    try {
      message = JSON.parse(text) as ControlMessage;
    } catch {
      return;
    }
    if (message.t === "attach") this.carriers.takeOver(message.c, message.n);
    else if (message.t === "cancel") {
      const runs = this.runsById.get(message.c);
      if (!runs) return;
      if (message.all) runs.expire();
      else runs.applyCancel(message.s, message.tab, message.r, message.quiet === true);
    }
  }

  /** Say this process is alive; then end the runs of dead processes on the downlinks carried here. */
  private async heartbeat(): Promise<void> {
    try {
      // a process gone quiet stays in the index as long as its runs' records may (dataTtlMs)
      const now = Date.now();
      await this.client.multi().set(processKey(this.processId), "1", "PX", PROCESS_TTL_MS).zadd(PROCESSES_KEY, now, this.processId).zremrangebyscore(PROCESSES_KEY, "-inf", now - this.dataTtlMs).exec();
      await this.sweepOrphans();
    } catch (error) {
      this.warn("could not check the processes' liveness", error);
    }
  }

  /**
   * A run whose process died (killed, crashed, cut off from Redis) would leave its stream open in
   * the page: the process carrying the downlink ends it with the run's orphan frame (an [ERROR]
   * with its resetProps).
   */
  private async sweepOrphans(): Promise<void> {
    const ids = this.carriers.carriedIds();
    if (ids.length === 0 || Date.now() - this.readySince < PROCESS_TTL_MS + HEARTBEAT_MS) return;
    // one look at the processes' index: while none is late, no connection's runs are read (the usual case)
    const late = await this.client.zrangebyscore(PROCESSES_KEY, "-inf", Date.now() - PROCESS_TTL_MS);
    if (late.length === 0 && this.missing.size === 0) return;
    const read = this.client.pipeline();
    for (const id of ids) read.hgetall(keysOf(id).runs);
    const answers = (await read.exec()) ?? [];
    const suspects: Array<{ id: string; stream: string; owner: string }> = [];
    answers.forEach(([error, runs], i) => {
      if (error || !runs) return;
      for (const [stream, text] of Object.entries(runs as Record<string, string>)) {
        const owner = (JSON.parse(text) as { w?: string }).w;
        if (owner && owner !== this.processId) suspects.push({ id: ids[i], stream, owner });
      }
    });
    if (suspects.length === 0) return;
    const owners = [...new Set(suspects.map((suspect) => suspect.owner))];
    const alive = this.client.pipeline();
    for (const owner of owners) alive.exists(processKey(owner));
    const dead = new Set<string>();
    const missing = new Set<string>();
    const answered = (await alive.exec()) ?? [];
    owners.forEach((owner, i) => {
      const [error, exists] = answered[i] ?? [null, 1];
      if (error || exists !== 0) return;
      // missing at two sweeps in a row: not a heartbeat that was merely late
      if (this.missing.has(owner)) dead.add(owner);
      missing.add(owner);
    });
    this.missing = missing;
    for (const { id, stream, owner } of suspects) {
      if (!dead.has(owner)) continue;
      const keys = keysOf(id);
      await runScript(this.client, ORPHAN, [keys.log, keys.seq, keys.runs], [this.settings.logSize, this.dataTtlMs, stream, owner, cancelledFrameData("server")]);
    }
  }

  /** End the runs here of connections whose `live` key expired (their downlink stayed away past the grace). */
  private async expireGone(): Promise<void> {
    const all = [...this.runsById.values()];
    if (all.length === 0) return;
    let answers: Array<[Error | null, unknown]> | null;
    try {
      const pipeline = this.client.pipeline();
      for (const runs of all) pipeline.exists(keysOf(runs.id).live);
      answers = await pipeline.exec();
    } catch (error) {
      this.warn("could not check the downlinks' liveness", error);
      return;
    }
    all.forEach((runs, i) => {
      const [error, exists] = answers?.[i] ?? [null, 1];
      if (!error && exists === 0) runs.expire();
    });
  }
}
