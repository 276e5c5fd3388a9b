import { createParser } from "eventsource-parser";
import { ACCESS_REFUSED_HEADER, decodeDownlinkEvent, type DownlinkEvent } from "../../lib/protocol/downlink.js";
import { errorBodyOf } from "../../lib/protocol/error-body.js";

/** What a downlink connection reports. */
export interface DownlinkConnectionListener {
  /** A frame of one run (`done`, `[CANCELLED]` and `[ERROR]` end it). */
  frame(event: Extract<DownlinkEvent, { kind: "frame" }>): void;
  /** Every run on the connection has ended on the server (`message` says why). */
  reset(message: string): void;
}

/** Reconnect delays: doubling from the first, capped, each with jitter (half to all of it). */
const FIRST_RETRY_MS = 250;
const MAX_RETRY_MS = 10_000;

/**
 * The client end of one downlink: a long-lived `GET` read with a streaming fetch and a real SSE
 * parser, used by the SharedWorker (for all tabs) or by a tab holding its own. Opens with the
 * first run (`retain`) and closes `idleMs` after the last (`release`). When the stream drops, it
 * reconnects with capped exponential backoff and jitter, sending `Last-Event-ID`, and drops any
 * event it has seen already: each run's frames arrive once, in order.
 *
 * @example
 * ```ts
 * const downlink = new DownlinkConnection("/_dash-downlink", 5000, { frame: (e) => route(e), reset: (m) => failAll(m) });
 * downlink.retain();
 * const id = await downlink.ready(); // the connection id, to name in a stream POST
 * ```
 */
export class DownlinkConnection {
  /** The id the server issued; kept across reconnects and idle closes. */
  private id: string | null = null;
  /** The sequence number of the last event received (0: none since the connection was issued). */
  private cursor = 0;
  private holders = 0;
  private idleTimer: ReturnType<typeof setTimeout> | undefined;
  private loop: Promise<void> | null = null;
  private current: AbortController | null = null;
  private stopped = false;
  /** Settled by the next `hello`. */
  private opened = deferred<string>();
  private isOpen = false;
  /** The last attempt was refused (`onConnect`): only `ready()` tries again. */
  private refused = false;

  constructor(
    private readonly url: string,
    private readonly idleMs: number,
    private readonly listener: DownlinkConnectionListener,
  ) {}

  /** The connection id once the downlink is open (waits through reconnects). */
  ready(): Promise<string> {
    // asking again after a refusal is a new try (another tab, after a login)
    this.refused = false;
    this.ensureRunning();
    return this.opened.promise;
  }

  /** A run needs the downlink. */
  retain(): void {
    this.holders++;
    clearTimeout(this.idleTimer);
    if (!this.refused) this.ensureRunning();
  }

  /** A run no longer needs it; the last one starts the idle timer. */
  release(): void {
    this.holders = Math.max(0, this.holders - 1);
    if (this.holders > 0) return;
    clearTimeout(this.idleTimer);
    this.idleTimer = setTimeout(() => {
      if (this.holders === 0) this.stop();
    }, this.idleMs);
  }

  /** The server no longer knows the connection (a start got 410): open it again now. */
  renew(): void {
    if (!this.isOpen) return;
    // from now on ready() waits for the next hello
    this.markClosed();
    this.current?.abort(new Error("renew"));
  }

  /** The connection id, if one was issued. */
  get connection(): string | null {
    return this.id;
  }

  /** Whether the downlink is open or (re)connecting: a POST naming it gets its frames without waiting for a new `hello`. */
  get running(): boolean {
    return this.loop !== null;
  }

  /** Whether a run holds it. */
  get held(): boolean {
    return this.holders > 0;
  }

  /**
   * Read the connection the server opened for this page (a live callback that streamed before
   * the page held a downlink) from its first event; only while stopped and held by no run.
   */
  adopt(id: string): void {
    if (this.loop || this.holders > 0) throw new Error("downlink: adopt() while running");
    this.id = id;
    this.cursor = 0;
  }

  private ensureRunning(): void {
    if (this.loop) return;
    this.stopped = false;
    this.loop = this.run().finally(() => {
      this.loop = null;
      // someone asked for it while it was stopping
      if (this.holders > 0 && !this.refused) this.ensureRunning();
    });
  }

