/**
 * Hand a Node request to the SDK's web-standard Streamable HTTP transport and write its
 * `Response` back. The SDK's own Node wrapper goes through @hono/node-server, which waits a
 * timer tick for a body that is not ready within two microtasks (to compute a Content-Length):
 * every tool call whose answer takes any real work paid a millisecond for it. Here the answer is
 * streamed as it comes, and a client that goes away cancels the body (the transport's own
 * signal that the stream is gone).
 *
 * The transport answers every request as an SSE stream. When a POST carries one request and the
 * stream's first event is that request's answer (nothing was sent before it: no progress, no
 * request to the client), the stream ends right after it, so the answer goes out as
 * `application/json` instead, which the Streamable HTTP spec allows for any POST: one write of
 * headers and body, and no SSE parsing on the client. (Tool calls and pings of a session mostly
 * skip this file: direct-requests.ts answers them.)
 */
import type { IncomingMessage } from "node:http";
import type { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { drained } from "../server/response-sink.js";
import type { AnswerStream } from "./answer-stream.js";

const decoder = new TextDecoder();

/** The request headers the SDK's transport looks at (and `host`, which handlers read). */
const PASSED_HEADERS = ["host", "accept", "content-type", "mcp-session-id", "mcp-protocol-version", "last-event-id"] as const;

/**
 * Run one request through `transport`; resolves once the response is written (or the client is
 * gone). `oneRequest`: the POST carries exactly one JSON-RPC request (its answer may go as JSON).
 */
export async function handleThroughTransport(
  transport: WebStandardStreamableHTTPServerTransport,
  req: IncomingMessage,
  answer: AnswerStream,
  parsedBody: unknown,
  oneRequest: boolean,
): Promise<void> {
  const { res } = answer;
  const headers = new Headers();
  for (const name of PASSED_HEADERS) {
    const value = req.headers[name];
    if (typeof value === "string") headers.set(name, value);
  }
  // the body was parsed by Fastify already and is handed over as parsedBody
  const request = new Request(`http://${req.headers.host ?? "localhost"}${req.url ?? "/"}`, { method: req.method, headers });
  const response = await transport.handleRequest(request, { parsedBody });
  const outgoing: Record<string, string> = {};
  response.headers.forEach((value, name) => (outgoing[name] = value));
  // a hop-by-hop header: keep-alive is HTTP/1.1's default, and HTTP/2 refuses it
  delete outgoing.connection;
  answer.setHead(response.status, outgoing);
  if (!response.body) {
    answer.end();
    return;
  }
  const reader = response.body.getReader();
  const gone = (): void => void reader.cancel().catch(() => undefined);
  res.once("close", gone);
  const isStream = outgoing["content-type"]?.startsWith("text/event-stream") === true;
  try {
    if (!isStream || !oneRequest || response.status !== 200) {
      // an SSE stream's headers go out at once when nothing is known yet of its first event
      answer.start();
      if (isStream) res.flushHeaders();
    } else {
      const first = await reader.read();
      if (first.done) return answer.end();
      const data = answer.started ? undefined : answerOf(first.value);
      if (data !== undefined) {
        const after = await reader.read();
        if (after.done && !answer.started) return answer.json(data);
        answer.write(first.value);
        if (after.done) return answer.end();
        if (!answer.write(after.value)) await drained(res);
      } else if (!answer.write(first.value)) await drained(res);
    }
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (answer.gone) return;
      if (!answer.write(value)) await drained(res);
    }
    answer.end();
  } catch {
    // the stream was cancelled (client gone) or errored: nothing more can be written
    res.destroy();
  } finally {
    res.off("close", gone);
  }
}

/**
 * The JSON of a chunk that is one complete SSE `message` event holding a JSON-RPC answer
 * (`result` or `error`, no `method`), else undefined. The transport writes one event per chunk.
 */
function answerOf(chunk: Uint8Array): string | undefined {
  const text = decoder.decode(chunk);
  if (!text.endsWith("\n\n")) return undefined;
  const lines = text.slice(0, -2).split("\n");
  if (lines.length !== 2 || lines[0] !== "event: message" || !lines[1].startsWith("data: ")) return undefined;
  const data = lines[1].slice(6);
  try {
    const message = JSON.parse(data) as Record<string, unknown>;
    return message.method === undefined && ("result" in message || "error" in message) ? data : undefined;
  } catch {
    return undefined;
  }
}
