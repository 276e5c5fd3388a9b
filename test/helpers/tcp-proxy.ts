/**
 * A small TCP proxy in front of a test server, to break the network on purpose: cut every open
 * connection, refuse new ones for a while, or swallow what the server sends (the server believes
 * it was delivered, as on a link that died silently).
 */
import { createServer, connect, type Socket } from "node:net";

export interface TcpProxy {
  /** e.g. http://127.0.0.1:41235 */
  url: string;
  /** Destroy every open connection, both ends. */
  cut(): void;
  /** While true, new connections are closed at once. */
  refuse(on: boolean): void;
  /** While true, bytes from the server are dropped instead of forwarded. */
  swallow(on: boolean): void;
  /** Connections accepted so far. */
  readonly accepted: number;
  close(): Promise<void>;
}

export async function startTcpProxy(targetUrl: string): Promise<TcpProxy> {
  const target = new URL(targetUrl);
  const pairs = new Set<[Socket, Socket]>();
  let refusing = false;
  let swallowing = false;
  let accepted = 0;
  const server = createServer((client) => {
    if (refusing) {
      client.destroy();
      return;
    }
    accepted++;
    const upstream = connect(Number(target.port), target.hostname);
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    const drop = (): void => {
      pairs.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on("data", (chunk) => upstream.write(chunk));
    upstream.on("data", (chunk) => {
      if (!swallowing) client.write(chunk);
    });
    client.on("close", drop);
    upstream.on("close", drop);
    client.on("error", drop);
    upstream.on("error", drop);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  if (typeof address !== "object" || address === null) throw new Error("proxy has no port");
  return {
    url: `http://127.0.0.1:${address.port}`,
    cut() {
      for (const [client, upstream] of [...pairs]) {
        client.destroy();
        upstream.destroy();
      }
      pairs.clear();
    },
    refuse(on) {
      refusing = on;
    },
    swallow(on) {
      swallowing = on;
    },
    get accepted() {
      return accepted;
    },
    close() {
      for (const [client, upstream] of pairs) {
        client.destroy();
        upstream.destroy();
      }
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
