/**
 * `GET /_dash-events/themes/<theme>/<path>`: the Bootstrap and Bootswatch stylesheets (and their
 * source maps) and the icon fonts' stylesheets and fonts, from node_modules, for `dbcThemes` and
 * `dbcIcons` (lib/suites/theme-catalog.ts). Only known themes and their served folders; each file is
 * served by lib/server/package-files.ts, with its guards and caching.
 */
import { readFile } from "node:fs/promises";
import type { FastifyInstance } from "fastify";
import { THEMES_PREFIX, servedThemePath, themeFolder, withoutRemoteImports } from "../suites/theme-catalog.js";
import { notFound, resolvePackageFile, routeSegments, sendPackageFile } from "./package-files.js";

/** Theme stylesheets as served (remote imports blanked), by real path and mtime. */
const transformed = new Map<string, { mtimeMs: number; body: Buffer }>();

/**
 * The Fastify plugin of the route.
 *
 * @example
 * ```ts
 * await server.register(themesRoute);
 * ```
 */
// eslint-disable-next-line @typescript-eslint/require-await -- a Fastify plugin is async: register() awaits it
export async function themesRoute(server: FastifyInstance): Promise<void> {
  server.get(`${THEMES_PREFIX}*`, async (request, reply) => {
    const segments = routeSegments(request.raw.url ?? "", THEMES_PREFIX);
    const [theme, ...path] = segments ?? [];
    if (!theme || !servedThemePath(theme, path)) throw notFound(request);
    const folder = themeFolder(theme);
    const file = folder && resolvePackageFile(folder, path.join("/"));
    if (!file) throw notFound(request);
    if (!file.path.endsWith(".css")) return sendPackageFile(request, reply, file);
    let cached = transformed.get(file.path);
    if (!cached || cached.mtimeMs !== file.stats.mtimeMs) {
      const css = await readFile(file.path, "utf8");
      cached = { mtimeMs: file.stats.mtimeMs, body: Buffer.from(withoutRemoteImports(css), "utf8") };
      transformed.set(file.path, cached);
    }
    return sendPackageFile(request, reply, file, cached.body);
  });
}
