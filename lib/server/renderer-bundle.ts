/**
 * `GET /_dash-events/<file>`: the browser renderer bundle built by `node scripts/build.js` into
 * dist/renderer/. A missing bundle is a 404 that says how to build it.
 */
import { readFile } from "node:fs/promises";
import { extname, join } from "node:path";
import type { FastifyInstance } from "fastify";
import { HttpError } from "./errors.js";
import { packageRoot } from "../package-root.js";

const RENDERER_PREFIX = "/_dash-events/";
export const RENDERER_SCRIPT = `${RENDERER_PREFIX}dash-events-renderer.js`;
/** The SharedWorker that holds a browser's one downlink for all its tabs. */
export const DOWNLINK_WORKER_SCRIPT = `${RENDERER_PREFIX}dash-events-downlink-worker.js`;

const CONTENT_TYPES: Record<string, string> = {
  ".js": "application/javascript; charset=utf-8",
  ".map": "application/json; charset=utf-8",
  ".css": "text/css; charset=utf-8",
};

// eslint-disable-next-line @typescript-eslint/require-await -- a Fastify plugin is async: register() awaits it
export async function rendererBundleRoute(server: FastifyInstance): Promise<void> {
  const folder = join(packageRoot(), "dist", "renderer");
  server.get<{ Params: { file: string } }>(`${RENDERER_PREFIX}:file`, async (request, reply) => {
    const { file } = request.params;
    // only plain file names of the bundle folder: no paths, so nothing outside it can be read
    const type = CONTENT_TYPES[extname(file)];
    if (!/^[\w.-]+$/.test(file) || file.startsWith(".") || !type) throw new HttpError(404, `Not found: ${request.url}`);
    let content: Buffer;
    try {
      content = await readFile(join(folder, file));
    } catch {
      throw new HttpError(404, `Renderer file ${file} not found in dist/renderer/; build it with \`node scripts/build.js\``);
    }
    return reply.type(type).header("cache-control", "no-cache").send(content);
  });
}
