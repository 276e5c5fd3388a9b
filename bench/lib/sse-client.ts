/**
 * Bench clients of the stream endpoint over node:http: build the update request of an event
 * callback, open a stream with a given Agent (so thousands of sockets stay under our
 * control), and split the SSE body into `data:` payloads.
 */
import { request, type Agent, type IncomingMessage } from "node:http";
import type { CallbackSpec, UpdateRequest } from "../../lib/protocol/types.js";

export const STREAM_PATH = "/dash_update_component_sse";

/** The update request that starts the event callback listening to `inputId.n_clicks`, as JSON. */
export async function eventCallbackBody(url: string, inputId: string): Promise<string> {
  const specs = (await (await fetch(`${url}/_dash-dependencies`)).json()) as CallbackSpec[];
  const spec = specs.find((s) => s.stream && s.inputs.some((i) => i.id === inputId));
  if (!spec) throw new Error(`no event callback on ${inputId}.n_clicks at ${url}`);
  const body: UpdateRequest = {
    output: spec.output,
    inputs: [{ id: inputId, property: "n_clicks", value: 1 }],
    state: [],
    changedPropIds: [`${inputId}.n_clicks`],
  };
  return JSON.stringify(body);
}

/** The request of the regular callback `echo.children` ← `btn.n_clicks`. */
export function echoBody(n: number): string {
  const body: UpdateRequest = {
    output: "echo.children",
    outputs: { id: "echo", property: "children" },
    inputs: [{ id: "btn", property: "n_clicks", value: n }],
    state: [],
    changedPropIds: ["btn.n_clicks"],
  };
  return JSON.stringify(body);
}

/** POST `body` and resolve with the response once its headers are in. */
export function post(url: string, path: string, body: string, agent: Agent | undefined, headers: Record<string, string> = {}): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const req = request(`${url}${path}`, {
      method: "POST",
      agent,
      headers: { "content-type": "application/json", accept: "text/event-stream", "content-length": Buffer.byteLength(body), ...headers },
    });
    req.on("response", resolve);
    req.on("error", reject);
    req.end(body);
  });
}

/**
 * Start an event-callback stream and wait for its first frame: the stream is then open on the
 * server. Rejects when it is refused or ends before that.
 */
export async function openStream(url: string, body: string, agent: Agent | undefined): Promise<IncomingMessage> {
  const res = await post(url, STREAM_PATH, body, agent);
  if (res.statusCode !== 200) throw new Error(`stream answered HTTP ${res.statusCode}`);
  await new Promise<void>((resolve, reject) => {
    res.once("data", () => resolve());
    res.once("error", reject);
    res.once("end", () => reject(new Error("stream ended early")));
  });
  return res;
}

/** POST and read the whole answer as text. */
export async function postText(url: string, path: string, body: string, agent: Agent | undefined, headers: Record<string, string> = {}): Promise<{ status: number; text: string }> {
  const res = await post(url, path, body, agent, headers);
  res.setEncoding("utf8");
  let text = "";
  for await (const chunk of res) text += chunk as string;
  return { status: res.statusCode ?? 0, text };
}

/**
 * Feed SSE text, get each event's `data` (one `data:` line per event, as our frames are).
 *
 * @example
 * ```ts
 * const split = sseSplitter((data) => console.log(data));
 * split("data: [DONE]\n\n");
 * ```
 */
export function sseSplitter(onData: (data: string) => void): (text: string) => void {
  let buffer = "";
  return (text) => {
    buffer += text;
    let end: number;
    while ((end = buffer.indexOf("\n\n")) >= 0) {
      const event = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      for (const line of event.split("\n")) {
        if (line.startsWith("data: ")) onData(line.slice(6));
        else if (line.startsWith("data:")) onData(line.slice(5));
      }
    }
  };
}
