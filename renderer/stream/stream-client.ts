import { createParser } from "eventsource-parser";
import { decodeFrameData } from "../../lib/protocol/frames.js";
import { errorBodyOf } from "../../lib/protocol/error-body.js";
import type { StreamFrame, UpdateRequest } from "../../lib/protocol/types.js";
import { postCallbackRequest } from "../renderer-hooks.js";

/**
 * The stream transport: one POST per run, its `text/event-stream` answer read with a streaming
 * fetch and a real SSE parser. Calls `onFrame` for each frame, in order; resolves at `[DONE]`.
 * Rejects when the request fails, a frame is malformed, or the stream ends without `[DONE]`
 * (the server went away mid-run), so the caller can treat all of them as an error.
 *
 * @example
 * ```ts
 * await openStream("/dash_update_component_sse", body, controller.signal, (frame) => console.log(frame));
 * ```
 */
export async function openStream(
  url: string,
  body: UpdateRequest,
  signal: AbortSignal,
  onFrame: (frame: StreamFrame) => void,
): Promise<void> {
  // Through the renderer hooks, as a regular callback request: request_pre, the JWT and its refresh.
  const response = await postCallbackRequest(url, body, { Accept: "text/event-stream" }, signal);
  if (!response.ok || !response.body) {
    const text = await response.text().catch(() => "");
    throw new Error(`stream request failed: HTTP ${response.status}${text ? `: ${errorBodyOf(text)?.error ?? shorten(text)}` : ""}`);
  }
  let done = false;
  // (widened on purpose: the parser's callback sets it, which narrowing from `null` would not see)
  let failure = null as Error | null;
  const parser = createParser({
    onEvent(event) {
      if (done || failure) return;
      try {
        const frame = decodeFrameData(event.data);
        if (frame === "done") done = true;
        else onFrame(frame);
      } catch (error) {
        failure = error instanceof Error ? error : new Error(String(error));
      }
    },
  });
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  try {
    while (!done && !failure) {
      const { value, done: ended } = await reader.read();
      if (ended) break;
      parser.feed(value);
    }
  } finally {
    if (done || failure) await reader.cancel().catch(() => undefined);
  }
  if (failure) throw failure;
  if (!done) throw new Error("the stream ended before [DONE] (connection lost or server restarted)");
}

/** A non-JSON error text, shortened: it can be a whole HTML page. */
function shorten(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}
