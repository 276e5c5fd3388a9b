/** `POST /_dash-update-component`: run a regular callback and answer as Dash does (live: over the page's downlink too). */
import type { FastifyBaseLogger, FastifyInstance } from "fastify";
import { liveUpdateRequestSchema } from "../protocol/schemas.js";
import { ENDPOINTS, type UpdateRequest } from "../protocol/types.js";
import { decodeLiveStart, LIVE_REQUEST_HEADER, LIVE_STREAM_HEADER, liveResponseFrameData, MAX_DOWNLINK_NAME_LENGTH, type LiveAccepted, type LiveStart } from "../protocol/downlink.js";
import { runCallback, type CallbackOutcome } from "../callbacks/run-callback.js";
import type { ServerContext } from "./server-context.js";
import { findRegularCallback } from "./find-callback.js";
import { errorBodyFor, HttpError } from "./errors.js";
import { FORGED_CONNECTION } from "./downlink/downlink-routes.js";
import { DownlinkLiveLink, type RouteLiveLink } from "./live/downlink-live-link.js";
import { MintingLiveLink } from "./live/minting-live-link.js";
import { TabConnections } from "./live/tab-connections.js";
import { DownlinkHub } from "./downlink/downlink-hub.js";
import { liveStateOf } from "./live/live-state.js";
import { firstRefusal, hookRequest, sendRefusal } from "./live/access-hooks.js";

/** Default of `AppOptions.liveHoldMs`. */
export const DEFAULT_LIVE_HOLD_MS = 1000;

type Settled = { outcome: CallbackOutcome } | { error: unknown };

/**
 * The callback's result if it comes within `ms` and before `minted` (the callback opened a
 * downlink connection for the page, which must now open it to get the frames), else null.
 */
async function withinHold(settled: Promise<Settled>, ms: number, live: RouteLiveLink): Promise<Settled | null> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = new Promise<null>((resolve) => (timer = setTimeout(resolve, ms, null)));
  const minting = live instanceof MintingLiveLink ? live : undefined;
  try {
    const first = await Promise.race(minting ? [settled, late, minting.minted.then(() => null)] : [settled, late]);
    // frames went on a connection the page does not hold yet: only the downlink can carry the answer after them
    return minting?.connection != null ? null : first;
  } finally {
    clearTimeout(timer);
  }
}

/** The `[RESPONSE]` frame of an answer that comes after the 202: what the HTTP answer would have been. */
function lateAnswer(late: Settled, debug: boolean, log: FastifyBaseLogger): string {
  if ("error" in late) {
    const body = errorBodyFor(late.error instanceof Error ? late.error : new Error(String(late.error)), debug, log);
    return liveResponseFrameData(body.statusCode, JSON.stringify(body));
  }
  if (late.outcome.headers.length > 0) log.warn(`callback ${late.outcome.status}: ctx.response headers set after its answer went on the downlink (liveHoldMs passed) were not sent`);
  // serialized here so components and Patch values in outputs go through their toJSON()
  return late.outcome.status === 204 ? liveResponseFrameData(204) : liveResponseFrameData(200, JSON.stringify(late.outcome.body));
}

/** Whether regular callbacks of an app with `options` are live: the multiplexed transport, unless `liveCallbacks: false`. */
export function liveCallbacksOn(options: { liveCallbacks?: boolean; streamTransport?: "multiplexed" | "per-request" }): boolean {
  return options.liveCallbacks ?? options.streamTransport !== "per-request";
}

