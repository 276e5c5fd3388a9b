/**
 * The HTTP response that answers one POST to the MCP endpoint, as the SSE stream of Streamable
 * HTTP or one JSON body. Two writers share it: the SDK's transport (its Response body, copied by
 * node-bridge.ts: the answers, and what the SDK sends on the request's behalf) or the endpoint's
 * own answer (direct-requests.ts), and the streaming tools, whose progress notifications are
 * written here directly. Going through the SDK, each notification cost four zod parses (the
 * transport checks whether a message is a response, twice) and three promises: a fifth of the
 * page stream's rate. As on the page's stream (response-sink.ts), the first event of an
 * event-loop turn is written at once and the ones after it in the same turn leave together at
 * the turn's end, as one chunk: one chunked-encoding frame and one buffer instead of one each.
 */
import type { ServerResponse } from "node:http";
import type { JSONRPCNotification } from "@modelcontextprotocol/sdk/types.js";
import { TurnBatch } from "../server/event-loop-turn.js";

export class AnswerStream {
  /** The status and headers of the stream, once known (the transport's Response, or the endpoint's own). */
  private head: { status: number; headers: Record<string, string> } | undefined;
  /** Chunks written before the head was known. */
  private queued: Array<string | Uint8Array> = [];
  /** Text written after the turn's first write goes at the turn's end. */
  private readonly batch = new TurnBatch((text) => this.gone || this.res.write(text));
  /** Whether the SSE stream started (headers written). */
  started = false;

  constructor(readonly res: ServerResponse) {}

  /** The response is gone (client left, or ended). */
  get gone(): boolean {
    return this.res.destroyed || this.res.writableEnded;
  }

  /** Write one JSON-RPC notification related to the request as an SSE `message` event. */
  notify(message: JSONRPCNotification): void {
    this.event(JSON.stringify(message));
  }

  /** Write one JSON-RPC message, given as its JSON text, as an SSE `message` event. */
  event(json: string): void {
    this.write(`event: message\ndata: ${json}\n\n`);
  }

  /** The stream's head is known: chunks queued so far start the stream. */
  setHead(status: number, headers: Record<string, string>): void {
    this.head = { status, headers };
    if (this.queued.length > 0) {
      const queued = this.queued;
      this.queued = [];
      for (const chunk of queued) this.write(chunk);
    }
  }

  /** Start the SSE stream now (headers out) if it has not started. */
  start(): void {
    if (this.started || !this.head || this.gone) return;
    this.started = true;
    this.res.writeHead(this.head.status, this.head.headers);
  }

  /**
   * Write a chunk of the SSE stream; false when Node's buffer is full (wait for 'drain'). Text
   * after the turn's first write waits for the turn's end (TurnBatch).
   */
  write(chunk: string | Uint8Array): boolean {
    if (this.gone) return true;
    if (!this.head) {
      this.queued.push(chunk);
      return true;
    }
    this.start();
    if (typeof chunk !== "string") {
      this.batch.flush();
      return this.res.write(chunk);
    }
    return this.batch.write(chunk);
  }

  /** Answer with one JSON body instead of a stream (only before the stream started). */
  json(body: string): void {
    const buffer = Buffer.from(body);
    const headers: Record<string, string | number> = { "content-type": "application/json", "content-length": buffer.length };
    const session = this.head?.headers["mcp-session-id"];
    if (session !== undefined) headers["mcp-session-id"] = session;
    this.started = true;
    this.res.writeHead(200, headers);
    this.res.end(buffer);
  }

  end(): void {
    if (this.gone) return;
    this.batch.flush();
    this.start();
    if (!this.started) this.res.writeHead(this.head?.status ?? 200, this.head?.headers);
    this.res.end();
  }
}
