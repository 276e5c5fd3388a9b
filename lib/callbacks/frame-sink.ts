/**
 * Where a run's frames go: its own HTTP response (per-request mode, `lib/server/response-sink.ts`)
 * or a channel of a downlink (`lib/server/downlink/`). The run (`run-stream.ts`) and `setProps`
 * pacing (`set-props-pacing.ts`) only see this.
 */
import type { ComponentId } from "../protocol/types.js";
import type { Props } from "../dsl/component.js";

export interface FrameSink {
  /** Send one frame: its compact JSON text, or `[DONE]` (ignored once closed). */
  send(frameData: string): void;
  /**
   * Optional: take an update's `[id, props]` pairs as yielded (props not yet made JSON) instead of
   * its frame's JSON text, for a sink that writes its own text from each value (MCP progress
   * notifications), so the frame is not made JSON only to be parsed again. `maxBytes` is the
   * run's frame size limit, which the sink enforces on what it writes (throwing a `StreamRunError`).
   */
  sendUpdate?(updates: ReadonlyArray<readonly [ComponentId, Props]>, maxBytes: number): void;
  /** Keep an idle transport open (an SSE comment); a transport with its own keep-alive ignores it. */
  ping(): void;
  /** Whether the client can take more data now. */
  readonly ready: boolean;
  /** Resolves when the sink can take more data, or has closed. */
  writable(): Promise<void>;
  /** Call `listener` once if the client goes away before `end()`. */
  onClose(listener: () => void): void;
  /** Finish the stream. */
  end(): void;
}
