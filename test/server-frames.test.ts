// The SSE frame encoder/decoder (lib/protocol/frames.ts), shared by server and renderer:
// round trips through a real SSE parser, chunk splits, and every malformed frame refused.
import t from "tap";
import { readFileSync } from "node:fs";
import { createParser } from "eventsource-parser";
import { decodeFrameData, encodeDone, encodeFrame, encodePing } from "../lib/protocol/frames.js";
import type { StreamFrame } from "../lib/protocol/types.js";

const sample: StreamFrame[] = [
  ["[SINGLE]", "out", { children: "line1\nline2\r\n\u2028 done" }],
  ["[SINGLE]", { type: "cell", index: 1 }, { children: { type: "Li", namespace: "dash_html_components", props: { children: "x" } } }],
  ["[BATCH]", null, [["a", { x: 1 }], [{ k: true }, { y: null }]]],
  ["[BATCH]", null, []],
  ["[ERROR]", null, { error: "boom", handle_error: true, reset_props: [["btn", { disabled: false }]] }],
];

/** Parse an SSE text with eventsource-parser, fed in chunks of `size` characters. */
function parse(text: string, size: number): { data: string[]; comments: string[] } {
  const out = { data: [] as string[], comments: [] as string[] };
  const parser = createParser({ onEvent: (e) => out.data.push(e.data), onComment: (c) => out.comments.push(c.trim()) });
  for (let i = 0; i < text.length; i += size) parser.feed(text.slice(i, i + size));
  return out;
}

t.test("encoded frames are one data: line each, and round-trip through a real SSE parser", async (t) => {
  for (const frame of sample) {
    const encoded = encodeFrame(frame);
    t.ok(encoded.startsWith("data: ") && encoded.endsWith("\n\n"));
    t.equal(encoded.slice(0, -2).split(/\r\n|\r|\n/).length, 1, "line breaks inside values are escaped");
  }
  t.equal(encodeDone(), "data: [DONE]\n\n");
  t.equal(encodePing(), ": ping\n\n");
  const text = encodePing() + sample.map(encodeFrame).join("") + encodePing() + encodeDone();
  for (const size of [1, 3, 7, 64, text.length]) {
    const parsed = parse(text, size);
    t.same(parsed.data.map(decodeFrameData), [...sample, "done"], `chunks of ${size}`);
    t.same(parsed.comments, ["ping", "ping"]);
  }
});

t.test("the seed's frames (Python separators, insertion-ordered dict ids) decode too", async (t) => {
  const text = readFileSync(new URL("fixtures/dash-wire/seed-stream/stream.response.txt", import.meta.url), "utf8");
  const frames = parse(text, 100).data.map(decodeFrameData);
  t.equal(frames.length, 9);
  t.same(frames[7], ["[SINGLE]", { type: "cell", index: 1 }, { children: "cell updated" }]);
  t.equal(Object.keys((frames[7] as ["[SINGLE]", Record<string, unknown>, unknown])[1]).join(), "type,index");
  t.same(frames[8], ["[BATCH]", null, [["start-btn", { disabled: false, children: "Start stream" }], ["final", { children: "DONE: 3 updates streamed" }]]]);
  const error = readFileSync(new URL("fixtures/dash-wire/seed-stream/stream-error.response.txt", import.meta.url), "utf8");
  t.same(parse(error, 100).data.map(decodeFrameData).at(-1), [
    "[ERROR]",
    null,
    { error: "boom from err_stream", handle_error: true, reset_props: [["err-btn", { disabled: false, children: "Error stream (reset)" }]] },
  ]);
});

t.test("malformed frames are refused with a message", async (t) => {
  const bad: Array<[string, RegExp]> = [
    ["not json", /not JSON/],
    ["{}", /3-element array/],
    ['["[SINGLE]","a"]', /3-element array/],
    ['["[OTHER]",null,{}]', /unknown stream frame kind "\[OTHER\]"/],
    ['["[SINGLE]",null,{}]', /\[SINGLE\] frame: id must be/],
    ['["[SINGLE]",{"a":[1]},{}]', /\[SINGLE\] frame: id must be/],
    ['["[SINGLE]","a",[]]', /props must be an object/],
    ['["[SINGLE]","a","x"]', /props must be an object/],
    ['["[BATCH]","a",[]]', /second element must be null/],
    ['["[BATCH]",null,{}]', /list of \[id, props\] pairs/],
    ['["[BATCH]",null,[["a"]]]', /list of \[id, props\] pairs/],
    ['["[BATCH]",null,[["a",1]]]', /list of \[id, props\] pairs/],
    ['["[ERROR]",null,{"error":"x","handle_error":true}]', /\[ERROR\] frame: expected/],
    ['["[ERROR]",null,{"error":1,"handle_error":true,"reset_props":[]}]', /\[ERROR\] frame: expected/],
    ['["[ERROR]",null,{"error":"x","handle_error":"yes","reset_props":[]}]', /\[ERROR\] frame: expected/],
  ];
  for (const [data, message] of bad) t.throws(() => decodeFrameData(data), message, data);
  t.throws(() => decodeFrameData(`x${"y".repeat(500)}`), /not JSON: xy{79}…$/, "long data is shortened in messages");
});
