/**
 * A `FrameSink` over one HTTP response (an SSE stream), over HTTP/1.1 or HTTP/2.
 *
 * Over HTTP/1.1 a response queued behind another one on a pipelined connection gets no `close`
 * of its own when the client leaves: the socket's tells. Over HTTP/2 the socket is the session's,
 * shared by every stream and open long after one of them is cancelled: the stream's own `close`
 * (which the response re-emits) tells, and the backpressure is the stream's (Node's HTTP/2
 * response has no `writableNeedDrain`).
 */
import type { IncomingMessage, ServerResponse } from "node:http";
import type { FrameSink } from "../callbacks/frame-sink.js";
import { encodeData, encodePing } from "../protocol/frames.js";
import { http2StreamOf } from "./http2-compat.js";
import { TurnBatch } from "./event-loop-turn.js";

/**
 * Whether writes to `res` wait for its 'drain' (Node's buffer is full).
 *
 * @example
 * ```ts
 * if (needsDrain(res)) await once(res, "drain");
 * ```
 */
export function needsDrain(res: ServerResponse): boolean {
  return http2StreamOf(res)?.writableNeedDrain ?? res.writableNeedDrain;
}

/**
 * Settles once `res` has drained, or closed (then nothing more will be written).
 *
 * @example
 * ```ts
 * if (!res.write(chunk)) await drained(res);
 * ```
 */
export function drained(res: ServerResponse): Promise<void> {
  return new Promise<void>((resolve) => {
    const settle = (): void => {
      res.off("drain", settle);
      res.off("close", settle);
      resolve();
    };
    res.on("drain", settle);
    res.on("close", settle);
  });
}

/**
 * The sink of the response `res` to the request `req`: `ready` is false while Node's buffer waits
 * for 'drain'; `onClose` fires once when the client goes away before the response ended.
 *
 * @example
 * ```ts
 * const sink = responseSink(request.raw, reply.raw);
 * sink.onClose(() => run.cancel());
 * ```
 */
export function responseSink(req: IncomingMessage, res: ServerResponse): FrameSink {
  const stream = http2StreamOf(res);
  // over HTTP/2 the response's own 'close' is the stream's; over HTTP/1.1 the socket's may come alone
  const socket = stream ? undefined : req.socket;
  const gone = (): boolean => res.writableEnded || (stream ? stream.destroyed : res.destroyed || socket?.destroyed === true);
  // a turn's frames after its first leave together at its end (event-loop-turn.ts)
  const batch = new TurnBatch((text) => gone() || res.write(text));
  const write = (text: string): void => {
    if (!gone()) batch.write(text);
  };
  return {
    send(frameData) {
      write(encodeData(frameData));
    },
    ping() {
      write(encodePing());
    },
    get ready() {
      return !needsDrain(res) || gone();
    },
    writable() {
      return new Promise<void>((resolve) => {
        if (!needsDrain(res) || gone()) return resolve();
        const settle = (): void => {
          res.off("drain", settle);
          res.off("close", settle);
          socket?.off("close", settle);
          resolve();
        };
        res.on("drain", settle);
        res.on("close", settle);
        socket?.on("close", settle);
      });
    },
    onClose(listener) {
      const fire = (): void => {
        res.off("close", fire);
        socket?.off("close", fire);
        // an HTTP/2 stream the client reset counts as finished: what tells there is that the response did not end
        if (stream ? !res.writableEnded : !res.writableFinished) listener();
      };
      res.once("close", fire);
      socket?.once("close", fire);
      if ((stream ?? socket)?.destroyed) fire();
    },
    end() {
      batch.flush();
      if (!gone()) res.end();
    },
  };
}
