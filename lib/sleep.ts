/**
 * Wait `ms` milliseconds. With a `signal`, the promise rejects with the signal's reason as soon as it
 * aborts (at once if it already has), so a cancelled event callback stops waiting.
 *
 * @example
 * ```ts
 * eventCallback(Input("go", "n_clicks"), async function* (_n, ctx) {
 *   for (let i = 1; i <= 5; i++) {
 *     yield streamProps("out", { children: `step ${i}` });
 *     await sleep(200, ctx.signal);
 *   }
 * });
 * ```
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (typeof ms !== "number" || Number.isNaN(ms)) {
    return Promise.reject(new TypeError(`sleep(ms): ms must be a number, got ${String(ms)}`));
  }
  return new Promise<void>((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    let timer: ReturnType<typeof setTimeout> | undefined;
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    // setTimeout fires at once for delays over 2^31-1 ms, so long waits go in steps
    const wait = (remaining: number): void => {
      const step = Math.min(Math.max(0, remaining), MAX_TIMEOUT);
      timer = setTimeout(() => {
        if (remaining > MAX_TIMEOUT) return wait(remaining - MAX_TIMEOUT);
        signal?.removeEventListener("abort", onAbort);
        resolve();
      }, step);
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    wait(ms);
  });
}

const MAX_TIMEOUT = 2 ** 31 - 1;