// eslint-disable-next-line @typescript-eslint/require-await -- a Fastify plugin is async: register() awaits it
export async function updateComponentRoute(server: FastifyInstance, context: ServerContext): Promise<void> {
  const { app, debug } = context;
  const { downlinks, requests } = liveStateOf(context);
  const liveOn = liveCallbacksOn(app.options);
  const tabConnections = downlinks instanceof DownlinkHub ? new TabConnections(downlinks) : undefined;
  server.post<{ Body: UpdateRequest & { downlink?: LiveStart } }>(`/${ENDPOINTS.update}`, { schema: { body: liveUpdateRequestSchema } }, async (request, reply) => {
    const { downlink: inBody, ...body } = request.body;
    const downlink = inBody ?? liveStartOf(request.headers[LIVE_REQUEST_HEADER]);
    if (downlink?.connection !== undefined && !downlinks.ids.verify(downlink.connection)) throw new HttpError(403, FORGED_CONNECTION);
    const callback = findRegularCallback(app, body.output);
    const hooks = app.accessHooks ?? { request: [], connect: [] };
    if (hooks.request.length > 0) {
      const refusal = await firstRefusal(hooks.request, "onRequest", hookRequest(request), body);
      if (refusal) return sendRefusal(reply, refusal, debug);
    }
    // a page without its downlink open: its connect hooks decide here, as they would for the downlink it may open
    if (downlink && downlink.connection === undefined && hooks.connect.length > 0) {
      const refusal = await firstRefusal(hooks.connect, "onConnect", hookRequest(request));
      if (refusal) return sendRefusal(reply, refusal, debug, "connect");
    }
    const live = downlink && liveOn ? await liveLinkFor(downlink) : undefined;
    const persistent = callback.options.persistent === true;
    if (persistent && !live) {
      throw new HttpError(400, `Callback ${callback.id} is persistent: it runs only for a live page (the multiplexed transport, not liveCallbacks: false, and a request from the page)`);
    }
    if (persistent) live!.openNow(callback.id);
    const settled: Promise<Settled> = runCallback(callback, body, { onError: app.options.onError, registry: app.registry, live, signal: persistent ? live!.signal : undefined }).then(
      (outcome) => ({ outcome }),
      (error: unknown) => ({ error }),
    );
    // a persistent callback is answered at once: it may run for the life of the page
    const result = persistent ? null : live && downlink ? await withinHold(settled, app.options.liveHoldMs ?? DEFAULT_LIVE_HOLD_MS, live) : await settled;
    if (result === null && live && downlink) {
      // a long callback (or one whose page must first open the downlink): its POST holds no
      // browser connection any longer; the answer follows on the downlink
      const log = request.log;
      void settled.then((late) => {
        // a persistent callback ended by its page going away: nobody to answer, nothing to report
        if (persistent && live.signal.aborted) live.finish();
        else live.finishWith(lateAnswer(late, debug, log));
      });
      const accepted: LiveAccepted = { stream: downlink.stream };
      if (persistent) accepted.persistent = true;
      if (live instanceof MintingLiveLink && live.connection !== null) accepted.connection = live.connection;
      return reply.code(202).header(LIVE_STREAM_HEADER, downlink.stream).send(accepted);
    }
    // the stream ends before the answer goes, and the answer names it: the page applies it after
    const stream = live?.finish();
    if (stream) void reply.header(LIVE_STREAM_HEADER, stream);
    if ("error" in result!) throw result.error;
    const { outcome } = result!;
    for (const [name, value] of outcome.headers) void reply.header(name, value);
    if (outcome.status === 204) return reply.code(204).send();
    // serialized here so components and Patch values in outputs go through their toJSON()
    return reply.code(200).type("application/json").send(JSON.stringify(outcome.body));
  });

  /**
   * The link of a page's request: on the downlink it names (a connection the server no longer
   * has runs the callback as a plain one), or one opened only if the callback needs the page.
   * The named connection may be in this process or on the Redis bus (frames then go through the
   * bus as a run's do); opening one for a request that names none is in-process only.
   */
  async function liveLinkFor(downlink: LiveStart): Promise<RouteLiveLink | undefined> {
    if (downlink.connection === undefined) return tabConnections ? new MintingLiveLink(tabConnections, downlink, requests) : undefined;
    let found: Awaited<ReturnType<typeof downlinks.find>>;
    try {
      found = await downlinks.find(downlink.connection);
    } catch {
      // the bus unreachable (Redis down): the callback still runs, as a plain one (its setProps fold into the answer)
      return undefined;
    }
    return found ? new DownlinkLiveLink(found, { connection: downlink.connection, stream: downlink.stream, tab: downlink.tab }, requests) : undefined;
  }
}

/** Where a live page's callback may stream, from its {@link LIVE_REQUEST_HEADER}; a malformed one is a 400. */
function liveStartOf(header: string | string[] | undefined): LiveStart | undefined {
  if (header === undefined) return undefined;
  const start = typeof header === "string" ? decodeLiveStart(header) : null;
  if (!start) throw new HttpError(400, `The ${LIVE_REQUEST_HEADER} header must be stream=<id>&tab=<id>[&connection=<id>], each id made of A-Z a-z 0-9 _ . : - (at most ${MAX_DOWNLINK_NAME_LENGTH} characters)`);
  return start;
}
