import type { CancelledFrame, CancelRequest, GetPropsFrame, LiveReply, LiveResponseFrame } from "../../lib/protocol/downlink.js";
import type { ComponentId, JsonValue, StreamFrame } from "../../lib/protocol/types.js";
import { DownlinkConnection } from "./downlink-connection.js";
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
  watch(stream: string): void;
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
  private connection: string | null = null;
  /** The server refused the downlink (an `onConnect` hook): this tab does not ask again. */
  private refusal: Error | null = null;
  private answers: { url: string; read: PropsReader } | null = null;

  constructor(private readonly options: PageDownlinkOptions) {
    const routes: Routes = { frame: (stream, frame) => this.route(stream, frame), reset: (message) => this.reset(message) };
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
    return this.connection;
  }

  /** Whether the server refused this page's downlink. */
  get refused(): boolean {
    return this.refusal !== null;
  }

  /** Answer the server's `[GET_PROPS]` frames (`ctx.getProp`) from `read`, posting to `url`. */
  answerWith(url: string, read: PropsReader): void {
    this.answers = { url, read };
  }

  watch(stream: string, watcher: StreamWatcher): void {
    this.watchers.set(stream, watcher);
    this.holder.watch(stream);
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
    void fetch(this.options.cancelUrl, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body), keepalive: true }).catch(() => undefined);
  }

  private route(stream: string, frame: StreamFrame | CancelledFrame | GetPropsFrame | LiveResponseFrame | "done"): void {
    if (frame !== "done" && frame[0] === "[GET_PROPS]") {
      if (this.watchers.has(stream)) this.answer(frame);
      return;
    }
    if (frame !== "done" && frame[0] === "[RESPONSE]") {
      this.watchers.get(stream)?.response?.(frame[2]);
      return;
    }
    this.watchers.get(stream)?.frame(frame);
  }

  private answer(frame: GetPropsFrame): void {
    const { request, id, props } = frame[2];
    if (!this.answers || !this.connection) return;
    const values = this.answers.read(id, props);
    const body: LiveReply = values === undefined ? { connection: this.connection, request, found: false } : { connection: this.connection, request, found: true, props: values };
    void fetch(this.answers.url, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) }).catch(() => undefined);
  }

  private reset(message: string): void {
    const lost = [...this.watchers.values()];
    for (const stream of [...this.watchers.keys()]) this.unwatch(stream);
    for (const watcher of lost) watcher.lost(message);
  }

  private tabClosing(): void {
    if (!this.connection || this.watchers.size === 0) return;
    const body: CancelRequest = { connection: this.connection, tab: this.tab };
    navigator.sendBeacon(this.options.cancelUrl, new Blob([JSON.stringify(body)], { type: "application/json" }));
  }
}

interface Routes {
  frame(stream: string, frame: StreamFrame | CancelledFrame | GetPropsFrame | LiveResponseFrame | "done"): void;
  reset(message: string): void;
}

/** The tab holds its own downlink. */
class LocalHolder implements DownlinkHolder {
  private readonly downlink: DownlinkConnection;

  constructor(options: PageDownlinkOptions, routes: Routes) {
    this.downlink = new DownlinkConnection(options.url, options.idleMs, { frame: (event) => routes.frame(event.stream, event.frame), reset: (message) => routes.reset(message) });
  }

  connect(): Promise<string> {
    return this.downlink.ready();
  }

  watch(): void {
    this.downlink.retain();
  }

  unwatch(): void {
    this.downlink.release();
  }

  renew(): void {
    this.downlink.renew();
  }
}

/** The browser's SharedWorker holds the downlink for every tab of the app. */
class WorkerHolder implements DownlinkHolder {
  private readonly port: MessagePort;
  /** Messages go out once the tab holds its lock and the worker knows it: in order, after `init`. */
  private outbox: Promise<void>;
  private requests = 0;
  private readonly waiting = new Map<number, { resolve(connection: string): void; reject(error: Error): void }>();

  constructor(options: PageDownlinkOptions, tab: string, routes: Routes) {
    const worker = new SharedWorker(options.workerUrl!, { name: "dash-events-downlink" });
    this.port = worker.port;
    this.port.onmessage = (event: MessageEvent<WorkerMessage>) => {
      const message = event.data;
      if (message.kind === "frame") routes.frame(message.event.stream, message.event.frame);
      else if (message.kind === "reset") routes.reset(message.message);
      else {
        const waiting = this.waiting.get(message.request);
        this.waiting.delete(message.request);
        if (message.kind === "connected") waiting?.resolve(message.connection);
        else waiting?.reject(new Error(message.message));
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
    return new Promise((resolve, reject) => {
      this.waiting.set(request, { resolve, reject });
      this.post({ kind: "connect", request });
    });
  }

  watch(stream: string): void {
    this.post({ kind: "watch", stream });
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
