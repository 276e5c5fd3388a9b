// An LLM-style token stream: the answer is written into a dcc.Markdown one token at a time, and
// each frame carries only the new token, as a Patch. Run it with
//   npx dash-events serve examples/tokens.ts
//
// Two Patch operations are at work. The token trail below the answer is a list, which grows by
// `new Patch().append(...)`. dcc.Markdown, though, joins a list of strings with newlines, so
// its text must grow by string concatenation instead: Dash's `patch += token`, the Patch "Add"
// operation on a string: `new Patch().add(token)`.
import { App, dcc, eventCallback, html, Input, Patch, sleep, State, streamProps } from "dash-events";

export const ids = {
  prompt: "tokens-prompt",
  start: "tokens-start",
  stop: "tokens-stop",
  answer: "tokens-answer",
  trail: "tokens-trail",
  stats: "tokens-stats",
} as const;

/** Milliseconds between tokens: a fast model on a good day. */
const TOKEN_DELAY_MS = 25;

const box = { border: "1px solid #dee2e6", borderRadius: 8, padding: "4px 16px", minHeight: 80, background: "#fff" };

export const content = html.Div(
  [
    html.H2("Streaming tokens"),
    html.P("A stand-in for a language model writes its answer token by token; each SSE frame holds one token.", {
      style: { color: "#868e96" },
    }),
    html.Div(
      [
        dcc.Input({ id: ids.prompt, value: "What is an event callback?", type: "text", style: { width: "60%", padding: 6 } }),
        html.Button("Generate", { id: ids.start, style: { marginLeft: 8 } }),
        html.Button("Stop", { id: ids.stop, disabled: true, style: { marginLeft: 8 } }),
        html.Span("", { id: ids.stats, style: { marginLeft: 12, color: "#868e96" } }),
      ],
      { style: { marginBottom: 12 } },
    ),
    html.Div(dcc.Markdown("", { id: ids.answer }), { style: box }),
    html.Div([], {
      id: ids.trail,
      style: { marginTop: 12, fontFamily: "monospace", fontSize: 11, color: "#495057", maxHeight: 120, overflowY: "auto" },
    }),
  ],
  { style: { fontFamily: "system-ui, sans-serif" } },
);

/** The canned answer of the stand-in model, written for the user's question. */
function answerTo(question: string): string {
  return [
    `### ${question.trim() || "Hello"}`,
    "",
    "An **event callback** is a generator keyed by Dash `Input`s. Each `yield` of `streamProps(...)` " +
      "is sent to the browser at once over Server-Sent Events and merged into the page, as Dash's `set_props` would.",
    "",
    "Good uses:",
    "",
    "- progress of a long job, step by step",
    "- query results, one partition at a time",
    "- tickers and logs that never end",
    "- the tokens of a language model, like this answer",
    "",
    "```javascript",
    'yield streamProps("out", { children: "Hello Stream" });',
    "```",
    "",
    "Press *Stop* at any time: the server closes the generator and the text written so far stays.",
  ].join("\n");
}

/** Split text into word pieces of up to four characters, with the spacing in front, as a BPE tokenizer roughly does. */
export function tokenize(text: string): string[] {
  return text.match(/\s*[^\s]{1,4}|\s+/g) ?? [];
}

eventCallback(
  Input(ids.start, "n_clicks"),
  State(ids.prompt, "value"),
  async function* (_clicks, prompt: string | null | undefined, ctx) {
    yield streamProps([
      [ids.start, { disabled: true }],
      [ids.stop, { disabled: false }],
      [ids.answer, { children: "" }],
      [ids.trail, { children: [] }],
      [ids.stats, { children: "thinking…" }],
    ]);
    const tokens = tokenize(answerTo(String(prompt ?? "")));
    for (const [index, token] of tokens.entries()) {
      await sleep(TOKEN_DELAY_MS, ctx.signal);
      yield streamProps([
        [ids.answer, { children: new Patch().add(token) }],
        [ids.trail, { children: new Patch().append(html.Span(JSON.stringify(token), { style: { marginRight: 6 } })) }],
        [ids.stats, { children: `${index + 1} tokens` }],
      ]);
    }
    yield streamProps([
      [ids.start, { disabled: false }],
      [ids.stop, { disabled: true }],
      [ids.stats, { children: `${tokens.length} tokens, done` }],
    ]);
  },
  {
    cancel: Input(ids.stop, "n_clicks"),
    resetProps: {
      [ids.start]: { disabled: false },
      [ids.stop]: { disabled: true },
      [ids.stats]: { children: "stopped" },
    },
  },
);

export default new App({ title: "dash-events: streaming tokens", layout: content });
