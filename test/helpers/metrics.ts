/** Reading a running instance's Prometheus `/metrics` (served with `--metrics`) in tests. */

/**
 * Sum of a metric's samples on an instance's own `/metrics` (not through a proxy).
 *
 * @example
 * ```ts
 * const streams = await metric("http://127.0.0.1:8050/", "dash_events_streams_started_total");
 * ```
 */
export async function metric(url: string, name: string): Promise<number> {
  const text = await (await fetch(`${url}metrics`)).text();
  let sum = 0;
  for (const line of text.split("\n")) if (line.startsWith(`${name} `) || line.startsWith(`${name}{`)) sum += Number(line.slice(line.lastIndexOf(" ") + 1));
  return sum;
}
