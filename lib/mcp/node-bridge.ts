/**
 * Hand a Node request to the SDK's web-standard Streamable HTTP transport and write its
 * `Response` back. The SDK's own Node wrapper goes through @hono/node-server, which waits a
 * timer tick for a body that is not ready within two microtasks (to compute a Content-Length):
 * every tool call whose answer takes any real work paid a millisecond for it. Here the answer is
 * streamed as it comes, and a client that goes away cancels the body (the transport's own
 * signal that the stream is gone).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import { drained } from "../server/response-sink.js";
import type { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";

/** Run one request through `transport`; resolves once the response is written (or the client is gone). */
export async function handleThroughTransport(transport: WebStandardStreamableHTTPServerTransport, req: IncomingMessage, res: ServerResponse, parsedBody: unknown): Promise<void> {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item);
  }
  // the body was parsed by Fastify already and is handed over as parsedBody
  const request = new Request(`http://${req.headers.host ?? "localhost"}${req.url ?? "/"}`, { method: req.method, headers });
  const response = await transport.handleRequest(request, { parsedBody });
  const outgoing: Record<string, string> = {};
  response.headers.forEach((value, name) => (outgoing[name] = value));
  res.writeHead(response.status, outgoing);
  if (!response.body) {
    res.end();
    return;
  }
  const reader = response.body.getReader();
  const gone = (): void => void reader.cancel().catch(() => undefined);
  res.once("close", gone);
  // an SSE stream's headers go out at once: the client waits for them before reading events
  res.flushHeaders();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (res.destroyed) return;
      if (!res.write(value)) await drained(res);
    }
    res.end();
  } catch {
    // the stream was cancelled (client gone) or errored: nothing more can be written
    res.destroy();
  } finally {
    res.off("close", gone);
  }
}
