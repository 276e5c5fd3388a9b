import { parseId, propId, stringifyId } from "../../lib/protocol/ids.js";
import type { IdValue } from "../../lib/protocol/types.js";
import type { ErrorReporter } from "../errors/error-reporter.js";
import type { PropUpdater, PropUpdates } from "../set-props.js";
import type { LayoutStore, StoreChange } from "../store/layout-store.js";
import type { StreamRuns } from "../stream/stream-runs.js";
import { runClientside } from "./clientside.js";
import { applyRunning } from "./running.js";
import { idKeys } from "../store/layout-nodes.js";
import { idMatchesResolved, matchValues } from "../../lib/protocol/ids.js";
import type { CallbackDef, CallbackGraph } from "./graph.js";
import { postUpdate } from "./post-update.js";
import { buildRequest } from "./request-body.js";
import { argsOf, matchSets, resolveCallback, resolvedKey, type ResolvedCallback } from "./resolve.js";

/** A callback waiting to run, its triggers merged: Dash sends one request per resolved callback. */
interface Pending {
  key: string;
  callback: CallbackDef;
  match: Record<string, IdValue>;
  changedPropIds: string[];
}

/**
 * Runs callbacks the way dash-renderer does: initial calls for new components (unless
 * prevent_initial_call), a call for each changed Input, repeated triggers of a waiting callback
 * merged into one request, and a callback only sent once none of its inputs is the output of
 * another pending or running callback — so chained callbacks run in dependency order and see
 * their producers' results. Event callbacks go to the stream runs instead of the update endpoint.
 */
export class CallbackDispatcher {
  private readonly requested = new Map<string, Pending>();
  /**
   * The running request of each resolved callback. A new request of the same callback replaces
   * the one running: as in dash-renderer, the result of a superseded request is dropped when it
   * comes, so a slow older answer never overwrites a newer one.
   */
  private readonly executing = new Map<string, { resolved: ResolvedCallback; request: object }>();
  private flushQueued = false;

  constructor(
    private readonly store: LayoutStore,
    private readonly graph: CallbackGraph,
    private readonly updater: PropUpdater,
    private readonly streams: StreamRuns,
    private readonly errors: ErrorReporter,
    private readonly updatePath: string,
  ) {}

  /** Page load: the whole layout is new. */
  start(): void {
    this.onLayoutChanged(new Set(this.store.ids()), new Set());
  }

  /**
   * Props changed (user, response, stream, set_props): trigger listeners, index new components,
   * check cancels. A callback's own response never re-triggers it (Dash's circular callbacks,
   * e.g. two inputs kept in sync by one callback).
   */
  onPropsChanged(change: StoreChange, origin?: string): void {
    this.streams.onPropsChanged(change, (idStr, prop) => this.store.get(idStr)?.props[prop]);
    for (const { idStr, id, props } of change.changed) {
      if (!this.store.has(idStr)) continue;
      for (const prop of props) {
        for (const { callback, dep } of this.graph.listenersOf(id, prop)) {
          const match = matchValues(dep.id, id);
          if (resolvedKey(callback, match) !== origin) this.request(callback, match, propId(id, prop));
        }
      }
    }
    if (change.addedIds.size > 0 || change.removedIds.size > 0) this.onLayoutChanged(change.addedIds, change.removedIds);
  }

  /**
   * Components appeared (page load, or a subtree arriving in a prop) or left. Only the
   * callbacks that can refer to those ids are looked at, so the work follows the change, not
   * the layout. As Dash does: callbacks whose outputs are all among the new components get
   * their initial call; callbacks outside that read a new one as an Input (e.g. an ALL input)
   * are triggered by it; callbacks with an ALL/ALLSMALLER input that held a removed component
   * run again without it (not subject to prevent_initial_call).
   */
  private onLayoutChanged(added: Set<string>, removed: Set<string>): void {
    const ids = [...added].map((idStr) => ({ idStr, id: parseId(idStr) }));
    const triggered: Array<[CallbackDef, Record<string, IdValue>, string | null]> = [];
    for (const callback of this.graph.callbacksOf(ids.map(({ id }) => id))) {
      const own = callback.spec.no_output ? callback.inputs : callback.outputs;
      for (const match of matchSets(own.length > 0 ? own : callback.inputs, ids)) {
        const resolved = resolveCallback(this.store, callback, match);
        if (!resolved) continue;
        const owned = argsOf(callback.spec.no_output ? resolved.inputs : resolved.outputs);
        if (owned.length > 0 && owned.every((arg) => added.has(arg.idStr))) {
          if (!callback.spec.prevent_initial_call) this.request(callback, match, null);
          continue;
        }
        for (const arg of argsOf(resolved.inputs)) {
          if (added.has(arg.idStr)) triggered.push([callback, match, propId(arg.id, arg.property)]);
        }
      }
    }
    if (removed.size > 0) triggered.push(...this.callbacksLosingInputs(removed));
    for (const [callback, match, changed] of triggered) this.request(callback, match, changed);
  }

