/**
 * Which {@link Downlinks} a server uses: the embedded hub (one process, nothing to configure), or
 * the Redis bus when a Redis URL is given (several processes or machines serving one app).
 */
import { ConnectionIds, SECRET_ENV } from "./connection-ids.js";
import { downlinkHubFor, settingsOf } from "./downlink-hub.js";
import type { Downlinks } from "./downlinks.js";
import type { ServedAppOptions } from "../server-context.js";

/** Thrown for a configuration the server refuses to start with (code `ERR_DASH_EVENTS_CONFIG`). */
export class ConfigError extends Error {
  readonly code = "ERR_DASH_EVENTS_CONFIG";
}

/** The message of the refusal to use Redis without a shared secret. */
export const REDIS_NEEDS_SECRET = `the Redis bus needs a secret shared by every process: set ${SECRET_ENV} (or the App's secret option) to the same value everywhere`;

/**
 * The downlinks of a server of an app with `options`; `redis` (a `redis://` URL) overrides the
 * App's `redis` option.
 *
 * @example
 * ```ts
 * const downlinks = await downlinksFor(app.options, process.env.REDIS_URL);
 * ```
 */
export async function downlinksFor(options: ServedAppOptions, redis: string | undefined = options.redis): Promise<Downlinks> {
  if (redis === undefined || redis === "") return downlinkHubFor(options);
  const secret = options.secret ?? process.env[SECRET_ENV];
  if (!secret) throw new ConfigError(REDIS_NEEDS_SECRET);
  if (!/^rediss?:\/\//.test(redis)) throw new ConfigError(`the Redis URL must start with redis:// or rediss://, got ${JSON.stringify(redis.slice(0, 60))}`);
  // the Redis client is loaded only by apps that use it
  const { RedisDownlinks } = await import("./redis/redis-downlinks.js");
  return new RedisDownlinks(new ConnectionIds(secret), settingsOf(options), redis);
}
