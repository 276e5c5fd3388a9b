/**
 * Raw HTTP over `node:net`, for what fetch cannot send: pipelined requests, bodies that trickle
 * in, malformed request lines and headers. Each connection records everything it received.
 */
import { connect, type Socket } from "node:net";

export interface RawConnection {
  socket: Socket;
  /** Everything received so far, as latin1 text. */
  readonly received: string;
  /** Resolves when the server closed the connection (or it failed). */
  closed: Promise<void>;
  send(bytes: string | Buffer): void;
}

/** Open a TCP connection to the server at `url` (http://host:port). */
export async function rawConnect(url: string): Promise<RawConnection> {
  const { hostname, port } = new URL(url);
  const socket = connect(Number(port), hostname);
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("error", reject);
  });
  let received = "";
  socket.on("data", (chunk: Buffer) => (received += chunk.toString("latin1")));
  socket.on("error", () => undefined);
  const closed = new Promise<void>((resolve) => socket.once("close", () => resolve()));
  return {
    socket,
    get received() {
      return received;
    },
    closed,
    send: (bytes) => void socket.write(bytes),
  };
}

/** A complete POST request with a JSON body, as bytes on the wire. */
export function rawPost(path: string, body: unknown, host = "127.0.0.1", extraHeaders = ""): string {
  const text = typeof body === "string" ? body : JSON.stringify(body);
  return `POST ${path} HTTP/1.1\r\nHost: ${host}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(text)}\r\n${extraHeaders}\r\n${text}`;
}

/** A GET request, as bytes on the wire. */
export function rawGetRequest(path: string, host = "127.0.0.1"): string {
  return `GET ${path} HTTP/1.1\r\nHost: ${host}\r\n\r\n`;
}

/** The status codes of every HTTP response in `received`, in order. */
export function statusCodes(received: string): number[] {
  return [...received.matchAll(/HTTP\/1\.[01] (\d{3}) /g)].map((m) => Number(m[1]));
}
