/**
 * A load-generator child for bench/server-scaleout.ts's "streams held on one box": one process
 * holds at most its open-file limit of sockets, so holding 30,000+ streams takes several. Each
 * holds event-callback streams (the `tick` callback, one update per second) to the servers it is
 * given, in turn, from its own loopback source address (each address has its own ~28,000
 * ephemeral ports), and reports how many it holds and why it stopped.
 *
 *   command `hold` {urls, count, body, localAddress} → {opened, reason?}; `held` → {open, ticks}
 */
import { Agent, type IncomingMessage } from "node:http";
import { openStream } from "../lib/sse-client.js";
import { serveControl } from "./control.js";

const responses: IncomingMessage[] = [];
let open = 0;
let ticks = 0;

async function hold(urls: string[], count: number, body: string, localAddress: string): Promise<{ opened: number; reason?: string }> {
  const agent = new Agent({ keepAlive: false, maxSockets: Infinity, localAddress });
  let next = 0;
  let reason: string | undefined;
  // a bounded number of connections in flight, so the servers' listen backlogs never overflow
  const opener = async (): Promise<void> => {
    while (next < count && !reason) {
      const url = urls[next++ % urls.length];
      try {
        const res = await openStream(url, body, agent);
        responses.push(res);
        open++;
        res.on("data", () => ticks++);
        res.once("close", () => open--);
        res.on("error", () => undefined);
      } catch (error) {
        reason ??= `stopped at ${responses.length} streams: ${(error as Error).message}`;
      }
    }
  };
  await Promise.all(Array.from({ length: 48 }, opener));
  return { opened: open, reason };
}

serveControl("client", {
  hold: (args) => hold(args.urls as string[], Number(args.count), String(args.body), String(args.localAddress)),
  held: () => ({ open, ticks }),
});
