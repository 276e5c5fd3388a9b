/**
 * The SharedWorker that holds one downlink for every tab of the app in this browser (bundled on
 * its own: dist/renderer/dash-events-downlink-worker.js). Tabs tell it which runs they watch; it
 * routes each frame to the tab that watches its run. When a tab goes away (its Web Lock is
 * released: closed, reloaded, crashed), the worker ends that tab's runs on the server. A live
 * callback's connection the server opened (a tab had none open) becomes the browser's downlink
 * when the worker holds none open; when two tabs race, the second reads its own until idle
 * (downlink-pool.ts).
 */
import type { CancelRequest } from "../../lib/protocol/downlink.js";
import { DownlinkPool } from "./downlink-pool.js";
import { tabLockName, type TabMessage, type WorkerMessage } from "./downlink-messages.js";

/** The little of SharedWorkerGlobalScope used here (the renderer's tsconfig has DOM types, not WebWorker's). */
declare const self: { onconnect: ((event: MessageEvent) => void) | null };

interface Tab {
  port: MessagePort;
  streams: Set<string>;
}

const tabs = new Map<string, Tab>();
/** stream → tab id. */
const owners = new Map<string, string>();
let pool: DownlinkPool | null = null;
let cancelUrl = "";

function send(port: MessagePort, message: WorkerMessage): void {
  port.postMessage(message);
}

function poolOf(url: string, idleMs: number): DownlinkPool {
  pool ??= new DownlinkPool(url, idleMs, {
    frame(event, connection) {
      const owner = owners.get(event.stream);
      const tab = owner === undefined ? undefined : tabs.get(owner);
      if (tab) send(tab.port, { kind: "frame", event, connection });
    },
    reset(message, streams) {
      const byTab = new Map<string, string[]>();
      for (const stream of streams) {
        const owner = owners.get(stream);
        if (owner === undefined) continue;
        owners.delete(stream);
        tabs.get(owner)?.streams.delete(stream);
        pool?.release(stream);
        byTab.set(owner, [...(byTab.get(owner) ?? []), stream]);
      }
      for (const [id, lost] of byTab) {
        const tab = tabs.get(id);
        if (tab) send(tab.port, { kind: "reset", message, streams: lost });
      }
    },
  });
  return pool;
}

/** The tab is gone: its runs end on the server (a `pagehide` beacon may have said so already). */
function tabGone(id: string): void {
  const tab = tabs.get(id);
  if (!tab) return;
  tabs.delete(id);
  const had = tab.streams.size;
  for (const stream of tab.streams) {
    owners.delete(stream);
    pool?.release(stream);
  }
  const current = pool?.connection;
  if (had === 0 || !current) return;
  const body: CancelRequest = { connection: current, tab: id };
  void fetch(cancelUrl, { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body), keepalive: true }).catch(() => undefined);
}

self.onconnect = (event: MessageEvent) => {
  const port = event.ports[0];
  let tabId: string | null = null;
  port.onmessage = (message: MessageEvent<TabMessage>) => {
    const data = message.data;
    if (data.kind === "init") {
      tabId = data.tab;
      cancelUrl = data.cancelUrl;
      poolOf(data.url, data.idleMs);
      tabs.set(data.tab, { port, streams: new Set() });
      const id = data.tab;
      // granted once the tab no longer holds it
      void navigator.locks.request(tabLockName(id), () => tabGone(id));
      return;
    }
    const tab = tabId === null ? undefined : tabs.get(tabId);
    if (!tab || !pool || tabId === null) return;
    switch (data.kind) {
      case "connect":
        void pool.ready().then(
          (id) => send(port, { kind: "connected", request: data.request, connection: id }),
          (error: unknown) => send(port, { kind: "refused", request: data.request, message: error instanceof Error ? error.message : String(error) }),
        );
        break;
      case "watch":
        tab.streams.add(data.stream);
        owners.set(data.stream, tabId);
        if (data.hold) pool.hold(data.stream);
        break;
      case "claim":
        void pool.claim(data.stream).then((connection) => send(port, { kind: "claimed", request: data.request, connection }));
        break;
      case "adopt":
        pool.adopt(data.stream, data.connection);
        break;
      case "unwatch":
        if (tab.streams.delete(data.stream)) {
          owners.delete(data.stream);
          pool.release(data.stream);
        }
        break;
      case "renew":
        pool.renew();
        break;
    }
  };
  port.start();
};
