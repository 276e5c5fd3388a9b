/** `GET /assets/*`: the app's static files (Dash's assets folder), via @fastify/static. */
import { existsSync, readdirSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";
import type { ServerContext } from "./server-context.js";

const ASSETS_PREFIX = "/assets/";

export async function assetsRoute(server: FastifyInstance, { app }: ServerContext): Promise<void> {
  const folder = app.options.assetsFolder;
  if (folder === undefined) return;
  await server.register(fastifyStatic, { root: resolve(folder), prefix: ASSETS_PREFIX, decorateReply: false, dotfiles: "deny" });
}

/**
 * The .css, .js and .mjs files of the assets folder as URLs, sorted, as Dash includes them in the
 * page (an .mjs file as a module script).
 *
 * @example
 * ```ts
 * assetUrls("./assets"); // { css: ["/assets/style.css"], js: ["/assets/app.js", "/assets/widgets.mjs"] }
 * ```
 */
export function assetUrls(folder: string | undefined): { css: string[]; js: string[] } {
  const urls = { css: [] as string[], js: [] as string[] };
  if (folder === undefined || !existsSync(folder)) return urls;
  const root = resolve(folder);
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.name.startsWith(".")) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      const url = ASSETS_PREFIX + relative(root, path).split(sep).map(encodeURIComponent).join("/");
      if (entry.isFile() && entry.name.endsWith(".css")) urls.css.push(url);
      if (entry.isFile() && (entry.name.endsWith(".js") || entry.name.endsWith(".mjs"))) urls.js.push(url);
    }
  };
  walk(root);
  return urls;
}
