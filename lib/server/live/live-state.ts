/**
 * What the live routes of one server share: its downlink connections (the same hub the stream
 * endpoint uses) and the `ctx.getProp` questions waiting for an answer.
 */
import type { ServerContext } from "../server-context.js";
import { downlinkHubFor } from "../downlink/downlink-hub.js";
import type { Downlinks } from "../downlink/downlinks.js";
import { DEFAULT_LIVE_REPLY_TIMEOUT_MS, PropRequests } from "./prop-requests.js";

export interface LiveState {
  readonly downlinks: Downlinks;
  readonly requests: PropRequests;
}

const states = new WeakMap<ServerContext, LiveState>();

/** The live state of the server built from `context` (made by the first route that asks). */
export function liveStateOf(context: ServerContext): LiveState {
  let state = states.get(context);
  if (!state) {
    const options = context.app.options;
    const downlinks: Downlinks = context.downlinks ?? downlinkHubFor(options);
    const requests = new PropRequests(options.liveReplyTimeoutMs ?? DEFAULT_LIVE_REPLY_TIMEOUT_MS, downlinks.replies?.prefix);
    // on a bus, a page's answer may land on another process: it comes here through the bus
    downlinks.replies?.listen((reply) => requests.answer(reply));
    state = { downlinks, requests };
    states.set(context, state);
  }
  return state;
}
