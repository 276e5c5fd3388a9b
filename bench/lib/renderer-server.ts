/**
 * The renderer benches' server: one dash-events App serving, for the same layout and the same
 * `/_dash-layout` and `/_dash-dependencies`,
 *   (A) `/`     — our page, the App's own index (our renderer bundle), and
 *   (B) `/dash` — a page that boots the real dash-renderer the way Dash's own index does:
 *       React, ReactDOM and prop-types UMD (+ Dash's @babel/polyfill), dash-renderer's build,
 *       the dash-html-components bundle, `_dash-config`, then `new DashRenderer()`.
 * The files of page B are read from node_modules and served under `/bench-dash/`.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { App } from "../../lib/index.js";
import { ROOT } from "./child.js";

/** Page B's scripts, in Dash's order, as [served name, file under node_modules]. */
export const DASH_SCRIPTS: ReadonlyArray<readonly [string, string]> = [
  ["polyfill.min.js", "@babel/polyfill/dist/polyfill.min.js"],
  ["react.production.min.js", "react/umd/react.production.min.js"],
  ["react-dom.production.min.js", "react-dom/umd/react-dom.production.min.js"],
  ["prop-types.min.js", "prop-types/prop-types.min.js"],
  ["dash_renderer.min.js", "dash-renderer/build/dash_renderer.min.js"],
  ["dash_html_components.min.js", "dash-html-components/dash_html_components/dash_html_components.min.js"],
];

function packageVersion(name: string): string {
  return (JSON.parse(readFileSync(join(ROOT, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;
}

/** Versions of what page B loads, for the printed notes. */
export function dashVersions(): string {
  return `dash-renderer ${packageVersion("dash-renderer")}, dash-html-components ${packageVersion("dash-html-components")}, react ${packageVersion("react")}`;
}

function dashIndex(): string {
  // the subset of Dash 4.3's _dash-config that dash-renderer reads for an html-only app
  const config = {
    url_base_pathname: null,
    requests_pathname_prefix: "/",
    ui: false,
    props_check: false,
    disable_version_check: true,
    show_undo_redo: false,
    suppress_callback_exceptions: true,
    update_title: "",
    children_props: {},
    serve_locally: true,
    validate_callbacks: false,
  };
  const scripts = DASH_SCRIPTS.map(([name]) => `<script src="/bench-dash/${name}"></script>`).join("\n");
  return `<!DOCTYPE html>
<html>
<head><meta charset="UTF-8"><title>Dash</title></head>
<body>
<div id="react-entry-point"><div class="_dash-loading">Loading...</div></div>
<footer>
<script id="_dash-config" type="application/json">${JSON.stringify(config)}</script>
${scripts}
<script id="_dash-renderer" type="application/javascript">var renderer = new DashRenderer();</script>
</footer>
</body>
</html>
`;
}

export interface RendererBenchServer {
  /** Page A: our renderer. */
  oursUrl: string;
  /** Page B: dash-renderer. */
  dashUrl: string;
  close: () => Promise<void>;
}

/** Serve `app` with page B added, and `extraPages` (path → HTML) if given; loopback, free port. */
export async function startRendererServer(app: App, extraPages: Record<string, string> = {}): Promise<RendererBenchServer> {
  const server = await app.createServer({ logger: false });
  for (const [path, html] of Object.entries(extraPages)) server.get(path, async (_request, reply) => reply.type("text/html; charset=utf-8").send(html));
  const files = new Map(DASH_SCRIPTS.map(([name, path]) => [name, readFileSync(join(ROOT, "node_modules", path))]));
  const page = dashIndex();
  server.get("/dash", async (_request, reply) => reply.type("text/html; charset=utf-8").send(page));
  server.get<{ Params: { name: string } }>("/bench-dash/:name", async (request, reply) => {
    const file = files.get(request.params.name);
    if (!file) return reply.code(404).send("not found");
    // as Dash serves its fingerprinted component files: cached for a year
    return reply.type("application/javascript; charset=utf-8").header("cache-control", "public, max-age=31536000, immutable").send(file);
  });
  await server.listen({ port: 0, host: "127.0.0.1" });
  const address = server.server.address();
  if (typeof address !== "object" || address === null) throw new Error("no address");
  const base = `http://127.0.0.1:${address.port}`;
  return { oursUrl: `${base}/`, dashUrl: `${base}/dash`, close: () => server.close() };
}
