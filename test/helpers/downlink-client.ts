/**
 * A plain client of the multiplexed downlink for server-level tests: open (or resume) a downlink
 * and read it with a real SSE parser, start runs on it, cancel them.
 */
import { request as httpRequest, type IncomingMessage } from "node:http";
import { createParser } from "eventsource-parser";

export interface DownlinkReader {
  connection: string;
  resumed: boolean;
  /** Frame events so far: [seq, stream, frame]. */
  frames: Array<[number, string, unknown]>;
  resets: number;
  response: IncomingMessage;
  close(): void;
}

/** Open (or resume) a downlink and read it with a real SSE parser; resolves at `hello`. */
export function openDownlink(url: string, connection?: string, lastEventId?: number): Promise<DownlinkReader> {
  return new Promise((resolve, reject) => {
    const query = connection === undefined ? "" : `?connection=${encodeURIComponent(connection)}`;
    const headers: Record<string, string> = { accept: "text/event-stream" };
    if (lastEventId !== undefined) headers["last-event-id"] = String(lastEventId);
    const request = httpRequest(`${url}/_dash-downlink${query}`, { headers }, (response) => {
      if (response.statusCode !== 200) {
        response.resume();
        reject(new Error(`downlink: HTTP ${response.statusCode}`));
        return;
      }
      const reader: DownlinkReader = { connection: "", resumed: false, frames: [], resets: 0, response, close: () => request.destroy() };
      const parser = createParser({
        onEvent(event) {
          const data = JSON.parse(event.data) as { connection?: string; resumed?: boolean; stream?: string; frame?: unknown };
          if (event.event === "hello") {
            reader.connection = data.connection!;
            reader.resumed = data.resumed!;
            resolve(reader);
          } else if (event.event === "reset") reader.resets++;
          else reader.frames.push([Number(event.id), data.stream!, data.frame]);
        },
      });
      response.setEncoding("utf8");
      response.on("data", (chunk: string) => parser.feed(chunk));
    });
    request.on("error", reject);
    request.end();
  });
}

export async function start(url: string, output: string, trigger: string, connection: string, stream: string, tab = "tab1"): Promise<number> {
  const response = await fetch(`${url}/dash_update_component_sse`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      output,
      outputs: [],
      inputs: [{ id: trigger, property: "n_clicks", value: 1 }],
      changedPropIds: [`${trigger}.n_clicks`],
      downlink: { connection, stream, tab },
    }),
  });
  await response.text();
  return response.status;
}

export async function cancel(url: string, connection: string, streams: string[]): Promise<number> {
  const response = await fetch(`${url}/_dash-stream-cancel`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ connection, streams }) });
  return ((await response.json()) as { cancelled: number }).cancelled;
}

export async function outputsByTrigger(url: string): Promise<Record<string, string>> {
  const specs = (await (await fetch(`${url}/_dash-dependencies`)).json()) as Array<{ output: string; inputs: Array<{ id: string }> }>;
  return Object.fromEntries(specs.map((spec) => [spec.inputs[0].id, spec.output]));
}
