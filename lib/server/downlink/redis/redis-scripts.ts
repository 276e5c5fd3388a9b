/**
 * The Redis side of the downlink bus: key names and the Lua scripts that keep each connection's
 * sequence atomic whichever process appends. A connection's keys share a hash tag (`{id}`), so
 * each script touches one slot.
 *
 * - `log`: a Stream, the resume log; entry ids are the sequence numbers (`<seq>-0`), so a
 *   `Last-Event-ID` is a stream id any process can read from. Fields: `s` (run) + `d` (frame
 *   JSON), or `r` (a reset's message).
 * - `seq`: the newest sequence number. `sent`: the newest one a downlink wrote to its client.
 * - `live`: exists while a downlink carries the connection, and for the grace period after.
 * - `runs`: the open runs, by stream id: `{t: tab, c: callback, w: process, e: the frame the page
 *   gets should that process die}`.
 * - `process:<id>`: exists while process `id` lives (refreshed every second); `processes`: every
 *   process by the time of its last heartbeat.
 */
import { createHash } from "node:crypto";
import type { Redis } from "ioredis";
import { HttpError } from "../../errors.js";

const PREFIX = "dash-events:";

/** The pub/sub channel of cancels and downlink take-overs. */
export const CONTROL_CHANNEL = `${PREFIX}downlink-control`;

/** The pub/sub channel of the `ctx.getProp` answers for the process whose question ids start with `prefix`. */
export function replyChannel(prefix: string): string {
  return `${PREFIX}live-reply:${prefix}`;
}

/** The keys of connection `id`. */
export function keysOf(id: string): { log: string; seq: string; sent: string; live: string; runs: string } {
  const base = `${PREFIX}{${id}}:`;
  return { log: `${base}log`, seq: `${base}seq`, sent: `${base}sent`, live: `${base}live`, runs: `${base}runs` };
}

/**
 * The processes' index: a sorted set of process ids by the time of their last heartbeat (ms), so
 * one read tells whether any process is late (clocks of several machines may differ: a late entry
 * is only a suspect, its `process:<id>` key decides).
 */
export const PROCESSES_KEY = `${PREFIX}processes`;

/** The key that says process `id` is alive. */
export function processKey(id: string): string {
  return `${PREFIX}process:${id}`;
}

/** The connection id of a `log` key. */
export function idOfLogKey(key: string): string {
  return key.slice(PREFIX.length + 1, key.lastIndexOf("}"));
}

interface Script {
  readonly source: string;
  readonly sha: string;
}

function script(source: string): Script {
  return { source, sha: createHash("sha1").update(source).digest("hex") };
}

/**
 * Append events. KEYS: log, seq, sent. ARGV: max length, ttl ms, then (field, value, field,
 * value) per event: `s`+`d` pairs, or `r` + message and an empty pair. Returns {newest seq, sent}.
 */
export const APPEND = script(`
local seq = tonumber(redis.call('GET', KEYS[2]) or '0')
for i = 3, #ARGV, 4 do
  seq = seq + 1
  if ARGV[i] == 'r' then
    redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], seq .. '-0', 'r', ARGV[i + 1])
  else
    redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], seq .. '-0', 's', ARGV[i + 1], 'd', ARGV[i + 3])
  end
end
redis.call('SET', KEYS[2], seq, 'PX', ARGV[2])
redis.call('PEXPIRE', KEYS[1], ARGV[2])
return {seq, tonumber(redis.call('GET', KEYS[3]) or '0')}
`);

/**
 * Register a run. KEYS: runs. ARGV: stream, tab, callback, process, ttl ms, orphan frame. Returns {0} when the
 * stream is already open, else {1, older streams of the same tab and callback...}.
 */
export const OPEN = script(`
if redis.call('HEXISTS', KEYS[1], ARGV[1]) == 1 then return {0} end
local out = {1}
local all = redis.call('HGETALL', KEYS[1])
for i = 1, #all, 2 do
  local run = cjson.decode(all[i + 1])
  if run.t == ARGV[2] and run.c == ARGV[3] then out[#out + 1] = all[i] end
end
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode({t = ARGV[2], c = ARGV[3], w = ARGV[4], e = ARGV[6]}))
redis.call('PEXPIRE', KEYS[1], ARGV[5])
return out
`);

/** Count the open runs a cancel names. KEYS: runs. ARGV: tab ('' for none), streams... */
export const COUNT_CANCELLED = script(`
local named = {}
for i = 2, #ARGV do named[ARGV[i]] = true end
local all = redis.call('HGETALL', KEYS[1])
local count = 0
for i = 1, #all, 2 do
  if named[all[i]] or (ARGV[1] ~= '' and cjson.decode(all[i + 1]).t == ARGV[1]) then count = count + 1 end
end
return count
`);

/**
 * End a run whose process died: unregister it and append its orphan frame (once, whoever sweeps).
 * KEYS: log, seq, runs. ARGV: max length, ttl ms, stream, dead process, frame when none was given.
 */
export const ORPHAN = script(`
local text = redis.call('HGET', KEYS[3], ARGV[3])
if not text then return 0 end
local run = cjson.decode(text)
if run.w ~= ARGV[4] then return 0 end
redis.call('HDEL', KEYS[3], ARGV[3])
local seq = tonumber(redis.call('GET', KEYS[2]) or '0') + 1
local frame = ARGV[5]
if run.e and run.e ~= '' then frame = run.e end
redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[1], seq .. '-0', 's', ARGV[3], 'd', frame)
redis.call('SET', KEYS[2], seq, 'PX', ARGV[2])
return 1
`);

/** Keep a carried connection alive. KEYS: live, log, seq, sent, runs. ARGV: grace ms, data ttl ms. */
export const TOUCH = script(`
redis.call('SET', KEYS[1], '1', 'PX', ARGV[1])
for i = 2, 5 do redis.call('PEXPIRE', KEYS[i], ARGV[2]) end
return 1
`);

/**
 * `work()`, with a failure of Redis turned into a 503 that says so (the request can be retried;
 * pages and regular callbacks do not need Redis).
 */
export async function onBus<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw new HttpError(503, `The Redis bus of event-callback streams is unreachable (${error instanceof Error ? error.message : String(error)}); try again shortly`);
  }
}

/** Run `s` (EVALSHA, loading it on a NOSCRIPT). */
export async function runScript(client: Redis, s: Script, keys: readonly string[], args: ReadonlyArray<string | number>): Promise<unknown> {
  try {
    return await client.evalsha(s.sha, keys.length, ...keys, ...args);
  } catch (error) {
    if (!(error instanceof Error) || !error.message.startsWith("NOSCRIPT")) throw error;
    return client.eval(s.source, keys.length, ...keys, ...args);
  }
}
