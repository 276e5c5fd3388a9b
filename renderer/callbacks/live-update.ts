import { ACCESS_REFUSED_HEADER, encodeLiveStart, LIVE_REQUEST_HEADER, LIVE_STREAM_HEADER, REFUSED_BY, type LiveAccepted, type LiveResponseFrame, type LiveStart } from "../../lib/protocol/downlink.js";
import { errorBodyOf } from "../../lib/protocol/error-body.js";
import type { StreamFrame, UpdateRequest } from "../../lib/protocol/types.js";
import { postCallbackRequest } from "../renderer-hooks.js";
import type { PageDownlink } from "../stream/page-downlink.js";
import type { PropUpdates } from "../set-props.js";
import { NOTHING, readUpdate, type PostedUpdate, type UpdatePoster } from "./post-update.js";

/** How long an answer waits for its stream's `[DONE]` before it applies anyway (a downlink that went quiet). */
const DONE_WAIT_MS = 30_000;

/**
 * The poster of live callbacks (on by default with the multiplexed transport): each regular
 * callback's request has a stream of its own, watched before the POST goes, and names the page's
 * downlink when it is open. When it is not, the request says only that the page can take one:
 * a callback that never calls `setProps`/`getProp` is answered as a plain one (no downlink opens,
 * no round trip is added); one that does gets its POST answered 202 at once with the connection
 * the server opened for it, and the page opens its downlink there and reads the stream from its
 * first frame. The `setProps` calls arrive as frames and apply at once (through the same updater
 * as every update, so they trigger the callbacks listening to them); an answer that says the
 * stream carried frames (LIVE_STREAM_HEADER) is read only after the stream's `[DONE]`, so it lands
 * after every `setProps` it follows. A callback still running after the server's `liveHoldMs`
 * answers 202 at once and its answer comes as a `[RESPONSE]` frame before `[DONE]`. A page the
 * server's connect hook refuses (on its downlink or on a request) is reported once, and every
 * callback of the page then stops there, leaving its outputs as they were; when the app has such
 * hooks (`connectFirst`), the page opens its downlink first, so many callbacks firing at once ask once.
 *
 * @example
 * ```ts
 * const post = livePoster(() => downlink, (updates) => updater.apply(updates), (message, error) => errors.report(message, error));
 * const answer = await post("/_dash-update-component", body);
 * ```
 */
export function livePoster(
  downlink: () => PageDownlink,
  apply: (updates: PropUpdates) => void,
  report: (message: string, error: Error, always?: boolean) => void,
  connectFirst = false,
): UpdatePoster {
  let refusalShown = false;
  /** Said once, here: the dispatcher drops the failure of a request a newer one superseded. Shown in production too: the page stops working, and must say so. */
  const stop = (failure: Error): PostedUpdate => {
    if (!refusalShown) report(`Callbacks stopped: ${failure.message}`, failure, true);
    refusalShown = true;
    return NOTHING;
  };
  return async (url: string, body: UpdateRequest): Promise<PostedUpdate> => {
    const page = downlink();
    if (page.refused && refusalShown) return NOTHING;
    const stream = page.newStream();
    let markDone!: () => void;
    const done = new Promise<void>((resolve) => (markDone = resolve));
    let late: LiveResponseFrame[2] | null = null;
    let lostWhy = "";
    page.watch(
      stream,
      {
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
      },
      false,
    );
    let keepWatching = false;
    try {
      if (connectFirst) {
        // the app gates pages (onConnect): one downlink request asks, however many callbacks fire at once
        try {
          await page.connect();
        } catch (error) {
          return stop(error instanceof Error ? error : new Error(String(error)));
        }
      }
      const connection = await page.claim(stream);
      const target: LiveStart = connection === null ? { stream, tab: page.tab } : { connection, stream, tab: page.tab };
      // the body stays exactly Dash's; where the callback may stream goes in a header
      const response = await postCallbackRequest(url, body, { Accept: "application/json", [LIVE_REQUEST_HEADER]: encodeLiveStart(target) });
      if (response.headers.get(ACCESS_REFUSED_HEADER) === REFUSED_BY.connect) {
        const text = await response.text().catch(() => "");
        const failure = new Error(errorBodyOf(text)?.error ?? `The server refused this page (HTTP ${response.status})`);
        page.refuse(failure);
        return stop(failure);
      }
      const named = response.headers.get(LIVE_STREAM_HEADER) === stream;
      if (response.status === 202 && named) {
        const accepted = (await response.json().catch(() => ({}))) as Partial<LiveAccepted>;
        // the server opened a connection for this callback: read it from its first frame
        if (typeof accepted.connection === "string") page.adopt(stream, accepted.connection);
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
        if (!answer) {
          if (page.refused) return stop(new Error(lostWhy));
          throw new Error(`the callback's answer was lost on the downlink${lostWhy ? `: ${lostWhy}` : ""}`);
        }
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
