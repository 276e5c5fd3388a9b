import { idMatches, idMatchesResolved, matchValues, parseId, propId, stringifyId } from "../../lib/protocol/ids.js";
import type { ComponentId, IdValue } from "../../lib/protocol/types.js";
import type { ErrorReporter } from "../errors/error-reporter.js";
import type { PropUpdater, PropUpdates } from "../set-props.js";
import { idKeys } from "../store/layout-nodes.js";
import type { IdSet, LayoutStore, StoreChange } from "../store/layout-store.js";
import type { StreamRuns } from "../stream/stream-runs.js";
import { runClientside } from "./clientside.js";
import { findCycle } from "./cycles.js";
import type { CallbackDef, CallbackGraph } from "./graph.js";
import { missingDependencyMessage } from "./missing-dependency.js";
import { postUpdate, type UpdatePoster } from "./post-update.js";
import { buildRequest } from "./request-body.js";
import {
  argsOf,
  instancesTriggeredBy,
  isMultiValued,
  matchSets,
  resolvedKey,
  resolveWithMisses,
  type Resolution,
  type ResolvedCallback,
} from "./resolve.js";
import { applyRunning } from "./running.js";

/**
 * A callback waiting to run (dash-renderer's "requested" callback), its triggers merged: Dash
 * sends one request per resolved callback.
 */
interface Pending {
  key: string;
  callback: CallbackDef;
  match: Record<string, IdValue>;
  changedPropIds: Set<string>;
  /** Requested because its components appeared (page load, inserted components), not by a change. */
  initialCall: boolean;
  /** The callbacks of one layout change share a group: one that changed nothing keeps its group's followers from running. */
  executionGroup: string | undefined;
  /** The callbacks (by index) whose results led to this request: a callback among them closes a cycle and is dropped. */
  predecessors: ReadonlySet<number>;
}

/** What a finished callback of an execution group could have changed, and what it did change. */
interface GroupResult {
  allProps: string[];
  updatedProps: Set<string>;
}

const NO_PREDECESSORS: ReadonlySet<number> = new Set();

/**
 * Runs callbacks as dash-renderer does, everything computed from the current layout:
 *
 * - **Requests.** Page load and components a callback inserts request the callbacks whose
 *   outputs they hold (unless `prevent_initial_call`), pattern inputs expanded against the new
 *   layout; a callback whose inputs are all missing, or all outputs of callbacks left out, is
 *   left out, repeated until nothing changes. A changed prop requests the callbacks it is an
 *   Input of (MATCH/ALLSMALLER instances tied to it); removed components re-run the ALL
 *   callbacks that held them. Repeated requests of one resolved callback merge.
 * - **Pruning.** A request that closes a cycle (its callback led to it) is dropped; so is one
 *   whose outputs match nothing.
 * - **Readiness.** A callback waits while any of its inputs will still be changed by a pending
 *   or running callback, directly or downstream; a set of callbacks that all wait on each other
 *   (a cycle) starts with the first.
 * - **Execution groups.** Of the callbacks one layout change requested, one whose inputs are
 *   all outputs of finished group members, none of which changed them (PreventUpdate,
 *   no_update), does not run.
 *
 * Event callbacks go to the stream runs instead of the update endpoint.
 */
export class CallbackDispatcher {
  private readonly requested = new Map<string, Pending>();
  /**
   * The running request of each resolved callback. A new request of the same callback replaces
   * the one running: as in dash-renderer, the result of a superseded request is dropped when it
   * comes, so a slow older answer never overwrites a newer one.
   */
  private readonly executing = new Map<string, { pending: Pending; resolved: ResolvedCallback; request: object }>();
  private readonly groups = new Map<string, GroupResult[]>();
  private groupCount = 0;
  /** While a callback's result is applied: it and its predecessors, which the changes it makes descend from. */
  private applyingFrom: ReadonlySet<number> = NO_PREDECESSORS;
  private flushQueued = false;

  /** Told whether callbacks are running, after each start and end (the page's `update_title`). */
  onBusyChange: (busy: boolean) => void = () => {};

  constructor(
    private readonly store: LayoutStore,
    private readonly graph: CallbackGraph,
    private readonly updater: PropUpdater,
    private readonly streams: StreamRuns,
    private readonly errors: ErrorReporter,
    private readonly updatePath: string,
    private readonly debug = false,
    /** Posts regular callbacks' requests: plainly, or naming the downlink (live callbacks). */
    private readonly post: UpdatePoster = postUpdate,
  ) {}

