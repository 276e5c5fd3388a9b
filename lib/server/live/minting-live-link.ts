/**
 * The live link of a page's callback request that named no downlink (the page holds none open):
 * nothing happens on the server's side until the callback calls `setProps` or `getProp` (or is
 * persistent). Then a connection is opened for the page (one per tab: tab-connections.ts), signed like any, the request's stream
 * goes on it, and `minted` settles with its id: the route answers the POST 202 naming it at once,
 * and the page opens its downlink on it from sequence 0, so it gets every frame and the answer, in
 * order. A callback that does neither costs the page no downlink and no round trip.
 */
import type { ComponentId, JsonValue } from "../../protocol/types.js";
import type { LiveStart } from "../../protocol/downlink.js";
import type { TabConnections } from "./tab-connections.js";
import { DownlinkLiveLink, type RouteLiveLink } from "./downlink-live-link.js";
import type { PropRequests } from "./prop-requests.js";

/**
 * @example
 * ```ts
 * const link = new MintingLiveLink(new TabConnections(hub), { stream: "t1:4", tab: "t1" }, requests);
 * const settled = runCallback(callback, body, { live: link });
 * const first = await Promise.race([settled, link.minted]); // a string: answer 202 { stream, connection }
 * ```
 */
export class MintingLiveLink implements RouteLiveLink {
  private inner: DownlinkLiveLink | null = null;
  private readonly aborter = new AbortController();
  readonly signal: AbortSignal = this.aborter.signal;
  /** Settles with the connection's id when the callback first needs the page. */
  readonly minted: Promise<string>;
  private resolveMinted!: (connection: string) => void;

  constructor(
    private readonly tabs: TabConnections,
    private readonly target: Omit<LiveStart, "connection">,
    private readonly requests: PropRequests,
  ) {
    this.minted = new Promise((resolve) => (this.resolveMinted = resolve));
  }

  /** The connection opened for the page, once one was. */
  connection: string | null = null;

  setProps(id: ComponentId, props: Record<string, unknown>): PromiseLike<void> {
    return this.link().setProps(id, props);
  }

  getProps(id: ComponentId, props: string[] | null): Promise<Record<string, JsonValue> | undefined> {
    return this.link().getProps(id, props);
  }

  finish(): string | null {
    return this.inner?.finish() ?? null;
  }

  finishWith(responseFrameData: string): void {
    this.inner?.finishWith(responseFrameData);
  }

  openNow(key: string): void {
    this.link().openNow(key);
  }

  private link(): DownlinkLiveLink {
    if (this.inner) return this.inner;
    const connection = this.tabs.for(this.target.tab);
    const inner = new DownlinkLiveLink(connection, { connection: connection.id, stream: this.target.stream, tab: this.target.tab }, this.requests);
    this.inner = inner;
    this.connection = connection.id;
    inner.signal.addEventListener("abort", () => this.aborter.abort(inner.signal.reason), { once: true });
    this.resolveMinted(connection.id);
    return inner;
  }
}
