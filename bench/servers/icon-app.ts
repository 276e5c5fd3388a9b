/**
 * The measured servers of the icon bench (run as a child process by bench/server-icons.ts):
 * a dash-events App, whose icon route answers `GET /_dash-events/icons/<set>.json?icons=…`, and
 * the baseline, a bare `node:http` server that sends a set's whole @iconify/json file
 * (`/full/<set>.json`, read per request, as a static file server would) or a fixed body held
 * in memory (`/fixed`, to measure the cost of HTTP alone).
 */
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { App, html } from "../../dist/lib/index.js";
import { ROOT } from "../lib/child.js";
import { serveControl } from "./control.js";

const app = new App({ layout: html.Div("icons") });
const { url } = await app.listen({ port: 0, logger: false });

let fixed = Buffer.from("{}");
const raw = createServer((request, response) => {
  const path = (request.url ?? "/").split("?")[0];
  if (path === "/fixed") {
    response.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": fixed.length });
    response.end(fixed);
    return;
  }
  const set = /^\/full\/([a-z0-9-]+)\.json$/.exec(path)?.[1];
  if (!set) {
    response.writeHead(404).end();
    return;
  }
  readFile(join(ROOT, "node_modules/@iconify/json/json", `${set}.json`)).then(
    (body) => {
      response.writeHead(200, { "content-type": "application/json; charset=utf-8", "content-length": body.length });
      response.end(body);
    },
    () => response.writeHead(404).end(),
  );
});
await new Promise<void>((resolve) => raw.listen(0, "127.0.0.1", resolve));
const address = raw.address();
const rawUrl = typeof address === "object" && address ? `http://127.0.0.1:${address.port}` : "";

serveControl(url, { fixed: (args) => ((fixed = Buffer.from(String(args.body))), {}) }, { rawUrl });
