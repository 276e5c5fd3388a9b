import t from "tap";
import { isNoUpdate, noUpdate, PreventUpdate } from "../lib/dsl/no-update.js";
import { sleep } from "../lib/sleep.js";

t.test("noUpdate is one frozen value; isNoUpdate recognises only it", async (t) => {
  t.ok(isNoUpdate(noUpdate));
  t.ok(Object.isFrozen(noUpdate));
  t.notOk(isNoUpdate(undefined));
  t.notOk(isNoUpdate(null));
  t.notOk(isNoUpdate({ _dash_no_update: "_dash_no_update" }));
  t.notOk(isNoUpdate({ ...noUpdate }), "a copy is not noUpdate");
  // Dash's own JSON form of no_update, in case one ever reaches a serializer
  t.equal(JSON.stringify(noUpdate), '{"_dash_no_update":"_dash_no_update"}');
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

t.test("sleeps on one signal share one abort listener; an abort rejects only those still waiting", async (t) => {
  const controller = new AbortController();
  const signal = controller.signal;
  let added = 0;
  const add = signal.addEventListener.bind(signal);
  signal.addEventListener = ((...args: Parameters<typeof add>) => (added++, add(...args))) as typeof add;
  // an event callback sleeps on every tick: its listeners must not pile up on ctx.signal
  for (let i = 0; i < 3; i++) await sleep(1, signal);
  const ended = sleep(1, signal);
  const pending = [sleep(60_000, signal), sleep(30_000, signal)];
  t.equal(await ended, undefined);
  t.equal(added, 1, "one listener for five sleeps");
  const reason = new Error("run ended");
  controller.abort(reason);
  for (const waiting of pending) await t.rejects(waiting, reason);
  await t.rejects(sleep(1, signal), reason, "a sleep after the abort rejects at once");
});

t.test("sleep rejects a time that is not a number", async (t) => {
  await t.rejects(sleep(Number.NaN), { name: "TypeError", message: /ms must be a number/ });
  await t.rejects(sleep("5" as never), { name: "TypeError" });
});
