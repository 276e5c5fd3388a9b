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
    const sleeper: Sleeper = { timer: undefined, resolve, reject, group: signal ? groupOf(signal) : null };
    sleeper.group?.pending.add(sleeper);
    arm(sleeper, ms);
  });
}

/** One pending sleep: its timer, and the group of sleeps on its signal (which it leaves when it ends). */
interface Sleeper {
  timer: ReturnType<typeof setTimeout> | undefined;
  resolve: () => void;
  reject: (reason: unknown) => void;
  group: SleepGroup | null;
}

/** The sleeps pending on one signal, and the one abort listener that rejects them all. */
interface SleepGroup {
  readonly signal: AbortSignal;
  readonly pending: Set<Sleeper>;
  readonly onAbort: () => void;
}

// setTimeout fires at once for delays over 2^31-1 ms, so long waits go in steps
function arm(sleeper: Sleeper, remaining: number): void {
  sleeper.timer = setTimeout(timeUp, Math.min(Math.max(0, remaining), MAX_TIMEOUT), sleeper, remaining);
}

function timeUp(sleeper: Sleeper, remaining: number): void {
  if (remaining > MAX_TIMEOUT) return arm(sleeper, remaining - MAX_TIMEOUT);
  const group = sleeper.group;
  if (group) {
    group.pending.delete(sleeper);
    // Node keeps an AbortSignal.any() or AbortSignal.timeout() signal alive while it has listeners,
    // so a user's signal is let go as soon as nothing sleeps on it. A run's own signal keeps its
    // listener from one tick to the next: the run aborts it when it ends.
    if (group.pending.size === 0 && !lastingSignals.has(group.signal)) {
      group.signal.removeEventListener("abort", group.onAbort);
      groups.delete(group.signal);
    }
  }
  sleeper.resolve();
}

/**
 * One abort listener per signal, not one per sleep: an event callback sleeps on every tick, and
 * each listener would live (and be promoted by the GC) as long as its sleep.
 */
const groups = new WeakMap<AbortSignal, SleepGroup>();
const lastingSignals = new WeakSet<AbortSignal>();

function groupOf(signal: AbortSignal): SleepGroup {
  let group = groups.get(signal);
  if (!group) {
    const pending = new Set<Sleeper>();
    const onAbort = (): void => {
      groups.delete(signal);
      for (const sleeper of pending) {
        clearTimeout(sleeper.timer);
        sleeper.reject(signal.reason);
      }
      pending.clear();
    };
    signal.addEventListener("abort", onAbort, { once: true });
    group = { signal, pending, onAbort };
    groups.set(signal, group);
  }
  return group;
}

/**
 * Keep `signal`'s abort listener between sleeps (for a signal that is sure to abort, such as an
 * event callback run's `ctx.signal`, which aborts when the run ends). Internal: not exported from
 * the package.
 */
export function keepSleepListener(signal: AbortSignal): void {
  lastingSignals.add(signal);
}

const MAX_TIMEOUT = 2 ** 31 - 1;
