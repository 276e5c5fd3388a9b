/**
 * A regular callback's line to its page while it runs (live callbacks, issue 19): when the
 * request named the page's downlink, `setProps` goes to the page at once and `ctx.getProp` reads
 * what the page holds now. The server side (lib/server/live/) implements it on a downlink
 * connection; without one the callback folds `setProps` into its response, as Dash does.
 */
import type { ComponentId, JsonValue } from "../protocol/types.js";
import type { Component } from "../dsl/component.js";
import { describe } from "../dsl/component.js";
import { targetId } from "./target-id.js";

/** What a running callback can do with its page. */
export interface LiveLink {
  /**
   * Send one component's props to the page now (values already checked as JSON); the thenable
   * settles once the transport can take more (backpressure), and never rejects.
   */
  setProps(id: ComponentId, props: Record<string, unknown>): PromiseLike<void>;
  /**
   * The props `props` names (all of them for null) that component `id` holds on the page now;
   * `undefined` when the page has no such component. Rejects when the page does not answer in time.
   */
  getProps(id: ComponentId, props: string[] | null): Promise<Record<string, JsonValue> | undefined>;
}

/** `ctx.live`, `ctx.getProp` and `ctx.getProps` of a run, on `live` (or refusing clearly without it). */
export function pageReaders(live: LiveLink | undefined): {
  live: boolean;
  getProp(this: void, id: ComponentId | Component, prop: string): Promise<JsonValue | undefined>;
  getProps(this: void, id: ComponentId | Component): Promise<Record<string, JsonValue> | undefined>;
} {
  const notLive = (): Promise<never> =>
    Promise.reject(new Error("ctx.getProp()/getProps() need a live callback: the multiplexed transport (the default; not `liveCallbacks: false` nor `streamTransport: \"per-request\"`) and a request from the page (ctx.live is false here)"));
  return {
    live: live !== undefined,
    getProp: (id, prop) => {
      if (!live) return notLive();
      if (typeof prop !== "string") return Promise.reject(new TypeError(`ctx.getProp(id, prop): prop must be a string, got ${describe(prop)}`));
      return live.getProps(targetId(id, "ctx.getProp(id, prop)"), [prop]).then((props) => props?.[prop]);
    },
    getProps: (id) => (live ? live.getProps(targetId(id, "ctx.getProps(id)"), null) : notLive()),
  };
}