  private stop(): void {
    this.stopped = true;
    this.current?.abort(new Error("idle"));
  }

  private async run(): Promise<void> {
    let attempt = 0;
    while (!this.stopped) {
      const controller = new AbortController();
      this.current = controller;
      try {
        const heard = await this.readOnce(controller.signal);
        if (heard) attempt = 0;
      } catch {
        // a network error: retried below
      }
      this.markClosed();
      if (this.stopped) break;
      const delay = Math.min(MAX_RETRY_MS, FIRST_RETRY_MS * 2 ** attempt);
      attempt = Math.min(attempt + 1, 10);
      await sleep(delay / 2 + Math.random() * (delay / 2));
    }
    this.current = null;
  }

  /** One downlink request, read to its end; true when the server said hello. */
  private async readOnce(signal: AbortSignal): Promise<boolean> {
    const url = this.id ? `${this.url}?connection=${encodeURIComponent(this.id)}` : this.url;
    const headers: Record<string, string> = { Accept: "text/event-stream" };
    // with a connection, always say where it stands, 0 included: a downlink that dropped before
    // its first event must still get the events sent meanwhile
    if (this.id !== null) headers["Last-Event-ID"] = String(this.cursor);
    const response = await fetch(url, { headers, signal, cache: "no-store", credentials: "same-origin" });
    if (response.headers.get(ACCESS_REFUSED_HEADER) !== null) {
      // the app's onConnect hook said no: asking again would only be refused again
      const text = await response.text().catch(() => "");
      this.refuse(new Error(errorBodyOf(text)?.error ?? `The server refused this page's connection (HTTP ${response.status})`));
      return false;
    }
    if (response.status === 403 && this.id) {
      // signed with another secret (the server restarted with a random one): start afresh
      await response.body?.cancel();
      this.forget("the server restarted: this page's running event callbacks ended");
      return false;
    }
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      return false;
    }
    let heard = false;
    let failure: Error | null = null as Error | null;
    const parser = createParser({
      onEvent: (event) => {
        if (failure) return;
        try {
          const decoded = decodeDownlinkEvent(event.event, event.data);
          if (decoded.kind === "hello") {
            heard = true;
            this.hello(decoded.hello.connection, decoded.hello.resumed);
            return;
          }
          const seq = event.id === undefined ? NaN : Number(event.id);
          if (Number.isFinite(seq)) {
            // sent again after a reconnect: seen already
            if (seq <= this.cursor) return;
            this.cursor = seq;
          }
          if (decoded.kind === "reset") this.listener.reset(decoded.reset.message);
          else this.listener.frame(decoded);
        } catch (error) {
          failure = error instanceof Error ? error : new Error(String(error));
        }
      },
    });
    const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
    try {
      while (!failure) {
        const { value, done } = await reader.read();
        if (done) break;
        parser.feed(value);
      }
    } finally {
      await reader.cancel().catch(() => undefined);
    }
    // a malformed event: the frames after it cannot be trusted, so every run ends
    if (failure) this.forget(`the downlink sent a malformed event: ${failure.message}`);
    return heard;
  }

  private hello(id: string, resumed: boolean): void {
    const hadState = this.id !== null;
    this.id = id;
    if (!resumed) {
      this.cursor = 0;
      if (hadState) this.listener.reset("the server no longer had this page's event-callback runs (it restarted, or the downlink was away too long)");
    }
    this.isOpen = true;
    this.opened.resolve(id);
  }

  /** Drop the connection id: the next request asks for a new one; every run ends. */
  private forget(message: string): void {
    this.id = null;
    this.cursor = 0;
    this.listener.reset(message);
  }

  /** Refused: stop, and fail whoever waits for the connection (a later `ready()` asks again). */
  private refuse(error: Error): void {
    this.stopped = true;
    this.refused = true;
    const waiting = this.opened;
    this.isOpen = false;
    this.opened = deferred<string>();
    waiting.reject(error);
  }

  private markClosed(): void {
    if (!this.isOpen) return;
    this.isOpen = false;
    this.opened = deferred<string>();
  }
}

interface Deferred<T> {
  promise: Promise<T>;
  resolve(value: T): void;
  reject(error: Error): void;
}

function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((settle, fail) => {
    resolve = settle;
    reject = fail;
  });
  // a refusal nobody waits for yet is no unhandled rejection
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