  /** Page load: the whole layout is new. */
  start(): void {
    if (this.debug) {
      const cycle = findCycle(this.graph.callbacks);
      if (cycle) this.errors.report(`Circular Dependencies\nDependency Cycle Found:\n${cycle.join("\n")}`);
    }
    const found = this.layoutCallbacks(this.store.indexedIds, new Set(), true);
    // Callbacks that no output ties to the layout: without outputs (when an input is there, or
    // there are none), and without inputs (when an output is there).
    for (const callback of this.graph.callbacks) {
      if (callback.spec.prevent_initial_call) continue;
      const noOutput = callback.spec.no_output || callback.outputs.length === 0;
      if (!noOutput && callback.inputs.length > 0) continue;
      for (const match of matchSets(noOutput ? callback.inputs : callback.outputs, this.allIds())) {
        const { resolved } = resolveWithMisses(this.store, callback, match);
        const present = argsOf(noOutput ? resolved.inputs : resolved.outputs).length > 0;
        if ((noOutput && callback.inputs.length === 0) || present) addFound(found, callback, match, true, null);
      }
    }
    this.requestGroup(found, NO_PREDECESSORS);
  }

  /**
   * Props changed (user, response, stream, set_props): request their listeners and, for the
   * components that came or went, the layout's callbacks; check stream cancels.
   */
  onPropsChanged(change: StoreChange): void {
    const valueOf = (idStr: string, prop: string): unknown => this.store.get(idStr)?.props[prop];
    this.streams.onPropsChanged(change, valueOf);
    for (const pending of [...this.requested.values()]) {
      if (pending.callback.isStream && pending.callback.spec.cancel?.length && this.streams.cancelWaiting(pending.callback, change, valueOf)) {
        this.requested.delete(pending.key);
      }
    }
    const predecessors = this.applyingFrom;
    for (const { idStr, id, props } of change.changed) {
      if (!this.store.has(idStr)) continue;
      for (const prop of props) {
        for (const { callback, dep } of this.graph.listenersOf(id, prop)) {
          for (const match of instancesTriggeredBy(this.store, callback, dep, id)) {
            this.request({
              key: resolvedKey(callback, match),
              callback,
              match,
              changedPropIds: new Set([propId(id, prop)]),
              initialCall: false,
              executionGroup: undefined,
              predecessors,
            });
          }
        }
      }
    }
    if (change.addedIds.size > 0 || change.removedIds.size > 0) {
      this.requestGroup(this.layoutCallbacks(change.addedIds, change.removedIds, false), predecessors);
    }
  }

  /**
   * The callbacks a layout change requests (dash-renderer's `getLayoutCallbacks`): initial calls
   * of the callbacks whose outputs are among the new components; unless `outputsOnly`, the
   * callbacks outside them that read a new component as an input, and the ALL/ALLSMALLER
   * callbacks that held a removed component; then the exclusion loop.
   */
  private layoutCallbacks(added: IdSet, removed: Set<string>, outputsOnly: boolean): Map<string, Pending> {
    const found = new Map<string, Pending>();
    // Component by component in layout order, its outputs' callbacks before its inputs', as Dash crawls a layout.
    added.forEach((idStr) => {
      // most components have no callbacks: decided before layoutCallbacksOf makes anything
      const id = parseId(idStr);
      const callbacks = this.graph.callbacksOfId(id);
      if (callbacks.length > 0) this.layoutCallbacksOf(id, callbacks, added, outputsOnly, found);
    });
    if (removed.size > 0) this.addLosingInputs(found, removed);
    return this.excludeUnfed(found);
  }

  /** layoutCallbacks' part for one new component, with the callbacks naming its id. */
  private layoutCallbacksOf(id: ComponentId, callbacks: readonly CallbackDef[], added: IdSet, outputsOnly: boolean, found: Map<string, Pending>): void {
    for (const callback of callbacks) {
      if (callback.spec.prevent_initial_call) continue;
      for (const dep of callback.outputs) if (idMatches(dep.id, id)) addFound(found, callback, matchValues(dep.id, id), true, null);
    }
    if (outputsOnly) return;
    for (const callback of callbacks) {
      for (const dep of callback.inputs) {
        if (!idMatches(dep.id, id)) continue;
        for (const match of instancesTriggeredBy(this.store, callback, dep, id)) {
          const resolved = resolveWithMisses(this.store, callback, match).resolved;
          if (callback.outputs.length > 0) {
            // Only callbacks reaching outside the new components: those inside get their initial call.
            const outputs = argsOf(resolved.outputs);
            if (outputs.length > 0 && !outputs.every((arg) => added.has(arg.idStr))) addFound(found, callback, match, false, propId(id, dep.property));
          } else if (!callback.spec.prevent_initial_call) {
            // A no-output callback (an event callback) whose inputs all arrived gets its initial call.
            const inputs = argsOf(resolved.inputs);
            if (inputs.length > 0 && inputs.every((arg) => added.has(arg.idStr))) addFound(found, callback, match, true, null);
          }
        }
      }
    }
  }

