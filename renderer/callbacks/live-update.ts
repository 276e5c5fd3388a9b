import { LIVE_STREAM_HEADER, type LiveAccepted, type LiveResponseFrame, type MultiplexedStartRequest } from "../../lib/protocol/downlink.js";
import { errorBodyOf } from "../../lib/protocol/error-body.js";
import type { StreamFrame, UpdateRequest } from "../../lib/protocol/types.js";
import { postCallbackRequest } from "../renderer-hooks.js";
import type { PageDownlink } from "../stream/page-downlink.js";
import type { PropUpdates } from "../set-props.js";
import { NOTHING, readUpdate, type PostedUpdate, type UpdatePoster } from "./post-update.js";

/** How long an answer waits for its stream's `[DONE]` before it applies anyway (a downlink that went quiet). */
const DONE_WAIT_MS = 30_000;

/**
 * The poster of live callbacks (the app's `liveCallbacks`): each regular callback's request names
 * the page's downlink and a stream of its own, watched before the POST goes. The `setProps` calls
 * of the callback arrive on that stream as frames and apply at once (through the same updater as
 * every update, so they trigger the callbacks listening to them); an answer that says the stream
 * carried frames (LIVE_STREAM_HEADER) is read only after the stream's `[DONE]`, so it lands after
 * every `setProps` it follows. A callback still running after the server's `liveHoldMs` answers
 * 202 at once and its answer comes as a `[RESPONSE]` frame before `[DONE]`. A refused downlink
 * (`onConnect`) is reported once and every callback of the page then stops there,
 * leaving its outputs as they were.
 *
 * @example
 * ```ts
 * const post = livePoster(() => downlink, (updates) => updater.apply(updates), (message, error) => errors.report(message, error));
 * const answer = await post("/_dash-update-component", body);
 * ```
 */
export function livePoster(downlink: () => PageDownlink, apply: (updates: PropUpdates) => void, report: (message: string, error: Error, always?: boolean) => void): UpdatePoster {
  let refusalShown = false;
  return async (url: string, body: UpdateRequest): Promise<PostedUpdate> => {
    const page = downlink();
    if (page.refused && refusalShown) return NOTHING;
    const stream = page.newStream();
    let markDone!: () => void;
    const done = new Promise<void>((resolve) => (markDone = resolve));
    let late: LiveResponseFrame[2] | null = null;
    let lostWhy = "";
    page.watch(stream, {
      response: (answer) => (late = answer),
      frame(frame) {
        if (frame === "done" || frame[0] === "[CANCELLED]") markDone();
        else apply(updatesOf(frame));
      },
      // the server lost the run: nothing more will come on it
      lost: (message) => {
        lostWhy = message;
        markDone();
      },
    });
    let keepWatching = false;
    try {
      let connection: string;
      try {
        connection = await page.connect();
      } catch (error) {
        // said once, here: the dispatcher drops the failure of a request a newer one superseded
        const failure = error instanceof Error ? error : new Error(String(error));
        // shown in production too: the page stops working, and must say so
        if (!refusalShown) report(`Callbacks stopped: ${failure.message}`, failure, true);
        refusalShown = true;
        return NOTHING;
      }
      const payload: MultiplexedStartRequest = { ...body, downlink: { connection, stream, tab: page.tab } };
      const response = await postCallbackRequest(url, payload, { Accept: "application/json" });
      const named = response.headers.get(LIVE_STREAM_HEADER) === stream;
      if (response.status === 202 && named) {
        const accepted = (await response.json().catch(() => ({}))) as Partial<LiveAccepted>;
        if (accepted.persistent) {
          // it runs for the life of the page: its setProps keep applying; the dispatcher moves on
          keepWatching = true;
          void done.then(() => {
            page.unwatch(stream);
            const answer = late;
            if (answer && answer.status >= 400) {
              const error = new Error(errorBodyOf(JSON.stringify(answer.body ?? null))?.error ?? `HTTP ${answer.status}`);
              report(`Persistent callback ${body.output} ended with an error: ${error.message}`, error);
            }
          });
          return NOTHING;
        }
        // a long callback: its answer comes on the downlink, after its setProps
        await done;
        const answer = late as LiveResponseFrame[2] | null;
        if (!answer) throw new Error(`the callback's answer was lost on the downlink${lostWhy ? `: ${lostWhy}` : ""}`);
        const text = answer.body === undefined ? null : JSON.stringify(answer.body);
        return await readUpdate(new Response(answer.status === 204 ? null : text, { status: answer.status, headers: { "Content-Type": "application/json" } }), body);
      }
      if (named) await waitFor(done, DONE_WAIT_MS);
      return await readUpdate(response, body);
    } finally {
      if (!keepWatching) page.unwatch(stream);
    }
  };
}

function updatesOf(frame: StreamFrame): PropUpdates {
  if (frame[0] === "[SINGLE]") return [[frame[1], frame[2]]];
  if (frame[0] === "[BATCH]") return frame[2];
  return [];
}

function waitFor(promise: Promise<void>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  return Promise.race([promise, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]).finally(() => clearTimeout(timer));
}
