/**
 * `GET /assets/*`: the app's static files (Dash's assets folder), via @fastify/static. A file
 * whose real path leaves the folder (a symlink to `/etc/passwd`, or to a folder outside) is
 * not served: 404, as if it did not exist.
 */
import { existsSync, readdirSync, realpathSync } from "node:fs";
import { join, relative, resolve, sep } from "node:path";
import fastifyStatic from "@fastify/static";
import type { FastifyInstance } from "fastify";
import type { ServerContext } from "./server-context.js";

const ASSETS_PREFIX = "/assets/";

export async function assetsRoute(server: FastifyInstance, { app }: ServerContext): Promise<void> {
  const folder = app.options.assetsFolder;
  if (folder === undefined) return;
  const root = resolve(folder);
  await server.register(fastifyStatic, {
    root,
    prefix: ASSETS_PREFIX,
    decorateReply: false,
    dotfiles: "deny",
    allowedPath: (pathname) => staysInside(root, pathname),
  });
}

/** Whether the file `pathname` names under `root` is really inside it, symlinks resolved. A missing file passes (it is a 404 anyway). */
function staysInside(root: string, pathname: string): boolean {
  let realRoot: string;
  let realFile: string;
  try {
    realRoot = realpathSync(root);
    realFile = realpathSync(resolve(root, `.${pathname}`));
  } catch {
    return true;
  }
  return realFile === realRoot || realFile.startsWith(realRoot + sep);
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