  /** The resolved callbacks whose ALL/ALLSMALLER inputs held one of the removed components, and still have outputs. */
  private callbacksLosingInputs(removed: Set<string>): Array<[CallbackDef, Record<string, IdValue>, null]> {
    const gone = [...removed].map((idStr) => parseId(idStr)).filter((id) => typeof id !== "string");
    const found = new Map<string, [CallbackDef, Record<string, IdValue>, null]>();
    for (const callback of this.graph.callbacksOf(gone)) {
      const arrays = callback.inputs.filter((dep) => dep.wildcards.has("ALL") || dep.wildcards.has("ALLSMALLER"));
      if (arrays.length === 0) continue;
      // MATCH callbacks: one per set of MATCH values among their outputs' components.
      const own = callback.outputs.length > 0 ? callback.outputs : callback.inputs;
      const withMatch = own.filter((dep) => dep.wildcards.has("MATCH"));
      const candidates = withMatch.flatMap((dep) => [...this.store.idsWithKeys(idKeys(dep.id) ?? "")]);
      for (const match of matchSets(own, candidates)) {
        if (!arrays.some((dep) => gone.some((id) => idMatchesResolved(dep.id, id, match)))) continue;
        const resolved = resolveCallback(this.store, callback, match);
        const outputs = resolved ? argsOf(resolved.outputs) : [];
        if (outputs.length > 0 && !outputs.every((arg) => removed.has(arg.idStr))) found.set(resolvedKey(callback, match), [callback, match, null]);
      }
    }
    return [...found.values()];
  }

  private request(callback: CallbackDef, match: Record<string, IdValue>, changed: string | null): void {
    const key = resolvedKey(callback, match);
    let pending = this.requested.get(key);
    if (!pending) this.requested.set(key, (pending = { key, callback, match, changedPropIds: [] }));
    if (changed !== null && !pending.changedPropIds.includes(changed)) pending.changedPropIds.push(changed);
    if (!this.flushQueued) {
      this.flushQueued = true;
      // Triggers of one update arrive together; decide what is ready once they are all in.
      queueMicrotask(() => {
        this.flushQueued = false;
        this.flush();
      });
    }
  }

  /**
   * Send every requested callback whose inputs no other pending or running callback produces,
   * directly or through callbacks downstream of it (as dash-renderer does): a callback whose
   * input will change once an upstream chain settles waits for that chain.
   */
  private flush(): void {
    const waiting = [...this.requested.values()].map((pending) => ({
      pending,
      resolved: resolveCallback(this.store, pending.callback, pending.match),
    }));
    const producers = new Map<string, Set<string>>();
    const addProducer = (key: string, resolved: ResolvedCallback) => {
      for (const propId of this.downstreamOutputs(resolved)) {
        let set = producers.get(propId);
        if (!set) producers.set(propId, (set = new Set()));
        set.add(key);
      }
    };
    for (const { pending, resolved } of waiting) if (resolved) addProducer(pending.key, resolved);
    for (const [key, running] of this.executing) addProducer(key, running.resolved);
    for (const { pending, resolved } of waiting) {
      if (!resolved) {
        // Its components are gone (e.g. replaced by a new subtree): nothing to run.
        this.requested.delete(pending.key);
        continue;
      }
      const own = new Set(argsOf(resolved.outputs).map((arg) => propId(arg.id, arg.property)));
      const blocked = argsOf(resolved.inputs).some((arg) => {
        const id = propId(arg.id, arg.property);
        if (own.has(id)) return false;
        const from = producers.get(id);
        return from !== undefined && [...from].some((key) => key !== pending.key);
      });
      if (blocked) continue;
      this.requested.delete(pending.key);
      void this.run(pending, resolved);
    }
  }

  /** The `id.prop`s a callback's run may change: its outputs, and the outputs of every callback downstream. */
  private downstreamOutputs(start: ResolvedCallback): Set<string> {
    const seen = new Set<string>();
    const queue = argsOf(start.outputs);
    while (queue.length > 0) {
      const arg = queue.pop()!;
      const key = propId(arg.id, arg.property);
      if (seen.has(key)) continue;
      seen.add(key);
      for (const { callback, dep } of this.graph.listenersOf(arg.id, arg.property)) {
        const next = resolveCallback(this.store, callback, matchValues(dep.id, arg.id));
        if (next) queue.push(...argsOf(next.outputs));
      }
    }
    return seen;
  }

  private async run(pending: Pending, resolved: ResolvedCallback): Promise<void> {
    const { callback } = pending;
    const body = buildRequest(this.store, resolved, pending.changedPropIds);
    if (callback.isStream) {
      this.streams.start(callback, body);
      return;
    }
    const request = {};
    this.executing.set(pending.key, { resolved, request });
    this.setRunning(resolved, true);
    let updates: PropUpdates = [];
    let failure: { error: unknown } | undefined;
    try {
      updates = callback.spec.clientside_function
        ? await runClientside(this.store, resolved, pending.changedPropIds)
        : await postUpdate(this.updatePath, body);
    } catch (error) {
      failure = { error };
    }
    // Superseded by a newer request of this callback: that one owns the running state and the outputs.
    if (this.executing.get(pending.key)?.request === request) {
      this.executing.delete(pending.key);
      this.setRunning(resolved, false);
      if (failure) {
        const message = failure.error instanceof Error ? failure.error.message : String(failure.error);
        this.errors.report(`Callback error updating ${callback.spec.output}: ${message}`, failure.error);
      }
      // Applied after leaving `executing`, so the callbacks it triggers are not blocked by it.
      if (updates.length > 0) this.updater.apply(updates, { origin: pending.key });
    }
    if (this.requested.size > 0) this.flush();
  }

  /** Dash's `running` props and loading state, set while the callback runs and undone after. */
  private setRunning(resolved: ResolvedCallback, on: boolean): void {
    applyRunning(this.store, this.updater, resolved.callback.spec.running, on);
    this.store.setLoading(argsOf(resolved.outputs).map((arg) => [stringifyId(arg.id), on ? arg.property : undefined]));
  }
}
