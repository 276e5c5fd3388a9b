/**
 * Test helpers: start an App on a real port (port 0, loopback), post update requests to it,
 * GET paths exactly as written, and read its SSE streams with a real SSE parser (eventsource-parser).
 */
import { createParser, type EventSourceMessage } from "eventsource-parser";
import { request as httpRequest } from "node:http";
import type { FastifyInstance } from "fastify";
import type { App, ServerOptions } from "../../lib/app.js";
import type { UpdateRequest } from "../../lib/protocol/types.js";

export interface StartedApp {
  /** e.g. http://127.0.0.1:41234 */
  url: string;
  server: FastifyInstance;
  close: () => Promise<void>;
}

/** Build the app's server and listen on a free loopback port. Logging is off unless asked for. */
export async function startApp(app: App, options: ServerOptions = {}): Promise<StartedApp> {
  const server = await app.createServer({ logger: false, ...options });
  await server.listen({ port: 0, host: "127.0.0.1" });
  const address = server.server.address();
  if (typeof address !== "object" || address === null) throw new Error("server has no port");
  const scheme = options.https === undefined ? "http" : "https";
  return { url: `${scheme}://127.0.0.1:${address.port}`, server, close: () => server.close() };
}

export interface JsonAnswer {
  status: number;
  contentType: string | null;
  text: string;
  /** The body parsed as JSON, or null when empty / not JSON. */
  json: unknown;
}

/** POST a JSON body (a string is sent as is) and read the whole answer. */
export async function postJson(url: string, path: string, body: unknown, headers: Record<string, string> = {}): Promise<JsonAnswer> {
  const res = await fetch(url + path, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "application/json", ...headers },
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return answerOf(res);
}

/** GET a path and read the whole answer. */
export async function getPath(url: string, path: string): Promise<JsonAnswer> {
  return answerOf(await fetch(url + path));
}

async function answerOf(res: Response): Promise<JsonAnswer> {
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text === "" ? null : JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: res.status, contentType: res.headers.get("content-type"), text, json };
}

/** GET a path exactly as written: fetch() would resolve `..` before sending it. */
export function rawGet(url: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const req = httpRequest({ hostname, port, path, method: "GET", headers }, (res) => {
      let body = "";
      res.setEncoding("utf8");
      res.on("data", (chunk: string) => (body += chunk));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on("error", reject);
    req.end();
  });
}

export interface StreamRead {
  status: number;
  contentType: string | null;
  /** Every SSE event's data, in order. */
  data: string[];
  /** SSE comments (`ping`). */
  comments: string[];
}

/**
 * POST to the stream endpoint and parse the SSE response until it ends.
 * `onEvent` may return true to stop reading (the request is then aborted, as a leaving client would).
 */
export async function readStream(
  url: string,
  body: UpdateRequest,
  onEvent?: (data: string, index: number) => boolean | void,
): Promise<StreamRead> {
  const controller = new AbortController();
  const res = await fetch(`${url}/dash_update_component_sse`, {
    method: "POST",
    headers: { "content-type": "application/json", accept: "text/event-stream" },
    body: JSON.stringify(body),
    signal: controller.signal,
  });
  const read: StreamRead = { status: res.status, contentType: res.headers.get("content-type"), data: [], comments: [] };
  let stop = false;
  const parser = createParser({
    onEvent(event: EventSourceMessage) {
      read.data.push(event.data);
      if (onEvent?.(event.data, read.data.length - 1) === true) stop = true;
    },
    onComment(comment: string) {
      read.comments.push(comment.trim());
    },
  });
  if (!res.body) return read;
  const reader = res.body.getReader();
  const decoder = new TextDecoder();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      parser.feed(decoder.decode(value, { stream: true }));
      if (stop) {
        controller.abort();
        break;
      }
    }
  } catch (error) {
    if (!stop) throw error;
  }
  return read;
}

/** Poll `check` every 10 ms until it is true or `ms` pass; resolves with its last result. */
export async function eventually(check: () => boolean, ms = 1000): Promise<boolean> {
  const until = Date.now() + ms;
  while (!check()) {
    if (Date.now() >= until) return check();
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return true;
}

/** A Dash update request for a callback with plain string-id inputs. */
export function updateRequest(output: string, inputs: Array<[string, string, unknown?]>, extra: Partial<UpdateRequest> = {}): UpdateRequest {
  return {
    output,
    inputs: inputs.map(([id, property, value]) => (value === undefined ? { id, property } : { id, property, value: value as never })),
    changedPropIds: [],
    ...extra,
  };
}
