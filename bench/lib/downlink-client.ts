/**
 * The bench side of the multiplexed downlink: open one (`GET /_dash-downlink`) and start runs on
 * it (the stream POST with `downlink`, answered 202), as a page does.
 */
import { request, type Agent, type IncomingMessage } from "node:http";
import { post, sseSplitter, STREAM_PATH } from "./sse-client.js";

export interface Downlink {
  connection: string;
  response: IncomingMessage;
  close(): void;
}

/** Open a downlink; `onFrame(stream, frameJson)` for each frame event. Resolves at `hello`. */
export function openDownlink(url: string, agent: Agent, onFrame: (stream: string, frame: unknown) => void): Promise<Downlink> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}/_dash-downlink`, { agent, headers: { accept: "text/event-stream" } }, (response) => {
      response.setEncoding("utf8");
      let connection = "";
      // hello is the one event without `id:`; its data has `connection`
      const split = sseSplitter((data) => {
        const event = JSON.parse(data) as { connection?: string; stream?: string; frame?: unknown };
        if (event.connection !== undefined && !connection) {
          connection = event.connection;
          resolve({ connection, response, close: () => req.destroy() });
        } else if (event.stream !== undefined) onFrame(event.stream, event.frame);
      });
      response.on("data", split);
    });
    req.on("error", reject);
    req.end();
  });
}

/** Start a run on a downlink (202 expected). */
export async function startOn(url: string, agent: Agent, body: string, connection: string, stream: string): Promise<void> {
  const parsed = JSON.parse(body) as Record<string, unknown>;
  const res = await post(url, STREAM_PATH, JSON.stringify({ ...parsed, downlink: { connection, stream, tab: stream } }), agent);
  res.resume();
  if (res.statusCode !== 202) throw new Error(`start ${stream}: HTTP ${String(res.statusCode)}`);
  await new Promise((resolve) => res.once("end", resolve));
}
