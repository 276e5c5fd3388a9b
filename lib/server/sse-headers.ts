/** Response headers of every `text/event-stream` the server sends (a run's stream, a downlink). */
export const SSE_HEADERS = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache",
  // proxies such as nginx would otherwise hold frames back
  "x-accel-buffering": "no",
} as const;
