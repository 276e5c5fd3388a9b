/**
 * The app's MCP endpoint: Streamable HTTP (the MCP SDK's transport) at `/_mcp`, one session per
 * client, each with its own server (mcp-server.ts). Before the transport sees a request it must
 * pass the `Origin` check (the MCP spec's rule against DNS rebinding: 403 for a foreign page;
 * the server-wide `Host` check runs before) and, when a token is set, carry it (401 without).
 *
 * The hot requests of a session that exists (one `tools/call` or `ping` per POST) are answered
 * by the endpoint itself with the SDK server's own tools/call handler (direct-requests.ts);
 * everything else goes through the SDK's transport (node-bridge.ts). A body that is not JSON is
 * answered with JSON-RPC's parse error (-32700), as the SDK's transport answers it.
 *
 * A client that goes away mid-call (its POST's response closes before the answer) ends that
 * call's run. At server close each open run is ended with the stream endpoint's shutdown message,
 * which its call answers as a tool error; once those answers are out (and the generators'
 * `finally` blocks have run), up to the shutdown timeout, the sessions are closed.
 */
import { createHash, randomUUID, timingSafeEqual } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ServerResponse } from "node:http";
import type { FastifyInstance, FastifyReply } from "fastify";
import { WebStandardStreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js";
import { isInitializeRequest } from "@modelcontextprotocol/sdk/types.js";
import type { RequestId } from "@modelcontextprotocol/sdk/types.js";
import type { ServerContext } from "../server/server-context.js";
import { crossOriginProblem } from "../server/origin-check.js";
import { drained, needsDrain } from "../server/response-sink.js";
import { parseJsonBody } from "../server/json-body.js";
import { SHUTDOWN_MESSAGE, shutdownTimeoutOf } from "../server/stream-endpoint.js";
import type { StreamRun } from "../callbacks/run-stream.js";
import type { ErrorBody } from "../protocol/types.js";
import { isPlainObject } from "../protocol/plain-object.js";
import { packageRoot } from "../package-root.js";
import type { McpSettings } from "./mcp-options.js";
import { createMcpServer, type McpServerContext, type SessionServer } from "./mcp-server.js";
import { answerDirect, cancelDirect, directRequestOf, type DirectSession } from "./direct-requests.js";
import type { ResponseFlow } from "./stream-tool.js";
import { handleThroughTransport } from "./node-bridge.js";
import { callbackTools } from "./callback-tools.js";
import { AnswerStream } from "./answer-stream.js";
import { createMcpTasks } from "./run-tasks.js";

/** Sessions one server keeps at most; one more `initialize` is answered 503. */
const MAX_SESSIONS = 1000;
/** A session without requests for this long is closed (clients that never send DELETE). */
const SESSION_IDLE_MS = 60 * 60 * 1000;

/** One client's session: its transport, its server, and the tool calls it has in flight. */
class Session implements DirectSession {
  lastSeen = Date.now();
  private readonly gone = new Map<string | number, Array<() => void>>();
  /** The responses that carry the answers of requests in flight. */
  readonly responses = new Map<string | number, AnswerStream>();
  readonly running = new Map<RequestId, AbortController>();
  constructor(
    readonly transport: WebStandardStreamableHTTPServerTransport,
    readonly server: SessionServer,
  ) {}

  /** The id the transport gave the session at its initialize. */
  get id(): string {
    return this.transport.sessionId ?? "";
  }

  onGone(requestId: string | number, listener: () => void): void {
    const list = this.gone.get(requestId);
    if (list) list.push(listener);
    else this.gone.set(requestId, [listener]);
  }

  /** The response carrying `requestId`'s answer closed: fire (when it closed early) and forget its listeners. */
  settle(requestId: string | number, early: boolean): void {
    const list = this.gone.get(requestId);
    this.gone.delete(requestId);
    this.responses.delete(requestId);
    if (early) for (const listener of list ?? []) listener();
  }
}

/** A POST body that is not JSON (or that the server's JSON rules refuse): answered with JSON-RPC's parse error. */
class UnparsableBody {
  constructor(readonly problem: string) {}
}

export interface McpRouteContext extends ServerContext {
  readonly mcp: McpSettings;
}

// eslint-disable-next-line @typescript-eslint/require-await -- a Fastify plugin is async: register() awaits it
export async function mcpEndpointRoute(server: FastifyInstance, context: McpRouteContext): Promise<void> {
  const { mcp: settings, app, debug } = context;
  // a bad `mcp` option of a callback fails here, at start-up, not at the first tools/list
  callbackTools(app.registry, new Set());
  const sessions = new Map<string, Session>();
  const runs = new Set<StreamRun>();
  /** POST responses that carry answers still to come: the close waits for them. */
  const answering = new Set<Promise<void>>();
  const version = (JSON.parse(readFileSync(join(packageRoot(), "package.json"), "utf8")) as { version: string }).version;
  // a body that is not JSON gets JSON-RPC's parse error, as the SDK's transport answers it
  server.removeContentTypeParser("application/json");
  server.addContentTypeParser("application/json", { parseAs: "string" }, (request, body, done) => {
    try {
      // a GET or DELETE carries nothing: an empty body with a JSON type is no error there
      if (request.method !== "POST" && (body as string).trim() === "") return done(null, undefined);
      done(null, parseJsonBody(body as string));
    } catch (error) {
      done(null, new UnparsableBody(error instanceof Error ? error.message : String(error)));
    }
  });
  const shared: McpServerContext = {
    app,
    server,
    settings,
    debug,
    log: server.log,
    registry: app.registry,
    pingIntervalMs: app.options.pingIntervalMs ?? 15_000,
    maxFrameBytes: app.options.maxFrameBytes,
    onErrorTimeoutMs: app.options.onErrorTimeoutMs,
    runs,
    tasks: createMcpTasks(),
  };

  const sweep = setInterval(() => {
    const now = Date.now();
    // a session with a call still running (an endless stream) is not idle
    for (const session of sessions.values()) if (session.responses.size === 0 && now - session.lastSeen > SESSION_IDLE_MS) void session.server.server.close();
  }, 60_000);
  sweep.unref();

  server.addHook("preClose", async () => {
    clearInterval(sweep);
    const open = [...runs];
    // each run's call answers with the shutdown message; a session closed first would drop the answers
    for (const run of open) run.interrupt(SHUTDOWN_MESSAGE);
    let timer: ReturnType<typeof setTimeout> | undefined;
    await Promise.race([
      Promise.all([...open.map((run) => Promise.all([run.done.catch(() => undefined), run.closed])), ...answering]),
      new Promise<void>((resolve) => (timer = setTimeout(resolve, shutdownTimeoutOf(context)))),
    ]);
    clearTimeout(timer);
    await Promise.all([...sessions.values()].map((session) => session.server.server.close().catch(() => undefined)));
    shared.tasks.store.cleanup();
  });

  const newSession = async (): Promise<Session | undefined> => {
    if (sessions.size >= MAX_SESSIONS) return undefined;
    let session: Session | undefined = undefined;
    const transport = new WebStandardStreamableHTTPServerTransport({
      sessionIdGenerator: randomUUID,
      onsessioninitialized: (id) => {
        if (session) sessions.set(id, session);
      },
    });
    const mcpServer = createMcpServer(
      shared,
      {
        onGone: (id, listener) => session?.onGone(id, listener),
        flow: (id) => {
          const answer = session?.responses.get(id);
          return answer ? responseFlow(answer.res) : undefined;
        },
        answerStream: (id) => session?.responses.get(id),
      },
      version,
    );
    session = new Session(transport, mcpServer);
    transport.onclose = () => {
      if (transport.sessionId !== undefined) sessions.delete(transport.sessionId);
      // as the SDK's protocol layer aborts its own request handlers when the session closes
      for (const controller of session?.running.values() ?? []) controller.abort();
    };
    await mcpServer.server.connect(transport);
    return session;
  };

  server.route({
    method: ["GET", "POST", "DELETE"],
    url: settings.path,
    handler: async (request, reply) => {
      const originProblem = crossOriginProblem(request.headers, settings.allowedOrigins);
      if (originProblem !== undefined) return sendError(reply, 403, originProblem);
      if (settings.token !== undefined && !bearerMatches(request.headers.authorization, settings.token)) {
        void reply.header("www-authenticate", 'Bearer realm="dash-events MCP"');
        return sendError(reply, 401, "This MCP endpoint needs a bearer token: send Authorization: Bearer <token> (the app's mcp.token or DASH_EVENTS_MCP_TOKEN)");
      }
      if (request.body instanceof UnparsableBody) return sendRpcError(reply, 400, -32700, `Parse error: ${request.body.problem}`);
      const sessionHeader = request.headers["mcp-session-id"];
      let session: Session | undefined;
      if (typeof sessionHeader === "string") {
        session = sessions.get(sessionHeader);
        if (!session) return sendRpcError(reply, 404, -32001, "Session not found: it ended or the server restarted; send initialize again");
      } else if (request.method === "POST" && isInitializeRequest(request.body)) {
        session = await newSession();
        if (!session) return sendRpcError(reply, 503, -32000, `Too many MCP sessions open (${MAX_SESSIONS}); try again later`);
      } else {
        return sendRpcError(reply, 400, -32000, "Bad Request: no Mcp-Session-Id header; start with an initialize request");
      }
      session.lastSeen = Date.now();
      reply.hijack();
      const res = reply.raw;
      const answer = new AnswerStream(res);
      const direct = request.method === "POST" ? directRequestOf(request.body, request.headers) : undefined;
      const ids = direct ? (direct.method === "ping" ? [] : [direct.id]) : request.method === "POST" ? requestIds(request.body) : [];
      if (ids.length > 0) {
        const current = session;
        for (const id of ids) current.responses.set(id, answer);
        const closed = new Promise<void>((resolve) =>
          res.once("close", () => {
            for (const id of ids) current.settle(id, !res.writableFinished);
            answering.delete(closed);
            resolve();
          }),
        );
        answering.add(closed);
      }
      if (direct) return answerDirect(session, direct, answer, request.headers.host, shared.pingIntervalMs);
      if (request.method === "POST") cancelDirect(session, request.body);
      await handleThroughTransport(session.transport, request.raw, answer, request.body, ids.length === 1 && !Array.isArray(request.body));
    },
  });
}

function responseFlow(res: ServerResponse): ResponseFlow {
  const gone = (): boolean => res.destroyed || res.writableEnded;
  return {
    get ready() {
      return !needsDrain(res) || gone();
    },
    writable() {
      return !needsDrain(res) || gone() ? Promise.resolve() : drained(res);
    },
  };
}

/** The ids of the JSON-RPC requests in a POST body (one message, or a batch). */
function requestIds(body: unknown): Array<string | number> {
  const messages = Array.isArray(body) ? (body as unknown[]) : [body];
  const ids: Array<string | number> = [];
  for (const message of messages) {
    if (isPlainObject(message) && typeof message.method === "string" && (typeof message.id === "string" || typeof message.id === "number")) ids.push(message.id);
  }
  return ids;
}

/** `Authorization: Bearer <token>`, compared in constant time. */
function bearerMatches(header: string | undefined, token: string): boolean {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  if (!match) return false;
  const digest = (value: string): Buffer => createHash("sha256").update(value).digest();
  return timingSafeEqual(digest(match[1]), digest(token));
}

function sendError(reply: FastifyReply, statusCode: number, error: string): FastifyReply {
  const body: ErrorBody = { error, statusCode };
  return reply.code(statusCode).type("application/json; charset=utf-8").send(body);
}

function sendRpcError(reply: FastifyReply, statusCode: number, code: number, message: string): FastifyReply {
  return reply.code(statusCode).type("application/json; charset=utf-8").send({ jsonrpc: "2.0", error: { code, message }, id: null });
}