  /**
   * The resolved callbacks whose ALL/ALLSMALLER inputs held a removed component and that still
   * have outputs: they run again without it (as an initial call with nothing changed, which
   * `prevent_initial_call` does not stop, as in Dash).
   */
  private addLosingInputs(found: Map<string, Pending>, removed: Set<string>): void {
    const gone = [...removed].map((idStr) => parseId(idStr)).filter((id) => typeof id !== "string");
    for (const callback of this.graph.callbacksOf(gone)) {
      const arrays = callback.inputs.filter(isMultiValued);
      if (arrays.length === 0 || callback.outputs.length === 0) continue;
      const withMatch = callback.outputs.filter((dep) => dep.wildcards.has("MATCH"));
      const candidates = withMatch.flatMap((dep) => [...this.store.idsWithKeys(idKeys(dep.id) ?? "")]);
      for (const match of matchSets(callback.outputs, candidates)) {
        if (!arrays.some((dep) => gone.some((id) => idMatchesResolved(dep.id, id, match)))) continue;
        const outputs = argsOf(resolveWithMisses(this.store, callback, match).resolved.outputs);
        if (outputs.length > 0) addFound(found, callback, match, true, null);
      }
    }
  }

  /**
   * dash-renderer's exclusion loop: leave out a callback whose inputs are all missing or all
   * outputs of callbacks left out (unless every input is ALL/ALLSMALLER, or it has none),
   * until nothing more is left out.
   */
  private excludeUnfed(found: Map<string, Pending>): Map<string, Pending> {
    let callbacks = [...found.values()].map((pending) => ({ pending, resolution: this.resolve(pending) }));
    const exclusions = new Set<string>();
    for (;;) {
      const excluded = callbacks.filter(({ pending, resolution }) => {
        if (pending.callback.inputs.every(isMultiValued)) return false;
        return argsOf(resolution.resolved.inputs).every((arg) => exclusions.has(propId(arg.id, arg.property)));
      });
      if (excluded.length === 0) break;
      callbacks = callbacks.filter((entry) => !excluded.includes(entry));
      for (const { resolution } of excluded) for (const arg of argsOf(resolution.resolved.outputs)) exclusions.add(propId(arg.id, arg.property));
    }
    return new Map(callbacks.map(({ pending }) => [pending.key, pending]));
  }

  /** Request the callbacks of one layout change, as one execution group. */
  private requestGroup(found: Map<string, Pending>, predecessors: ReadonlySet<number>): void {
    if (found.size === 0) return;
    const executionGroup = `g${++this.groupCount}`;
    for (const pending of found.values()) this.request({ ...pending, executionGroup, predecessors });
  }

  /**
   * Add a request, merged with a waiting request of the same resolved callback: a triggered
   * request replaces an initial one (its change is what matters), two of a kind merge their
   * changed props, the newer one's group and predecessors winning.
   */
  private request(next: Pending): void {
    // One its own result led to closes a cycle: dropped before it can displace an initial call of the same instance.
    if (next.predecessors.has(next.callback.index)) return;
    const waiting = this.requested.get(next.key);
    if (!waiting || (waiting.initialCall && !next.initialCall)) {
      this.requested.set(next.key, next);
    } else if (waiting.initialCall === next.initialCall) {
      for (const changed of next.changedPropIds) waiting.changedPropIds.add(changed);
      waiting.executionGroup = next.executionGroup ?? waiting.executionGroup;
      waiting.predecessors = next.predecessors;
    }
    if (!this.flushQueued) {
      this.flushQueued = true;
      // Triggers of one update arrive together; decide what is ready once they are all in.
      queueMicrotask(() => {
        this.flushQueued = false;
        this.flush();
      });
    }
  }

  private resolve(pending: Pending): Resolution {
    return resolveWithMisses(this.store, pending.callback, pending.match);
  }

