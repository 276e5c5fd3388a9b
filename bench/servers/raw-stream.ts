/**
 * The raw baseline server (a child process, like the measured one): bare `node:http`, no
 * framework, no generator, no validation. It answers any POST with the frames our server
 * would send, pre-encoded with the same encoder, so the bytes on the wire are identical:
 *
 * - `POST /burst`: `--frames` frames written back to back, waiting for 'drain' when the socket
 *   is full: the most this machine can push through one response;
 * - `POST /tick`: one timestamped frame per second, like the `tick` event callback.
 */
import { createServer, type ServerResponse } from "node:http";
import { once } from "node:events";
import { performance } from "node:perf_hooks";
import { encodeDone, encodeFrame } from "../../lib/protocol/frames.js";
import { parseArgs } from "../lib/args.js";
import { serveControl } from "./control.js";

const args = parseArgs();
const frameCount = args.number("frames", 100_000);
const burst: string[] = [];
for (let i = 0; i < frameCount; i++) burst.push(encodeFrame(["[SINGLE]", "out", { children: i }]));
const done = encodeDone();
const now = (): number => performance.timeOrigin + performance.now();

async function writeBurst(res: ServerResponse): Promise<void> {
  for (const frame of burst) {
    if (res.destroyed) return;
    if (!res.write(frame)) await once(res, "drain");
  }
  res.end(done);
}

function writeTicks(res: ServerResponse): void {
  let i = 0;
  const tick = (): void => {
    if (res.destroyed) return;
    res.write(encodeFrame(["[SINGLE]", "out", { t: now(), i: i++ }]));
  };
  tick();
  let interval: NodeJS.Timeout | undefined;
  const first = setTimeout(() => {
    tick();
    interval = setInterval(tick, 1000);
  }, Math.random() * 1000);
  res.on("close", () => {
    clearTimeout(first);
    clearInterval(interval);
  });
}

const server = createServer({ requestTimeout: 0 }, (req, res) => {
  req.resume();
  req.on("end", () => {
    res.writeHead(200, { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache" });
    res.flushHeaders();
    if (req.url === "/burst") void writeBurst(res);
    else writeTicks(res);
  });
});
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  if (typeof address !== "object" || address === null) throw new Error("no address");
  serveControl(`http://127.0.0.1:${address.port}`);
});
