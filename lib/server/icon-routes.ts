/**
 * `GET /_dash-events/icons/<set>.json?icons=<name>,<name>`: icon data for `dash_iconify.DashIconify`,
 * from `@iconify/json`, in the Iconify API's form, so the page's `@iconify/react` loads icons from
 * this server and never from api.iconify.design. Only the requested icons are answered (with the
 * icons their aliases point to). An unknown set, or a request none of whose icons exist, is a 404;
 * a malformed name or list is a 400. Answers carry an ETag and may be cached for a day; the server
 * keeps its recent answers too (lib/suites/icon-sets.ts keeps the parsed sets).
 */
import { createHash } from "node:crypto";
import type { FastifyInstance } from "fastify";
import { ICONS_PATH, ICON_NAME_PATTERN, MAX_ICONS_PER_REQUEST, MAX_ICON_NAME_LENGTH } from "../protocol/icons.js";
import { IconSetError, IconSets } from "../suites/icon-sets.js";
import { iconSubset } from "../suites/icon-subset.js";
import { HttpError } from "./errors.js";

/** A browser may reuse an answer this long before revalidating it (the data changes only with the package). */
const CACHE_CONTROL = "public, max-age=86400";
/** Recent answers kept, by count and by bytes. */
const MAX_ANSWERS = 512;
const MAX_ANSWER_BYTES = 8 * 1024 * 1024;

interface Answer {
  body: string;
  etag: string;
}

/** Recent answers by set, set version and sorted names; least recently used dropped first. */
class AnswerCache {
  private readonly answers = new Map<string, Answer>();
  private bytes = 0;

  get(key: string): Answer | undefined {
    const answer = this.answers.get(key);
    if (answer) {
      this.answers.delete(key);
      this.answers.set(key, answer);
    }
    return answer;
  }

  set(key: string, answer: Answer): void {
    if (answer.body.length > MAX_ANSWER_BYTES || this.answers.has(key)) return;
    this.answers.set(key, answer);
    this.bytes += answer.body.length;
    while (this.answers.size > MAX_ANSWERS || this.bytes > MAX_ANSWER_BYTES) {
      const [oldest, dropped] = this.answers.entries().next().value as [string, Answer];
      this.answers.delete(oldest);
      this.bytes -= dropped.body.length;
    }
  }
}

/** Options of the icon route. */
export interface IconRouteOptions {
  /** Where sets are read and kept; `IconSets.shared` by default. */
  iconSets?: IconSets;
}

/**
 * The Fastify plugin of the route.
 *
 * @example
 * ```ts
 * await server.register(iconsRoute);
 * // GET /_dash-events/icons/mdi.json?icons=home,account → {"prefix":"mdi","icons":{"home":{…},"account":{…}},"width":24,"height":24,…}
 * ```
 */
// eslint-disable-next-line @typescript-eslint/require-await -- a Fastify plugin is async: register() awaits it
export async function iconsRoute(server: FastifyInstance, options: IconRouteOptions): Promise<void> {
  const sets = options.iconSets ?? IconSets.shared;
  const answers = new AnswerCache();
  server.get<{ Params: { file: string }; Querystring: Record<string, unknown> }>(`/${ICONS_PATH}/:file`, async (request, reply) => {
    const prefix = /^(.*)\.json$/.exec(request.params.file)?.[1];
    if (prefix === undefined) throw new HttpError(404, `Not found: ${request.url} (icon data is at /${ICONS_PATH}/<set>.json?icons=<names>)`);
    const names = requestedNames(request.query.icons);
    let file;
    try {
      file = await sets.locate(prefix);
    } catch (error) {
      if (error instanceof IconSetError) throw new HttpError(404, error.message);
      throw error;
    }
    const key = `${prefix}\0${file.version}\0${[...names].sort().join(",")}`;
    let answer = answers.get(key);
    if (!answer) {
      const subset = iconSubset((await sets.load(file)).set, names);
      if (Object.keys(subset.icons).length === 0) {
        const missing = names.map((name) => JSON.stringify(name)).join(", ");
        throw new HttpError(404, `No icon ${missing} in icon set ${JSON.stringify(prefix)}`);
      }
      const body = JSON.stringify(subset);
      answer = { body, etag: `"${createHash("sha1").update(body).digest("base64url")}"` };
      answers.set(key, answer);
    }
    void reply.header("cache-control", CACHE_CONTROL).header("etag", answer.etag);
    const ifNoneMatch = request.headers["if-none-match"];
    if (ifNoneMatch !== undefined && ifNoneMatch.split(",").some((tag) => tag.trim().replace(/^W\//, "") === answer.etag)) {
      return reply.code(304).send();
    }
    return reply.type("application/json; charset=utf-8").send(answer.body);
  });
}

/** The `icons` query parameter as a list of distinct names; a 400 when it is missing, repeated, too long or holds a name that is not one. */
function requestedNames(value: unknown): string[] {
  if (typeof value !== "string") {
    throw new HttpError(400, Array.isArray(value) ? "Give the icons once: ?icons=<name>,<name>" : "Missing the icons to send: ?icons=<name>,<name>");
  }
  const names = [...new Set(value.split(","))];
  if (names.length > MAX_ICONS_PER_REQUEST) throw new HttpError(400, `Too many icons in one request: ${names.length} (at most ${MAX_ICONS_PER_REQUEST})`);
  for (const name of names) {
    if (!ICON_NAME_PATTERN.test(name) || name.length > MAX_ICON_NAME_LENGTH) {
      const shown = name.length > 40 ? `${name.slice(0, 40)}…` : name;
      throw new HttpError(400, `Not an icon name: ${JSON.stringify(shown)} (lower-case letters, digits and single hyphens)`);
    }
  }
  return names;
}