  /** dash-renderer's requested-callbacks pass: prune, find what is ready, drop what its group made pointless, run the rest. */
  private flush(): void {
    const candidates: Array<{ pending: Pending; resolution: Resolution }> = [];
    for (const pending of this.requested.values()) {
      const resolution = this.resolve(pending);
      // Outputs that match nothing (all gone, or an ALL pattern with no component): nothing to run.
      const outputs = argsOf(resolution.resolved.outputs);
      if ((pending.callback.outputs.length > 0 && outputs.length === 0) || resolution.missingOutputs.length > 0) {
        this.requested.delete(pending.key);
        continue;
      }
      candidates.push({ pending, resolution });
    }
    let ready = this.readyAmong(candidates, [...candidates.map((c) => c.resolution.resolved), ...this.runningResolved()], true);
    if (ready.length === 0 && candidates.length > 0 && this.executing.size === 0) ready = this.breakCycle(candidates);
    for (const entry of ready) {
      this.requested.delete(entry.pending.key);
      if (this.pointlessInGroup(entry.pending, entry.resolution)) continue;
      void this.run(entry.pending, entry.resolution);
    }
    this.forgetFinishedGroups();
  }

  private runningResolved(): ResolvedCallback[] {
    return [...this.executing.values()].map((running) => running.resolved);
  }

  /**
   * The candidates none of whose inputs (other than their own outputs) a pending or running
   * callback will change: with `transitive`, through every callback downstream too.
   */
  private readyAmong<T extends { resolution: Resolution }>(candidates: T[], pending: ResolvedCallback[], transitive: boolean): T[] {
    const changing = new Set<string>();
    for (const resolved of pending) {
      for (const key of transitive ? this.downstreamOutputs(resolved) : argsOf(resolved.outputs).map((arg) => propId(arg.id, arg.property))) changing.add(key);
    }
    return candidates.filter(({ resolution: { resolved } }) => {
      const own = new Set(argsOf(resolved.outputs).map((arg) => propId(arg.id, arg.property)));
      return argsOf(resolved.inputs).every((arg) => {
        const key = propId(arg.id, arg.property);
        return own.has(key) || !changing.has(key);
      });
    });
  }

