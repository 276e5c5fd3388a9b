/**
 * Replay of the real Dash 4.3 captures in test/fixtures/dash-wire/<app>/: every recorded request
 * is sent to our port of the app, and our answer is compared with what Dash answered (status,
 * and the JSON after parsing; for 200 also the order of the top-level keys, sideUpdate first).
 */
import { readFileSync } from "node:fs";
import type { Test } from "tap";
import type { App } from "../../lib/app.js";
import { getPath, postJson, startApp, type JsonAnswer } from "./server.js";

export interface Exchange {
  seq: number;
  scenario: string;
  action: string;
  request: { method: string; path: string; headers: Record<string, string>; body: unknown; body_text: string | null };
  response: { status: number; status_text: string; headers: Record<string, string>; body: unknown; body_text: string | null };
}

/** Read a file of test/fixtures/dash-wire/<folder>/. */
export function captured(folder: string, file: string): string {
  return readFileSync(new URL(`../fixtures/dash-wire/${folder}/${file}`, import.meta.url), "utf8");
}

export function exchanges(folder: string): Exchange[] {
  return JSON.parse(captured(folder, "exchanges.json")) as Exchange[];
}

/** How a deliberate difference from Dash is checked instead of equality; the comment says why. */
export type DeliberateCheck = (t: Test, dash: Exchange["response"], ours: JsonAnswer) => void;

/**
 * Register one subtest per captured exchange, plus the layout and dependency documents.
 * `deliberate` maps an exchange's seq to its own check where our answer differs on purpose.
 */
export function replayCaptures(t: Test, folder: string, createApp: () => App, deliberate: Record<number, DeliberateCheck> = {}): void {
  const recorded = exchanges(folder);
  let url = "";
  t.before(async () => {
    const started = await startApp(createApp());
    url = started.url;
    t.teardown(started.close);
  });

  t.test("GET /_dash-layout equals Dash's layout (parsed)", async (t) => {
    const ours = await getPath(url, "/_dash-layout");
    t.equal(ours.status, 200);
    t.strictSame(ours.json, JSON.parse(captured(folder, "layout.json")));
  });

  t.test("GET /_dash-dependencies equals Dash's list (parsed, same order)", async (t) => {
    const ours = await getPath(url, "/_dash-dependencies");
    t.equal(ours.status, 200);
    t.strictSame(ours.json, JSON.parse(captured(folder, "dependencies.json")));
  });

  const posts = recorded.filter((e) => e.request.method === "POST" && e.request.path === "/_dash-update-component");
  t.test(`all ${posts.length} recorded POST /_dash-update-component exchanges`, async (t) => {
    for (const exchange of posts) {
      await t.test(`#${exchange.seq} ${exchange.scenario}: ${exchange.action}`, async (t) => {
        // the exact text the renderer sent, not a re-serialization
        const ours = await postJson(url, exchange.request.path, exchange.request.body_text ?? "");
        const dash = exchange.response;
        const check = deliberate[exchange.seq];
        if (check) {
          check(t, dash, ours);
          return;
        }
        t.equal(ours.status, dash.status, "status");
        if (dash.status === 204) {
          t.equal(ours.text, "", "204: empty body");
          return;
        }
        t.match(ours.contentType, /^application\/json/);
        t.strictSame(ours.json, dash.body, "body equal after parsing");
        t.strictSame(Object.keys(ours.json as object), Object.keys(dash.body as object), "top-level keys in Dash's order");
        // Component trees are the one place our key order differs ({type, namespace, props} vs
        // Dash's {props, type, namespace}); everything else is byte-identical.
        if (!dash.body_text!.includes('"namespace":')) t.equal(ours.text, dash.body_text, "byte-identical body");
      });
    }
  });
}
