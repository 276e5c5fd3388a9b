/**
 * Server bench — icons for DashIconify: what a page's icon requests cost on the icon route, next
 * to a bare `node:http` server in the same child (bench/servers/icon-app.ts).
 *
 * - first request of a set: the route reads and parses the set's file, then answers 3 icons;
 *   baseline: the bare server sends that set's whole file (what a page would download if sets
 *   were served as files). Each set is cold once per process, so this is one sample per set.
 * - answered again (the route's answer cache) and a new mix of icons of a kept set: sequential
 *   requests, median latency; baseline: the bare server sending the same bytes from memory.
 * - memory: the child's RSS after the sets were read (the kept ones within a 32 MB budget of file bytes).
 *
 *   node --import tsx bench/server-icons.ts [--requests 500]
 */
import { readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { performance } from "node:perf_hooks";
import { parseArgs } from "./lib/args.js";
import { ensureBuilt } from "./lib/build.js";
import { ROOT, spawnServer } from "./lib/child.js";
import { ratio, report, type Row } from "./lib/report.js";
import { fmt, summarize } from "./lib/stats.js";

const args = parseArgs();
const requests = args.number("requests", args.quick ? 100 : 500);
const ICONS = "_dash-events/icons";
// mid-size sets dmc's docs use, and a few more, each first asked for once
const SETS = ["mdi", "tabler", "ic", "carbon", "bi", "lucide", "fa6-solid", "ph", "material-symbols", "fluent"].slice(0, args.quick ? 4 : 10);

async function timed(url: string): Promise<{ ms: number; bytes: number; status: number }> {
  const t0 = performance.now();
  const response = await fetch(url);
  const body = Buffer.from(await response.arrayBuffer());
  return { ms: performance.now() - t0, bytes: body.length, status: response.status };
}

/** The first three icon names of a set, read here from the package. */
function firstIcons(set: string, from = 0): string[] {
  const data = JSON.parse(readFileSync(join(ROOT, "node_modules/@iconify/json/json", `${set}.json`), "utf8")) as { icons: Record<string, unknown> };
  return Object.keys(data.icons).slice(from, from + 3);
}

async function main(): Promise<Row[]> {
  const server = await spawnServer("bench/servers/icon-app.ts", [], { nodeFlags: ["--expose-gc"] });
  const base = server.ready.url.replace(/\/$/, "");
  const rawUrl = String(server.ready.rawUrl);
  try {
    const rows: Row[] = [];
    await server.ask("gc");
    const rssBefore = (await server.ask<{ rss: number }>("stats")).rss;

    // first request of each set vs sending the whole file
    const cold: number[] = [];
    const full: number[] = [];
    let answerBytes = 0;
    let fileBytes = 0;
    for (const set of SETS) {
      const icons = firstIcons(set);
      const ours = await timed(`${base}/${ICONS}/${set}.json?icons=${icons.join(",")}`);
      if (ours.status !== 200) throw new Error(`${set}: HTTP ${ours.status}`);
      const whole = await timed(`${rawUrl}/full/${set}.json`);
      cold.push(ours.ms);
      full.push(whole.ms);
      answerBytes += ours.bytes;
      fileBytes += whole.bytes;
    }
    const c = summarize(cold);
    const f = summarize(full);
    rows.push({ bench: "I1 icons", measure: `first request of a set (3 icons), median of ${SETS.length} sets`, unit: "ms", ours: c.median, baseline: f.median, ratio: ratio(c.median, f.median), note: `ours min ${fmt(c.min)} max ${fmt(c.max)}; baseline: the whole set file from a bare node:http` });
    rows.push({ bench: "I1 icons", measure: "bytes a page downloads for 3 icons of a set (sum over sets)", unit: "KiB", ours: answerBytes / 1024, baseline: fileBytes / 1024, ratio: ratio(answerBytes, fileBytes), note: `${SETS.join(", ")}` });

    // the same request again: the answer cache
    const again = `${base}/${ICONS}/mdi.json?icons=${firstIcons("mdi").join(",")}`;
    const sample = await fetch(again).then((r) => r.text());
    await server.ask("fixed", { body: sample });
    const warm: number[] = [];
    const bare: number[] = [];
    for (let i = 0; i < requests; i++) {
      warm.push((await timed(again)).ms);
      bare.push((await timed(`${rawUrl}/fixed`)).ms);
    }
    const w = summarize(warm);
    const b = summarize(bare);
    rows.push({ bench: "I1 icons", measure: "the same icons again (answer cached)", unit: "ms", ours: w.median, baseline: b.median, ratio: ratio(w.median, b.median), note: `p99 ours ${fmt(w.p99)} baseline ${fmt(b.p99)}; ${requests} sequential requests; baseline: the same ${sample.length} bytes from memory` });

    // new mixes of a kept set: subset computed, set not read again
    const mdiNames = Object.keys((JSON.parse(readFileSync(join(ROOT, "node_modules/@iconify/json/json/mdi.json"), "utf8")) as { icons: Record<string, unknown> }).icons);
    const fresh: number[] = [];
    for (let i = 0; i < requests; i++) {
      const names = [mdiNames[(i * 7) % mdiNames.length], mdiNames[(i * 13 + 1) % mdiNames.length], mdiNames[(i * 29 + 2) % mdiNames.length]];
      fresh.push((await timed(`${base}/${ICONS}/mdi.json?icons=${names.join(",")}`)).ms);
    }
    const n = summarize(fresh);
    rows.push({ bench: "I1 icons", measure: "new icons of a kept set (subset made, set not re-read)", unit: "ms", ours: n.median, baseline: b.median, ratio: ratio(n.median, b.median), note: `p99 ${fmt(n.p99)}; baseline as above` });

    await server.ask("gc");
    const rssAfter = (await server.ask<{ rss: number }>("stats")).rss;
    const setBytes = SETS.reduce((sum, set) => sum + statSync(join(ROOT, "node_modules/@iconify/json/json", `${set}.json`)).size, 0);
    rows.push({ bench: "I1 icons", measure: "server RSS growth with these sets read", unit: "MB", ours: (rssAfter - rssBefore) / 1e6, note: `the sets' files total ${fmt(setBytes / 1e6)} MB; kept within a 32 MB budget of file bytes (least recently used out)` });

    const bundle = readFileSync(join(ROOT, "dist/components/dash-iconify/dash_iconify.js"));
    rows.push({ bench: "I1 icons", measure: "dash_iconify.js suite bundle (gzip)", unit: "KiB", ours: gzipSync(bundle).length / 1024, note: `raw ${fmt(bundle.length / 1024)} KiB; @iconify/react, React from the page` });
    return rows;
  } finally {
    await server.stop();
  }
}

ensureBuilt();
report(await main(), args.json);