  /**
   * Requests that all wait on each other, with nothing running: a cycle. As dash-renderer
   * does, take the first as ready, then every other one not waiting on those taken.
   */
  private breakCycle<T extends { pending: Pending; resolution: Resolution }>(candidates: T[]): T[] {
    const ready: T[] = [];
    let rest = candidates.slice();
    while (rest.length > 0) {
      ready.push(rest.shift()!);
      rest = this.readyAmong(rest, ready.map((entry) => entry.resolution.resolved), false);
    }
    return ready;
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
        for (const match of instancesTriggeredBy(this.store, callback, dep, arg.id)) {
          queue.push(...argsOf(resolveWithMisses(this.store, callback, match).resolved.outputs));
        }
      }
    }
    return seen;
  }

  /**
   * Of a layout change's callbacks, one whose inputs are all outputs of group members that have
   * finished without changing any of them (PreventUpdate, no_update) has nothing to respond
   * to: dash-renderer drops it (unless all its inputs are ALL/ALLSMALLER).
   */
  private pointlessInGroup(pending: Pending, resolution: Resolution): boolean {
    const results = pending.executionGroup === undefined ? undefined : this.groups.get(pending.executionGroup);
    if (!results || results.length === 0 || pending.callback.inputs.every(isMultiValued)) return false;
    const inputs = argsOf(resolution.resolved.inputs).map((arg) => propId(arg.id, arg.property));
    const allProps = new Set(results.flatMap((result) => result.allProps));
    const updated = results.some((result) => inputs.some((key) => result.updatedProps.has(key)));
    return !updated && inputs.every((key) => allProps.has(key));
  }

  /** A group's results matter while any of its callbacks still waits or runs. */
  private forgetFinishedGroups(): void {
    if (this.groups.size === 0) return;
    const live = new Set<string | undefined>();
    for (const pending of this.requested.values()) live.add(pending.executionGroup);
    for (const { pending } of this.executing.values()) live.add(pending.executionGroup);
    for (const group of this.groups.keys()) if (!live.has(group)) this.groups.delete(group);
  }

  private async run(pending: Pending, resolution: Resolution): Promise<void> {
    const { callback } = pending;
    const { resolved } = resolution;
    const missing = this.missingVerdict(pending, resolution);
    if (missing === "skip") return;
    if (missing !== "run") {
      this.errors.report(missing.error);
      return;
    }
    const changedPropIds = [...pending.changedPropIds];
    const body = buildRequest(this.store, resolved, changedPropIds);
    if (callback.isStream) {
      this.streams.start(callback, body);
      return;
    }
    const request = {};
    this.executing.set(pending.key, { pending, resolved, request });
    this.onBusyChange(true);
    this.setRunning(resolved, true);
    let updates: PropUpdates = [];
    let responseProps: string[] = [];
    let failure: { error: unknown } | undefined;
    try {
      if (callback.spec.clientside_function) {
        updates = await runClientside(this.store, resolved, body);
        responseProps = propIdsOf(updates);
      } else {
        const answer = await this.post(this.updatePath, body);
        updates = answer.updates;
        responseProps = answer.responseProps;
      }
    } catch (error) {
      failure = { error };
    }
    // Superseded by a newer request of this callback: that one owns the running state and the outputs.
    if (this.executing.get(pending.key)?.request === request) {
      this.executing.delete(pending.key);
      this.onBusyChange(this.executing.size > 0);
      this.setRunning(resolved, false);
      if (pending.executionGroup !== undefined) {
        const results = this.groups.get(pending.executionGroup) ?? [];
        results.push({ allProps: argsOf(resolved.outputs).map((arg) => propId(arg.id, arg.property)), updatedProps: new Set(responseProps) });
        this.groups.set(pending.executionGroup, results);
      }
      if (failure) {
        const message = failure.error instanceof Error ? failure.error.message : String(failure.error);
        const what = callback.spec.no_output ? `Callback error with no output from input ${changedPropIds.join(", ")}` : `Callback error updating ${callback.spec.output}`;
        this.errors.report(`${what}: ${message}`, failure.error);
      }
      // Applied after leaving `executing`, so the callbacks it triggers are not blocked by it.
      if (updates.length > 0) this.applyResult(updates, pending);
    }
    if (this.requested.size > 0) this.flush();
    else this.forgetFinishedGroups();
  }

  /** Apply a callback's result; what it triggers descends from it (so a cycle back to it ends there). */
  private applyResult(updates: PropUpdates, pending: Pending): void {
    const previous = this.applyingFrom;
    this.applyingFrom = new Set([...pending.predecessors, pending.callback.index]);
    try {
      this.updater.apply(updates);
    } finally {
      this.applyingFrom = previous;
    }
  }

  /**
   * Dash's rule for deps that found no component: all inputs missing skips the call silently
   * (unless they are all ALL/ALLSMALLER); some missing, or a missing State, is an error that
   * names the missing id.
   */
  private missingVerdict(pending: Pending, { resolved, missingInputs, missingState }: Resolution): "run" | "skip" | { error: string } {
    const { callback } = pending;
    if (missingInputs.length > 0) {
      const emptyLists = resolved.inputs.filter((dep) => Array.isArray(dep) && dep.length === 0).length;
      if (missingInputs.length + emptyLists === callback.inputs.length) return "skip";
      return { error: missingDependencyMessage(this.store, missingInputs[0], "Input", pending.match) };
    }
    if (missingState.length > 0) return { error: missingDependencyMessage(this.store, missingState[0], "State", pending.match) };
    return "run";
  }

  /** Dash's `running` props and loading state, set while the callback runs and undone after. */
  private setRunning(resolved: ResolvedCallback, on: boolean): void {
    applyRunning(this.store, this.updater, resolved.callback.spec.running, on, resolved.match);
    this.store.setLoading(argsOf(resolved.outputs).map((arg) => [stringifyId(arg.id), on ? arg.property : undefined]));
  }

  private *allIds(): Iterable<{ id: ReturnType<typeof parseId> }> {
    for (const idStr of this.store.ids()) yield { id: parseId(idStr) };
  }
}

/** Record a callback a layout change requests, merging its triggers with an earlier find of the same instance. */
function addFound(found: Map<string, Pending>, callback: CallbackDef, match: Record<string, IdValue>, initialCall: boolean, changed: string | null): void {
  const key = resolvedKey(callback, match);
  let pending = found.get(key);
  if (!pending) {
    pending = { key, callback, match, changedPropIds: new Set(), initialCall, executionGroup: undefined, predecessors: NO_PREDECESSORS };
    found.set(key, pending);
  }
  if (initialCall) pending.initialCall = true;
  if (changed !== null) pending.changedPropIds.add(changed);
}

function propIdsOf(updates: PropUpdates): string[] {
  return updates.flatMap(([id, props]) => Object.keys(props).map((prop) => propId(id, prop)));
}
