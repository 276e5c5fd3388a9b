import { batchFrame, singleFrame, singleFrameJson } from "../protocol/frames.js";
import type { BatchFrame, ComponentId, PropsUpdate, SingleFrame } from "../protocol/types.js";
import { Component, describe, isPlainObject, type Props, type PropsOfComponent, type TypedComponent, type UntypedComponent } from "./component.js";
import type { Patch } from "./patch.js";

/** The id of a stream update's target: a string, a concrete object id, or a component that has an id. */
export type StreamTarget = ComponentId | Component;

/**
 * The props `streamProps` accepts for a component whose props type is `P`: any of them, each its
 * own type or a `Patch` of it.
 *
 * @example
 * ```ts
 * const update: StreamPropsFor<dcc.GraphProps> = { extendData: [{ y: [[1]] }, [0]] };
 * ```
 */
export type StreamPropsFor<P extends object> = { [K in keyof P]?: P[K] | Patch };

/** One `[id, props]` pair of a batch. */
export type StreamPair = readonly [StreamTarget, Props];

/**
 * One value an event callback yields: props for one component (a `[SINGLE]` frame) or for several,
 * applied together in one render (a `[BATCH]` frame). Made by `streamProps()`.
 *
 * @example
 * ```ts
 * streamProps("out", { children: "done" }).toFrame(); // ["[SINGLE]", "out", { children: "done" }]
 * ```
 */
export class StreamUpdate {
  /** The `[id, props]` pairs, ids resolved from components. */
  readonly updates: ReadonlyArray<readonly [ComponentId, Props]>;
  /** Whether this is a batch (from the list or `{ batch }` form) rather than a single update. */
  readonly isBatch: boolean;

  constructor(updates: ReadonlyArray<readonly [ComponentId, Props]>, isBatch: boolean) {
    if (!isBatch && updates.length !== 1) {
      throw new TypeError(`StreamUpdate: a single update holds exactly one [id, props] pair, got ${updates.length}`);
    }
    this.updates = updates;
    this.isBatch = isBatch;
  }

  /**
   * The SSE frame of this update. Props are left as given: the frame is sent with `JSON.stringify`,
   * so components and `Patch` values in props serialize through their `toJSON()`.
   *
   * @example
   * ```ts
   * streamProps([["a", { x: 1 }], ["b", { y: 2 }]]).toFrame();
   * // ["[BATCH]", null, [["a", { x: 1 }], ["b", { y: 2 }]]]
   * ```
   */
  toFrame(): SingleFrame | BatchFrame {
    if (!this.isBatch) {
      const [id, props] = this.updates[0];
      return singleFrame(id, props as SingleFrame[2]);
    }
    return batchFrame(this.updates.map(([id, props]) => [id, props] as PropsUpdate));
  }

  /**
   * The frame's compact JSON text, as sent: `JSON.stringify(update.toFrame())`, made without the
   * intermediate frame for a single update. Throws what `JSON.stringify` throws (e.g. a BigInt prop).
   *
   * @example
   * ```ts
   * streamProps("out", { children: 1 }).toFrameJson(); // '["[SINGLE]","out",{"children":1}]'
   * ```
   */
  toFrameJson(): string {
    if (this.isBatch) return JSON.stringify(this.toFrame());
    const update = this.updates[0];
    return singleFrameJson(update[0], update[1] as SingleFrame[2]);
  }
}

/**
 * Build what an event callback yields, in the seed's three forms:
 * `streamProps(id, props)` (one component), `streamProps([[id, props], ...])` and
 * `streamProps({ batch: [[id, props], ...] })` (several, applied in one render).
 * A wrong shape throws a TypeError saying what was expected. Given a component made by a typed
 * factory (`dcc.Graph(...)`, `html.Div(...)`), `props` is type-checked against that component's props.
 *
 * @example
 * ```ts
 * eventCallback(Input("go", "n_clicks"), async function* () {
 *   yield streamProps("go", { disabled: true });
 *   yield streamProps([["go", { disabled: false }], ["out", { children: "done" }]]);
 * });
 * const graph = dcc.Graph({ id: "g" });
 * streamProps(graph, { extendData: [{ y: [[1]] }, [0]] }); // streamProps(graph, { extnedData: … }) does not compile
 * ```
 */
export function streamProps<C extends TypedComponent<object>>(target: C, props: StreamPropsFor<PropsOfComponent<C>>): StreamUpdate;
export function streamProps(id: ComponentId | UntypedComponent, props: Props): StreamUpdate;
export function streamProps(batch: readonly StreamPair[]): StreamUpdate;
export function streamProps(options: { batch: readonly StreamPair[] }): StreamUpdate;
export function streamProps(first: unknown, second?: unknown): StreamUpdate {
  if (arguments.length >= 2) {
    return new StreamUpdate([[checkTarget(first, "streamProps(id, props)"), checkProps(second, "streamProps(id, props)")]], false);
  }
  if (Array.isArray(first)) return new StreamUpdate(checkBatch(first, "streamProps([[id, props], ...])"), true);
  if (isPlainObject(first) && "batch" in first) {
    const extra = Object.keys(first).filter((key) => key !== "batch");
    if (extra.length > 0) {
      throw new TypeError(`streamProps({ batch }): unexpected key(s) ${extra.map((k) => JSON.stringify(k)).join(", ")}; expected only "batch"`);
    }
    if (!Array.isArray(first.batch)) {
      throw new TypeError(`streamProps({ batch }): batch must be an array of [id, props] pairs, got ${describe(first.batch)}`);
    }
    return new StreamUpdate(checkBatch(first.batch, "streamProps({ batch })"), true);
  }
  throw new TypeError(
    `streamProps: expected (id, props), an array of [id, props] pairs, or { batch: [[id, props], ...] }; got ${describe(first)}` +
      (arguments.length === 1 && (typeof first === "string" || first instanceof Component) ? " without props" : ""),
  );
}

function checkBatch(batch: readonly unknown[], form: string): Array<readonly [ComponentId, Props]> {
  return batch.map((pair, index) => {
    if (!Array.isArray(pair) || pair.length !== 2) {
      throw new TypeError(`${form}: item ${index} must be an [id, props] pair, got ${describe(pair)}`);
    }
    const where = `${form}, item ${index}`;
    return [checkTarget(pair[0], where), checkProps(pair[1], where)] as const;
  });
}

function checkTarget(target: unknown, where: string): ComponentId {
  if (target instanceof Component) {
    const id = target.id;
    if (id === undefined) throw new TypeError(`${where}: the ${target.type} component has no id`);
    return id;
  }
  if (typeof target === "string") {
    if (target === "") throw new TypeError(`${where}: the id must not be empty`);
    return target;
  }
  if (isPlainObject(target)) {
    const keys = Object.keys(target);
    if (keys.length === 0) throw new TypeError(`${where}: an object id needs at least one key`);
    for (const key of keys) {
      const value = target[key];
      if (typeof value !== "string" && typeof value !== "number" && typeof value !== "boolean") {
        throw new TypeError(`${where}: the value of id key ${JSON.stringify(key)} must be a string, number or boolean (no wildcards in stream updates), got ${describe(value)}`);
      }
    }
    return target as ComponentId;
  }
  throw new TypeError(`${where}: the id must be a string, an object id or a component with an id, got ${describe(target)}`);
}

function checkProps(props: unknown, where: string): Props {
  if (!isPlainObject(props)) {
    throw new TypeError(`${where}: props must be an object of prop name to value, got ${describe(props)}`);
  }
  return props as Props;
}
