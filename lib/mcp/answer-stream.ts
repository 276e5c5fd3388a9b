/**
 * The HTTP response that answers one POST to the MCP endpoint, as the SSE stream of Streamable
 * HTTP or one JSON body. Two writers share it: the SDK's transport (its Response body, copied by
 * node-bridge.ts: the answers, and what the SDK sends on the request's behalf) and the streaming
 * tools, whose progress notifications are written here directly. Going through the SDK, each
 * notification cost four zod parses (the transport checks whether a message is a response, twice)
 * and three promises: a fifth of the page stream's rate. Events written within one event-loop
 * turn leave in one write.
 */
import type { ServerResponse } from "node:http";
import type { JSONRPCNotification } from "@modelcontextprotocol/sdk/types.js";

export class AnswerStream {
  /** The transport's status and headers, once its Response is known. */
  private head: { status: number; headers: Record<string, string> } | undefined;
  /** Events written before the head was known. */
  private queued: Array<string | Uint8Array> = [];
  private corked = false;
  /** Whether the SSE stream started (headers written). */
  started = false;

  constructor(readonly res: ServerResponse) {}

  /** The response is gone (client left, or ended). */
  get gone(): boolean {
    return this.res.destroyed || this.res.writableEnded;
  }

  /** Write one JSON-RPC notification related to the request as an SSE `message` event. */
  notify(message: JSONRPCNotification): void {
    this.write(`event: message\ndata: ${JSON.stringify(message)}\n\n`);
  }

  /** The transport's Response head is known: events queued so far start the stream. */
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

  /** Write a chunk of the SSE stream; false when Node's buffer is full (wait for 'drain'). */
  write(chunk: string | Uint8Array): boolean {
    if (this.gone) return true;
    if (!this.head) {
      this.queued.push(chunk);
      return true;
    }
    this.start();
    if (!this.corked) {
      this.corked = true;
      this.res.cork();
      setImmediate(this.uncork);
    }
    return this.res.write(chunk);
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
    this.start();
    if (!this.started) this.res.writeHead(this.head?.status ?? 200, this.head?.headers);
    this.res.end();
  }

  private readonly uncork = (): void => {
    this.corked = false;
    // end() uncorked it fully already, and the socket may carry the next response by now
    if (!this.res.writableEnded) this.res.uncork();
  };
}
