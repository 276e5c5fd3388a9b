import { errorBodyOf } from "../../lib/protocol/error-body.js";
import type { MultiplexedStartRequest } from "../../lib/protocol/downlink.js";
import type { StreamFrame, UpdateRequest } from "../../lib/protocol/types.js";
import { postCallbackRequest } from "../renderer-hooks.js";
import type { PageDownlink } from "./page-downlink.js";

/**
 * One run on the multiplexed transport, with the same contract as `openStream` (stream-client.ts):
 * calls `onFrame` for each frame in order, resolves at `[DONE]`, rejects when the start fails, the
 * server ends the run without a result (`[CANCELLED]`) or the downlink lost it. The start is a short
 * POST naming the downlink; the frames come on the downlink. Aborting `signal` ends the run on
 * the server with a cancel request (sent once the start has been answered, so it cannot overtake it).
 *
 * @example
 * ```ts
 * await openMultiplexedStream(downlink, "/dash_update_component_sse", body, controller.signal, (frame) => apply(frame));
 * ```
 */
export function openMultiplexedStream(
  downlink: PageDownlink,
  url: string,
  body: UpdateRequest,
  signal: AbortSignal,
  onFrame: (frame: StreamFrame) => void,
): Promise<void> {
  const stream = downlink.newStream();
  return new Promise<void>((resolve, reject) => {
    let settled = false;
    /** The server said the run is over: nothing to cancel. */
    let ended = false;
    let started: Promise<boolean> = Promise.resolve(false);
    const finish = (error?: Error): void => {
      if (settled) return;
      settled = true;
      downlink.unwatch(stream);
      signal.removeEventListener("abort", onAbort);
      if (error) reject(error);
      else resolve();
    };
    const onAbort = (): void => {
      finish();
      if (!ended) void started.then((running) => running && downlink.cancel([stream]));
    };
    downlink.watch(stream, {
      frame(frame) {
        if (frame === "done") {
          ended = true;
          finish();
        } else if (frame[0] === "[CANCELLED]") {
          ended = true;
          finish(new Error(`the server ended the run (${frame[2].reason})`));
        } else {
          if (frame[0] === "[ERROR]") ended = true;
          onFrame(frame);
        }
      },
      lost(message) {
        ended = true;
        finish(new Error(message));
      },
    });
    if (signal.aborted) return onAbort();
    signal.addEventListener("abort", onAbort);
    started = start(downlink, url, body, stream).then(
      () => true,
      (error: unknown) => {
        ended = true;
        finish(error instanceof Error ? error : new Error(String(error)));
        return false;
      },
    );
  });
}

/** POST the start, once the downlink is open; a 410 (the server lost the connection) reopens it and tries once more. */
async function start(downlink: PageDownlink, url: string, body: UpdateRequest, stream: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const connection = await downlink.connect();
    const payload: MultiplexedStartRequest = { ...body, downlink: { connection, stream, tab: downlink.tab } };
    // not abortable: a cancel must come after the start, whatever happens meanwhile
    const response = await postCallbackRequest(url, payload, { Accept: "application/json" });
    if (response.ok) return;
    const text = await response.text().catch(() => "");
    if (response.status === 410 && attempt === 0) {
      downlink.renew();
      continue;
    }
    throw new Error(`stream request failed: HTTP ${response.status}${text ? `: ${errorBodyOf(text)?.error ?? text.slice(0, 200)}` : ""}`);
  }
}
