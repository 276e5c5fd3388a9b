// How the per-request stream reaches the socket: the first frame of an event-loop turn goes out at
// once, and the frames a fast generator yields after it in the same turn go out together, as one
// HTTP chunk, instead of one chunk per frame. Read on a raw socket, so the chunks are the
// server's own writes.
import t from "tap";
import { connect } from "node:net";
import { App, html, Input, sleep, streamProps, type EventCallbackContext } from "../lib/index.js";
import { decodeFrameData } from "../lib/protocol/frames.js";
import { ENDPOINTS, type StreamFrame } from "../lib/protocol/types.js";
import { startApp } from "./helpers/server.js";

let slowPastSleep = false;
const app = new App({ layout: html.Div() });
app.eventCallback(Input("fast", "n_clicks"), function* () {
  for (let i = 0; i < 1000; i++) yield streamProps("out", { value: i });
});
app.eventCallback(Input("slow", "n_clicks"), async function* (_n: unknown, ctx: EventCallbackContext) {
  slowPastSleep = false;
  yield streamProps("out", { value: "first" });
  await sleep(1500, ctx.signal);
  slowPastSleep = true;
  yield streamProps("out", { value: "second" });
});

const started = await startApp(app);
t.teardown(started.close);
const deps = (await (await fetch(`${started.url}/_dash-dependencies`)).json()) as Array<{ output: string; inputs: Array<{ id: string }> }>;

interface Chunk {
  text: string;
  /** Whether the slow generator had passed its sleep when this chunk arrived. */
  afterSleep: boolean;
}

/** POST the stream request on a raw socket and split the chunked body into the server's chunks. */
function readChunks(input: string): Promise<Chunk[]> {
  const spec = deps.find((d) => d.inputs[0].id === input)!;
  const body = JSON.stringify({ output: spec.output, inputs: [{ id: input, property: "n_clicks", value: 1 }], changedPropIds: [`${input}.n_clicks`] });
  const { hostname, port } = new URL(started.url);
  return new Promise((resolve, reject) => {
    const socket = connect(Number(port), hostname);
    let raw = Buffer.alloc(0);
    let headersDone = false;
    const chunks: Chunk[] = [];
    socket.on("error", reject);
    socket.write(
      `POST /${ENDPOINTS.stream} HTTP/1.1\r\nHost: ${hostname}:${port}\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
    socket.on("data", (data: Buffer) => {
      raw = Buffer.concat([raw, data]);
      if (!headersDone) {
        const end = raw.indexOf("\r\n\r\n");
        if (end < 0) return;
        if (!/transfer-encoding: chunked/i.test(raw.subarray(0, end).toString())) reject(new Error(`not a chunked stream: ${raw.toString().slice(0, 200)}`));
        raw = raw.subarray(end + 4);
        headersDone = true;
      }
      for (;;) {
        const lineEnd = raw.indexOf("\r\n");
        if (lineEnd < 0) return;
        const size = parseInt(raw.subarray(0, lineEnd).toString(), 16);
        if (raw.length < lineEnd + 2 + size + 2) return;
        if (size === 0) {
          socket.end();
          resolve(chunks);
          return;
        }
        chunks.push({ text: raw.subarray(lineEnd + 2, lineEnd + 2 + size).toString(), afterSleep: slowPastSleep });
        raw = raw.subarray(lineEnd + 2 + size + 2);
      }
    });
  });
}

function framesOf(chunks: Chunk[]): Array<StreamFrame | "done"> {
  const data = chunks
    .map((chunk) => chunk.text)
    .join("")
    .split("\n\n")
    .filter((event) => event.startsWith("data: "))
    .map((event) => event.slice("data: ".length));
  return data.map(decodeFrameData);
}

t.test("a fast generator's frames of one turn share a chunk; all 1,000 arrive in order", async (t) => {
  const chunks = await readChunks("fast");
  const frames = framesOf(chunks);
  t.equal(frames.length, 1001, "1,000 frames and [DONE]");
  t.same(
    frames.slice(0, 1000).map((frame) => (frame as ["[SINGLE]", string, { value: number }])[2].value),
    Array.from({ length: 1000 }, (_, i) => i),
    "in yield order",
  );
  t.equal(frames[1000], "done");
  // one chunk per frame would be 1,001
  t.ok(chunks.length < 100, `the frames came in ${chunks.length} chunks`);
});

t.test("the first frame of a turn is not held back: it arrives while the generator still sleeps", async (t) => {
  const chunks = await readChunks("slow");
  const frames = framesOf(chunks);
  t.same(
    frames.map((frame) => (frame === "done" ? frame : (frame as ["[SINGLE]", string, { value: string }])[2].value)),
    ["first", "second", "done"],
  );
  const first = chunks.find((chunk) => chunk.text.includes('"first"'));
  t.equal(first?.afterSleep, false, "the first frame came before the generator woke up");
});
