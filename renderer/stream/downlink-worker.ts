/**
 * The SharedWorker that holds one downlink for every tab of the app in this browser (bundled on
 * its own: dist/renderer/dash-events-downlink-worker.js). Tabs tell it which runs they watch; it
 * routes each frame to the tab that watches its run. When a tab goes away (its Web Lock is
 * released: closed, reloaded, crashed), the worker ends that tab's runs on the server.
 */
import type { CancelRequest } from "../../lib/protocol/downlink.js";
import { DownlinkConnection } from "./downlink-connection.js";
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
let downlink: DownlinkConnection | null = null;
let cancelUrl = "";

function send(port: MessagePort, message: WorkerMessage): void {
  port.postMessage(message);
}

function connection(url: string, idleMs: number): DownlinkConnection {
  downlink ??= new DownlinkConnection(url, idleMs, {
    frame(event) {
      const owner = owners.get(event.stream);
      const tab = owner === undefined ? undefined : tabs.get(owner);
      if (tab) send(tab.port, { kind: "frame", event });
    },
    reset(message) {
      for (const tab of tabs.values()) {
        for (const stream of tab.streams) {
          owners.delete(stream);
          downlink?.release();
        }
        tab.streams.clear();
        send(tab.port, { kind: "reset", message });
      }
    },
  });
  return downlink;
}

/** The tab is gone: its runs end on the server (a `pagehide` beacon may have said so already). */
function tabGone(id: string): void {
  const tab = tabs.get(id);
  if (!tab) return;
  tabs.delete(id);
  const had = tab.streams.size;
  for (const stream of tab.streams) {
    owners.delete(stream);
    downlink?.release();
  }
  const current = downlink?.connection;
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
      connection(data.url, data.idleMs);
      tabs.set(data.tab, { port, streams: new Set() });
      const id = data.tab;
      // granted once the tab no longer holds it
      void navigator.locks.request(tabLockName(id), () => tabGone(id));
      return;
    }
    const tab = tabId === null ? undefined : tabs.get(tabId);
    if (!tab || !downlink || tabId === null) return;
    switch (data.kind) {
      case "connect":
        void downlink.ready().then(
          (id) => send(port, { kind: "connected", request: data.request, connection: id }),
          (error: unknown) => send(port, { kind: "refused", request: data.request, message: error instanceof Error ? error.message : String(error) }),
        );
        break;
      case "watch":
        tab.streams.add(data.stream);
        owners.set(data.stream, tabId);
        downlink.retain();
        break;
      case "unwatch":
        if (tab.streams.delete(data.stream)) {
          owners.delete(data.stream);
          downlink.release();
        }
        break;
      case "renew":
        downlink.renew();
        break;
    }
  };
  port.start();
};
