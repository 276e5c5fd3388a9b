import type { CancelledFrame, CancelRequest, GetPropsFrame, LiveReply, LiveResponseFrame } from "../../lib/protocol/downlink.js";
import type { ComponentId, JsonValue, StreamFrame } from "../../lib/protocol/types.js";
import { postPageRequest } from "../renderer-hooks.js";
import { DownlinkPool } from "./downlink-pool.js";
import { tabLockName, type TabMessage, type WorkerMessage } from "./downlink-messages.js";

/** What a run hears from the downlink. */
export interface StreamWatcher {
  frame(frame: StreamFrame | CancelledFrame | "done"): void;
  /** The run ended on the server without its frames reaching the page (reset, or restarted server). */
  lost(message: string): void;
  /** A live callback's answer that came on the downlink (its POST got 202). */
  response?(answer: LiveResponseFrame[2]): void;
}

/** What the page holds now for a `[GET_PROPS]` frame: the props asked for (all for null), or undefined when there is no such component. */
export type PropsReader = (id: ComponentId, props: string[] | null) => Record<string, JsonValue> | undefined;

/** Where the downlink lives: in a SharedWorker shared by the tabs, or in this tab. */
interface DownlinkHolder {
  connect(): Promise<string>;
  watch(stream: string, hold: boolean): void;
  claim(stream: string): Promise<string | null>;
  adopt(stream: string, connection: string): void;
  unwatch(stream: string): void;
  renew(): void;
}

export interface PageDownlinkOptions {
  /** The downlink's URL. */
  url: string;
  /** The cancel request's URL. */
  cancelUrl: string;
  /** ms an idle downlink stays open after the last run. */
  idleMs: number;
  /** The SharedWorker script; absent: this tab holds its own downlink. */
  workerUrl?: string;
}

/**
 * This tab's view of the browser's downlink: names its runs, routes their frames to them, and
 * ends its runs on the server when the tab goes away (a beacon on `pagehide`; the worker also
 * notices through the tab's Web Lock).
 *
 * @example
 * ```ts
 * const downlink = new PageDownlink({ url: "/_dash-downlink", cancelUrl: "/_dash-stream-cancel", idleMs: 5000 });
 * const stream = downlink.newStream();
 * downlink.watch(stream, { frame: console.log, lost: console.error });
 * const connection = await downlink.connect(); // name it, with stream and downlink.tab, in the stream POST
 * ```
 */
export class PageDownlink {
  readonly tab = newTabId();
  private count = 0;
  private readonly watchers = new Map<string, StreamWatcher>();
  private readonly holder: DownlinkHolder;
  /** The downlink event callbacks start on (the last one connected or claimed). */
  private connection: string | null = null;
  /** Every connection this tab's runs used: a closing tab ends its runs on each. */
  private readonly used = new Set<string>();
  /** The server refused the downlink (an `onConnect` hook): this tab does not ask again. */
  private refusal: Error | null = null;
  private answers: { url: string; read: PropsReader } | null = null;

  constructor(private readonly options: PageDownlinkOptions) {
    const routes: Routes = { frame: (stream, frame, connection) => this.route(stream, frame, connection), reset: (message, streams) => this.reset(message, streams) };
    this.holder =
      options.workerUrl && typeof SharedWorker === "function" && typeof navigator.locks?.request === "function"
        ? new WorkerHolder(options, this.tab, routes)
        : new LocalHolder(options, routes);
    addEventListener("pagehide", () => this.tabClosing());
  }

  /** A new run id, unique in this tab (and, with the tab's id in it, on the connection). */
  newStream(): string {
    return `${this.tab}:${++this.count}`;
  }

  /** The connection id, once the downlink is open; rejects when the server refused it (then at once, from now on). */
  async connect(): Promise<string> {
    if (this.refusal) throw this.refusal;
    try {
      this.connection = await this.holder.connect();
    } catch (error) {
      this.refusal = error instanceof Error ? error : new Error(String(error));
      throw this.refusal;
    }
    this.used.add(this.connection);
    return this.connection;
  }

  /**
   * For a live callback's request: the downlink's id when it is open (then held for `stream`
   * until `unwatch`), or null when it is not: the request then names none, and the downlink
   * opens only if the server says the callback needs it (`adopt`).
   */
  async claim(stream: string): Promise<string | null> {
    const connection = await this.holder.claim(stream);
    if (connection !== null) {
      this.connection = connection;
      this.used.add(connection);
    }
    return connection;
  }

  /** The server opened `connection` for `stream` (its callback streams or reads the page): open it from its first event. */
  adopt(stream: string, connection: string): void {
    this.used.add(connection);
    this.holder.adopt(stream, connection);
  }

  /** Refused by the server's connect hook (on a callback request): this tab does not ask again. */
  refuse(error: Error): void {
    this.refusal ??= error;
  }

  /** Whether the server refused this page's downlink. */
  get refused(): boolean {
    return this.refusal !== null;
  }

  /** Answer the server's `[GET_PROPS]` frames (`ctx.getProp`) from `read`, posting to `url`. */
  answerWith(url: string, read: PropsReader): void {
    this.answers = { url, read };
  }

  /** Route `stream`'s frames to `watcher`; `hold`: it needs the downlink open now (a live callback's waits for `claim`/`adopt`). */
  watch(stream: string, watcher: StreamWatcher, hold = true): void {
    this.watchers.set(stream, watcher);
    this.holder.watch(stream, hold);
  }

  unwatch(stream: string): void {
    if (!this.watchers.delete(stream)) return;
    this.holder.unwatch(stream);
  }

  /** A start got 410: the server no longer has the connection. */
  renew(): void {
    this.holder.renew();
  }

