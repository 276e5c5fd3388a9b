/**
 * The `ctx.getProp` questions waiting for their page's answer (`POST /_dash-live-reply`), by
 * request id. An answer counts only from the connection the question went to.
 */
import { randomBytes } from "node:crypto";
import type { JsonValue } from "../../protocol/types.js";
import type { LiveReply } from "../../protocol/downlink.js";

/** Default of `AppOptions.liveReplyTimeoutMs`. */
export const DEFAULT_LIVE_REPLY_TIMEOUT_MS = 5000;

interface Waiting {
  connection: string;
  resolve(props: Record<string, JsonValue> | undefined): void;
  reject(error: Error): void;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * @example
 * ```ts
 * const requests = new PropRequests(5000);
 * const { request, answer } = requests.ask(connectionId, "name.value");
 * // send a [GET_PROPS] frame naming `request`; the reply route calls requests.answer(reply)
 * const props = await answer;
 * ```
 */
export class PropRequests {
  private readonly waiting = new Map<string, Waiting>();
  // request ids are unguessable across servers and restarts; a counter keeps them apart here
  private readonly prefix: string;
  private count = 0;

  /** `prefix`: of the request ids (a bus routes an answer to its process by it); random by default. */
  constructor(
    private readonly timeoutMs: number,
    prefix?: string,
  ) {
    this.prefix = prefix ?? randomBytes(6).toString("base64url");
  }

  /** Number of questions waiting (tests, metrics). */
  get size(): number {
    return this.waiting.size;
  }

  /** A new question to `connection`; `what` names it in the timeout error. */
  ask(connection: string, what: string): { request: string; answer: Promise<Record<string, JsonValue> | undefined>; cancel: (error: Error) => void } {
    const request = `${this.prefix}.${++this.count}`;
    let cancel!: (error: Error) => void;
    const answer = new Promise<Record<string, JsonValue> | undefined>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(request);
        reject(new Error(`ctx.getProp: the page did not answer for ${what} within ${this.timeoutMs} ms (liveReplyTimeoutMs)`));
      }, this.timeoutMs);
      this.waiting.set(request, { connection, resolve, reject, timer });
      cancel = (error) => {
        if (!this.waiting.delete(request)) return;
        clearTimeout(timer);
        reject(error);
      };
    });
    return { request, answer, cancel };
  }

  /** The page's answer; false when no question of that connection waits under that id (answered, timed out, or not its own). */
  answer(reply: LiveReply): boolean {
    const waiting = this.waiting.get(reply.request);
    if (!waiting || waiting.connection !== reply.connection) return false;
    this.waiting.delete(reply.request);
    clearTimeout(waiting.timer);
    waiting.resolve(reply.found ? (reply.props ?? {}) : undefined);
    return true;
  }
}
