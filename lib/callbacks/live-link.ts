/**
 * A regular callback's line to its page while it runs (live callbacks, issue 19): when the
 * request named the page's downlink, `setProps` goes to the page at once and `ctx.getProp` reads
 * what the page holds now. The server side (lib/server/live/) implements it on a downlink
 * connection; without one the callback folds `setProps` into its response, as Dash does.
 */
import type { ComponentId, JsonValue } from "../protocol/types.js";

/** What a running callback can do with its page. */
export interface LiveLink {
  /** Send one component's props to the page now (values already checked as JSON). */
  setProps(id: ComponentId, props: Record<string, unknown>): void;
  /**
   * The props `props` names (all of them for null) that component `id` holds on the page now;
   * `undefined` when the page has no such component. Rejects when the page does not answer in time.
   */
  getProps(id: ComponentId, props: string[] | null): Promise<Record<string, JsonValue> | undefined>;
}