  /** End runs on the server; `keepalive` lets the request outlive the page. */
  cancel(streams: string[]): void {
    if (!this.connection || streams.length === 0) return;
    const body: CancelRequest = { connection: this.connection, streams };
    void postPageRequest(this.options.cancelUrl, body, { keepalive: true }).catch(() => undefined);
  }

  private route(stream: string, frame: StreamFrame | CancelledFrame | GetPropsFrame | LiveResponseFrame | "done", connection: string): void {
    if (frame !== "done" && frame[0] === "[GET_PROPS]") {
      if (this.watchers.has(stream)) this.answer(frame, connection);
      return;
    }
    if (frame !== "done" && frame[0] === "[RESPONSE]") {
      this.watchers.get(stream)?.response?.(frame[2]);
      return;
    }
    this.watchers.get(stream)?.frame(frame);
  }

  private answer(frame: GetPropsFrame, connection: string): void {
    const { request, id, props } = frame[2];
    if (!this.answers || !connection) return;
    const values = this.answers.read(id, props);
    const body: LiveReply = values === undefined ? { connection, request, found: false } : { connection, request, found: true, props: values };
    void postPageRequest(this.answers.url, body).catch(() => undefined);
  }

  private reset(message: string, streams: string[]): void {
    const lost: StreamWatcher[] = [];
    for (const stream of streams) {
      const watcher = this.watchers.get(stream);
      if (!watcher) continue;
      lost.push(watcher);
      this.unwatch(stream);
    }
    for (const watcher of lost) watcher.lost(message);
  }

  private tabClosing(): void {
    if (this.used.size === 0 || this.watchers.size === 0) return;
    // a beacon carries no headers: the signed connection id is its credential
    for (const connection of this.used) {
      const body: CancelRequest = { connection, tab: this.tab };
      navigator.sendBeacon(this.options.cancelUrl, new Blob([JSON.stringify(body)], { type: "application/json" }));
    }
  }
}

interface Routes {
  frame(stream: string, frame: StreamFrame | CancelledFrame | GetPropsFrame | LiveResponseFrame | "done", connection: string): void;
  reset(message: string, streams: string[]): void;
}

/** The tab holds its own downlinks. */
class LocalHolder implements DownlinkHolder {
  private readonly pool: DownlinkPool;

  constructor(options: PageDownlinkOptions, routes: Routes) {
    this.pool = new DownlinkPool(options.url, options.idleMs, { frame: (event, connection) => routes.frame(event.stream, event.frame, connection), reset: (message, streams) => routes.reset(message, streams) });
  }

  connect(): Promise<string> {
    return this.pool.ready();
  }

  watch(stream: string, hold: boolean): void {
    if (hold) this.pool.hold(stream);
  }

  claim(stream: string): Promise<string | null> {
    return this.pool.claim(stream);
  }

  adopt(stream: string, connection: string): void {
    this.pool.adopt(stream, connection);
  }

  unwatch(stream: string): void {
    this.pool.release(stream);
  }

  renew(): void {
    this.pool.renew();
  }
}

/** The browser's SharedWorker holds the downlink for every tab of the app. */
class WorkerHolder implements DownlinkHolder {
  private readonly port: MessagePort;
  /** Messages go out once the tab holds its lock and the worker knows it: in order, after `init`. */
  private outbox: Promise<void>;
  private requests = 0;
  private readonly waiting = new Map<number, { resolve(connection: string | null): void; reject(error: Error): void }>();

  constructor(options: PageDownlinkOptions, tab: string, routes: Routes) {
    const worker = new SharedWorker(options.workerUrl!, { name: "dash-events-downlink" });
    this.port = worker.port;
    this.port.onmessage = (event: MessageEvent<WorkerMessage>) => {
      const message = event.data;
      if (message.kind === "frame") routes.frame(message.event.stream, message.event.frame, message.connection);
      else if (message.kind === "reset") routes.reset(message.message, message.streams);
      else {
        const waiting = this.waiting.get(message.request);
        this.waiting.delete(message.request);
        if (message.kind === "refused") waiting?.reject(new Error(message.message));
        else waiting?.resolve(message.connection);
      }
    };
    this.port.start();
    // held for the life of the tab: the worker is granted it when the tab is gone
    const held = new Promise<void>((resolve) => {
      void navigator.locks.request(tabLockName(tab), () => {
        resolve();
        return new Promise<never>(() => undefined);
      });
    });
    const init: TabMessage = { kind: "init", tab, url: new URL(options.url, location.href).href, cancelUrl: new URL(options.cancelUrl, location.href).href, idleMs: options.idleMs };
    this.outbox = held.then(() => this.port.postMessage(init));
  }

  connect(): Promise<string> {
    const request = ++this.requests;
    return new Promise<string | null>((resolve, reject) => {
      this.waiting.set(request, { resolve, reject });
      this.post({ kind: "connect", request });
    }).then((connection) => connection ?? "");
  }

  claim(stream: string): Promise<string | null> {
    const request = ++this.requests;
    return new Promise<string | null>((resolve, reject) => {
      this.waiting.set(request, { resolve, reject });
      this.post({ kind: "claim", request, stream });
    });
  }

  adopt(stream: string, connection: string): void {
    this.post({ kind: "adopt", stream, connection });
  }

  watch(stream: string, hold: boolean): void {
    this.post({ kind: "watch", stream, hold });
  }

  unwatch(stream: string): void {
    this.post({ kind: "unwatch", stream });
  }

  renew(): void {
    this.post({ kind: "renew" });
  }

  private post(message: TabMessage): void {
    this.outbox = this.outbox.then(() => this.port.postMessage(message));
  }
}

function newTabId(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(9));
  return Array.from(bytes, (byte) => byte.toString(36).padStart(2, "0")).join("");
}
