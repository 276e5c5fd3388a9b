/**
 * A run's `FrameSink` that may be used before its channel is open: the in-process hub opens a
 * channel at once, the Redis bus after a round trip. Frames sent meanwhile wait here, in order,
 * and follow as soon as the channel is open; a channel that cannot open (the stream is already
 * running, Redis is away) closes the sink, as a cancel would.
 */
import type { FrameSink } from "../../callbacks/frame-sink.js";
import type { DownlinkRuns, RunSlot } from "./downlinks.js";

/**
 * Open a channel on `runs` and return its sink at once. False when `runs` answered at once that
 * `stream` is already open (a failure that comes later closes the sink; `onRefused` hears why).
 *
 * @example
 * ```ts
 * const sink = openingSink(runs, "t1:4", "t1", "live:t1:4", (error) => log.warn(error.message));
 * if (sink) sink.send('["[SINGLE]","out",{"children":1}]');
 * ```
 */
export function openingSink(runs: DownlinkRuns, stream: string, tab: string, callback: string, onRefused: (error: Error) => void): FrameSink | false {
  const opened = runs.open(stream, tab, callback);
  if (!(opened instanceof Promise)) return opened && runs.sink(opened);
  let sink: FrameSink | null = null;
  let refused = false;
  const queued: string[] = [];
  let ended = false;
  let closeListener: (() => void) | null = null;
  const ready = opened.then(
    (slot: RunSlot | false) => {
      if (!slot) throw new Error(`stream ${JSON.stringify(stream)} is already open on this downlink; name each request with a new stream id`);
      sink = runs.sink(slot);
      for (const data of queued) sink.send(data);
      queued.length = 0;
      if (closeListener) sink.onClose(closeListener);
      if (ended) sink.end();
    },
    (error: unknown) => {
      throw error instanceof Error ? error : new Error(String(error));
    },
  );
  ready.catch((error: Error) => {
    refused = true;
    queued.length = 0;
    onRefused(error);
    closeListener?.();
  });
  return {
    send: (data) => {
      if (sink) sink.send(data);
      else if (!refused && !ended) queued.push(data);
    },
    ping: () => undefined,
    get ready() {
      return sink ? sink.ready : true;
    },
    writable: () => (sink ? sink.writable() : ready.then(() => sink?.writable(), () => undefined)),
    onClose: (listener) => {
      closeListener = listener;
      if (sink) sink.onClose(listener);
      else if (refused) listener();
    },
    end: () => {
      if (sink) sink.end();
      else ended = true;
    },
  };
}
