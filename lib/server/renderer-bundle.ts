/**
 * `GET /_dash-events/<file>`: the browser renderer bundle built by `node scripts/build.js` into
 * dist/renderer/. A missing bundle is a 404 that says how to build it. Answers carry an ETag and
 * Last-Modified and are revalidated (304 when unchanged), so a returning browser reuses its copy
 * of the bundle, and with it the code V8 compiled and cached for it.
 */
import { realpathSync } from "node:fs";
import { join } from "node:path";
import type { FastifyInstance } from "fastify";
import { HttpError } from "./errors.js";
import { resolvePackageFile, sendPackageFile } from "./package-files.js";
import { packageRoot } from "../package-root.js";

const RENDERER_PREFIX = "/_dash-events/";
export const RENDERER_SCRIPT = `${RENDERER_PREFIX}dash-events-renderer.js`;
/** The SharedWorker that holds a browser's one downlink for all its tabs. */
export const DOWNLINK_WORKER_SCRIPT = `${RENDERER_PREFIX}dash-events-downlink-worker.js`;

/** The bundle folder's real path once it exists (looked up again until it was built). */
let folderFound: string | undefined;

function bundleFolder(): string | undefined {
  try {
    return (folderFound ??= realpathSync(join(packageRoot(), "dist", "renderer")));
  } catch {
    return undefined;
  }
}

// eslint-disable-next-line @typescript-eslint/require-await -- a Fastify plugin is async: register() awaits it
export async function rendererBundleRoute(server: FastifyInstance): Promise<void> {
  server.get<{ Params: { file: string } }>(`${RENDERER_PREFIX}:file`, (request, reply) => {
    const { file } = request.params;
    // only plain file names of the bundle folder: no paths, so nothing outside it can be read
    if (!/^[\w.-]+$/.test(file) || file.startsWith(".") || !/\.(js|map|css)$/.test(file)) throw new HttpError(404, `Not found: ${request.url}`);
    const folder = bundleFolder();
    const found = folder === undefined ? undefined : resolvePackageFile(folder, file);
    if (!found) throw new HttpError(404, `Renderer file ${file} not found in dist/renderer/; build it with \`node scripts/build.js\``);
    return sendPackageFile(request, reply, found);
  });
}
