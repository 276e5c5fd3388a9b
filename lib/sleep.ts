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
  if (signal?.aborted) return Promise.reject(signal.reason);
  return new Promise<void>((resolve, reject) => {
    const sleeper: Sleeper = { timer: undefined, resolve, reject, waiting: signal ? sleepersOf(signal) : null };
    sleeper.waiting?.add(sleeper);
    arm(sleeper, ms);
  });
}

/** One pending sleep: its timer, and the set of sleeps on its signal (which it leaves when it ends). */
interface Sleeper {
  timer: ReturnType<typeof setTimeout> | undefined;
  resolve: () => void;
  reject: (reason: unknown) => void;
  waiting: Set<Sleeper> | null;
}

// setTimeout fires at once for delays over 2^31-1 ms, so long waits go in steps
function arm(sleeper: Sleeper, remaining: number): void {
  sleeper.timer = setTimeout(timeUp, Math.min(Math.max(0, remaining), MAX_TIMEOUT), sleeper, remaining);
}

function timeUp(sleeper: Sleeper, remaining: number): void {
  if (remaining > MAX_TIMEOUT) return arm(sleeper, remaining - MAX_TIMEOUT);
  sleeper.waiting?.delete(sleeper);
  sleeper.resolve();
}

/**
 * The sleeps pending on `signal`. One abort listener per signal, not one per sleep: an event
 * callback sleeps on every tick, and each listener would live (and be promoted by the GC) as long
 * as its sleep.
 */
const sleepers = new WeakMap<AbortSignal, Set<Sleeper>>();

function sleepersOf(signal: AbortSignal): Set<Sleeper> {
  let waiting = sleepers.get(signal);
  if (!waiting) {
    const created = new Set<Sleeper>();
    signal.addEventListener(
      "abort",
      () => {
        for (const sleeper of created) {
          clearTimeout(sleeper.timer);
          sleeper.reject(signal.reason);
        }
        created.clear();
      },
      { once: true },
    );
    sleepers.set(signal, created);
    waiting = created;
  }
  return waiting;
}

const MAX_TIMEOUT = 2 ** 31 - 1;
