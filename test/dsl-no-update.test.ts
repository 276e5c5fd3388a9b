import t from "tap";
import { isNoUpdate, noUpdate, PreventUpdate } from "../lib/dsl/no-update.js";
import { keepSleepListener, sleep } from "../lib/sleep.js";

t.test("noUpdate is one frozen value; isNoUpdate also recognises its copies and its JSON form, as Dash does", async (t) => {
  t.ok(isNoUpdate(noUpdate));
  t.ok(Object.isFrozen(noUpdate));
  t.notOk(isNoUpdate(undefined));
  t.notOk(isNoUpdate(null));
  t.ok(isNoUpdate({ _dash_no_update: "_dash_no_update" }), "Dash's NoUpdate.is_no_update accepts the dict form");
  t.ok(isNoUpdate(JSON.parse(JSON.stringify(noUpdate))), "noUpdate after a trip through JSON");
  t.ok(isNoUpdate({ ...noUpdate }), "a spread copy");
  t.notOk(isNoUpdate({ _dash_no_update: "_dash_no_update", x: 1 }), "more keys: a value");
  t.notOk(isNoUpdate({ _dash_no_update: "other" }));
  t.notOk(isNoUpdate(["_dash_no_update"]));
  // Dash's own JSON form of no_update, in case one ever reaches a serializer
  t.equal(JSON.stringify(noUpdate), '{"_dash_no_update":"_dash_no_update"}');
  // eslint-disable-next-line @typescript-eslint/no-base-to-string -- noUpdate has a toString of its own, which its type does not declare
  t.equal(String(noUpdate), "noUpdate");
});

t.test("PreventUpdate is an Error", async (t) => {
  const err = new PreventUpdate();
  t.ok(err instanceof Error);
  t.ok(err instanceof PreventUpdate);
  t.equal(err.name, "PreventUpdate");
  t.equal(new PreventUpdate("not yet").message, "not yet");
});

t.test("sleep resolves after the time", async (t) => {
  t.equal(await sleep(5), undefined);
  t.equal(await sleep(0), undefined);
  t.equal(await sleep(-1), undefined, "a negative time waits no time");
  t.equal(await sleep(1, new AbortController().signal), undefined);
});

t.test("sleep rejects with the signal's reason when aborted", async (t) => {
  const controller = new AbortController();
  const waiting = sleep(60_000, controller.signal);
  const reason = new Error("run ended");
  controller.abort(reason);
  await t.rejects(waiting, reason);
  // already aborted: rejects at once, with the default AbortError reason
  const aborted = new AbortController();
  aborted.abort();
  await t.rejects(sleep(60_000, aborted.signal), { name: "AbortError" });
});

/** A signal whose abort listeners are counted as they are added and removed. */
function countedSignal(): { controller: AbortController; counts: { added: number; removed: number } } {
  const controller = new AbortController();
  const signal = controller.signal;
  const counts = { added: 0, removed: 0 };
  const add = signal.addEventListener.bind(signal);
  const remove = signal.removeEventListener.bind(signal);
  signal.addEventListener = ((...args: Parameters<typeof add>) => (counts.added++, add(...args))) as typeof add;
  signal.removeEventListener = ((...args: Parameters<typeof remove>) => (counts.removed++, remove(...args))) as typeof remove;
  return { controller, counts };
}

t.test("sleeps on a signal share one abort listener, removed when none is pending (Node keeps a signal with listeners alive)", async (t) => {
  const { controller, counts } = countedSignal();
  await Promise.all([sleep(1, controller.signal), sleep(2, controller.signal), sleep(3, controller.signal)]);
  t.same(counts, { added: 1, removed: 1 }, "three concurrent sleeps, one listener, gone when they are");
  for (let i = 0; i < 3; i++) await sleep(1, controller.signal);
  t.same(counts, { added: 4, removed: 4 }, "nothing left on the signal between sleeps");
  const pending = [sleep(60_000, controller.signal), sleep(30_000, controller.signal)];
  const reason = new Error("run ended");
  controller.abort(reason);
  for (const waiting of pending) await t.rejects(waiting, reason);
  await t.rejects(sleep(1, controller.signal), reason, "a sleep after the abort rejects at once");
});

t.test("a run's signal keeps its one listener from sleep to sleep; an abort rejects only the sleeps still waiting", async (t) => {
  const { controller, counts } = countedSignal();
  keepSleepListener(controller.signal);
  // an event callback sleeps on every tick: its listeners must not be made anew each time
  for (let i = 0; i < 3; i++) await sleep(1, controller.signal);
  const ended = sleep(1, controller.signal);
  const pending = [sleep(60_000, controller.signal), sleep(30_000, controller.signal)];
  t.equal(await ended, undefined);
  t.same(counts, { added: 1, removed: 0 }, "one listener for six sleeps");
  const reason = new Error("run ended");
  controller.abort(reason);
  for (const waiting of pending) await t.rejects(waiting, reason);
});

t.test("sleep rejects a time that is not a number", async (t) => {
  await t.rejects(sleep(Number.NaN), { name: "TypeError", message: /ms must be a number/ });
  await t.rejects(sleep("5" as never), { name: "TypeError" });
});
