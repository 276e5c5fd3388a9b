/**
 * The test client of `dash-events/testing`: fires an Input the way the page does, through the
 * app's own endpoints on a loopback port of its own, and returns what the page would receive.
 */
import { createParser } from "eventsource-parser";
import type { App, RunningServer } from "../app.js";
import type { Dependency } from "../dsl/dependencies.js";
import { decodeFrameData } from "../protocol/frames.js";
import { outputPropIdsOf, splitPropId, stringifyId } from "../protocol/ids.js";
import { ENDPOINTS } from "../protocol/types.js";
import type { CallbackSpec, DependencyRef, JsonValue, LayoutNode, PropsById, StreamFrame, UpdateRequest } from "../protocol/types.js";

/** Options of `client.callback()` and `client.stream()`. */
export interface FireOptions {
  /**
   * Values of the callback's other Inputs and States, as `[Input(...)/State(...), value]` pairs.
   * Those not given are read from the app's layout, as the page would read them on load.
   */
  values?: ReadonlyArray<readonly [Dependency, unknown]>;
}

/** What the regular callbacks an Input triggers answered, merged as the page merges them. */
export interface CallbackResult {
  /** Output values by stringified component id, then prop: Dash's `response`. */
  outputs: PropsById;
  /** Updates made with `setProps` (Dash's `sideUpdate`), by stringified component id, then prop. */
  sideUpdates: PropsById;
  /** Whether every triggered callback raised `PreventUpdate` (Dash's 204). */
  prevented: boolean;
}

/** A client for one app; see {@link createTestClient}. */
export interface TestClient {
  /**
   * Sets `trigger` to `value` and runs every regular callback it is an Input of; resolves with
   * their outputs. A callback that fails rejects with the server's error message.
   */
  callback(trigger: Dependency, value: unknown, options?: FireOptions): Promise<CallbackResult>;
  /**
   * Sets `trigger` to `value` and runs the event callback it is an Input of: yields each frame
   * the stream sends (`["[SINGLE]", id, props]`, `["[BATCH]", null, pairs]`, `["[ERROR]", null, info]`)
   * and ends with the stream. Leaving the loop early ends the run, as a page that goes away does.
   */
  stream(trigger: Dependency, value: unknown, options?: FireOptions): AsyncGenerator<StreamFrame, void, undefined>;
  /** Closes the app's server (ending running streams). */
  close(): Promise<void>;
}

/**
 * A test client for `app`, served in debug mode (errors carry their message and stack). Concrete
 * ids only: Inputs with `MATCH`/`ALL` wildcards are not fired.
 *
 * @example
 * ```ts
 * import t from "tap";
 * import { createTestClient } from "dash-events/testing";
 * import app from "../app.js";
 *
 * const client = createTestClient(app);
 * t.teardown(() => client.close());
 * t.test("go streams five steps", async (t) => {
 *   const frames = [];
 *   for await (const frame of client.stream(Input("go", "n_clicks"), 1)) frames.push(frame);
 *   t.equal(frames.length, 5);
 * });
 * ```
 */
export function createTestClient(app: App): TestClient {
  // Debug mode, so that errors carry their message (and stack) as in development.
  // A real port rather than Fastify's inject: a stream left early must close its connection, as
  // a page that goes away does, and only a socket tells the server so.
  let server: Promise<RunningServer> | undefined;
  const started = (): Promise<RunningServer> => (server ??= app.listen({ port: 0, host: "127.0.0.1", logger: false, debug: true }));

  async function getJson<T>(path: string): Promise<T> {
    const res = await fetch(`${(await started()).url}/${path}`);
    if (res.status !== 200) throw new Error(`GET /${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }

  async function post(path: string, body: UpdateRequest, signal?: AbortSignal): Promise<Response> {
    return fetch(`${(await started()).url}/${path}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
      signal,
    });
  }

  /** The update request of `spec` when `trigger` changed to `value`. */
  async function requestFor(spec: CallbackSpec, trigger: Dependency, value: unknown, options: FireOptions): Promise<UpdateRequest> {
    const layout = await getJson<LayoutNode>(ENDPOINTS.layout);
    const given = new Map((options.values ?? []).map(([dep, v]) => [dep.propId, v]));
    given.set(trigger.propId, value);
    const arg = (ref: DependencyRef) => {
      const key = `${ref.id}.${ref.property}`;
      const found = given.has(key) ? given.get(key) : propOf(layout, ref.id, ref.property);
      return found === undefined ? { id: parseRefId(ref.id), property: ref.property } : { id: parseRefId(ref.id), property: ref.property, value: found as JsonValue };
    };
    const request: UpdateRequest = {
      output: spec.output,
      inputs: spec.inputs.map(arg),
      state: spec.state.map(arg),
      changedPropIds: [trigger.propId],
    };
    if (!spec.no_output) {
      const outputs = outputPropIdsOf(spec.output).map((output) => {
        const { id, property } = splitPropId(output);
        return { id: parseRefId(id), property };
      });
      request.outputs = spec.output.startsWith("..") ? outputs : outputs[0];
    }
    return request;
  }

  async function triggered(trigger: Dependency, stream: boolean): Promise<CallbackSpec[]> {
    if (trigger.hasWildcard) throw new Error(`test client: ${trigger.propId} has a wildcard; fire a concrete id`);
    const key = trigger.propId;
    const specs = (await getJson<CallbackSpec[]>(ENDPOINTS.dependencies)).filter(
      (spec) => spec.inputs.some((ref) => `${ref.id}.${ref.property}` === key) && spec.clientside_function === null && Boolean(spec.stream) === stream,
    );
    if (specs.length === 0) throw new Error(`test client: ${key} is not an Input of any ${stream ? "event" : "regular"} callback`);
    return specs;
  }

  return {
    async callback(trigger, value, options = {}) {
      const result: CallbackResult = { outputs: {}, sideUpdates: {}, prevented: true };
      for (const spec of await triggered(trigger, false)) {
        const body = await requestFor(spec, trigger, value, options);
        const res = await post(ENDPOINTS.update, body);
        if (res.status === 204) continue;
        const text = await res.text();
        if (res.status !== 200) throw new Error(`callback ${spec.output} failed (${res.status}): ${errorMessage(text)}`);
        const answer = JSON.parse(text) as { response?: PropsById; sideUpdate?: PropsById };
        result.prevented = false;
        mergeInto(result.outputs, answer.response ?? {});
        mergeInto(result.sideUpdates, answer.sideUpdate ?? {});
      }
      return result;
    },

    async *stream(trigger, value, options = {}) {
      const [spec] = await triggered(trigger, true);
      const body = await requestFor(spec, trigger, value, options);
      const controller = new AbortController();
      const res = await post(ENDPOINTS.stream, body, controller.signal);
      if (res.status !== 200 || !res.body) {
        throw new Error(`event callback ${spec.output} failed (${res.status}): ${errorMessage(await res.text())}`);
      }
      const pending: Array<StreamFrame | "done"> = [];
      const parser = createParser({ onEvent: (event) => pending.push(decodeFrameData(event.data)) });
      const decoder = new TextDecoder();
      const reader = res.body.getReader();
      try {
        for (;;) {
          const { done, value: chunk } = await reader.read();
          if (done) return;
          parser.feed(decoder.decode(chunk, { stream: true }));
          while (pending.length > 0) {
            const frame = pending.shift()!;
            if (frame === "done") return;
            yield frame;
          }
        }
      } finally {
        // Leaving early: the server sees the connection close and ends the run.
        controller.abort();
      }
    },

    async close() {
      if (server) await (await server).close();
      server = undefined;
    },
  };
}

function parseRefId(id: string): string | { [key: string]: string | number | boolean } {
  return id.startsWith("{") ? (JSON.parse(id) as { [key: string]: string | number | boolean }) : id;
}

/** The value of `property` of the component with stringified id `id` in the layout, if any. */
function propOf(node: unknown, id: string, property: string): unknown {
  if (Array.isArray(node)) {
    for (const child of node) {
      const found = propOf(child, id, property);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (node === null || typeof node !== "object") return undefined;
  const props = (node as Partial<LayoutNode>).props;
  if (!props || typeof props !== "object") return undefined;
  if (props.id !== undefined && stringifyId(props.id as string) === id) return props[property];
  for (const child of Object.values(props)) {
    const found = propOf(child, id, property);
    if (found !== undefined) return found;
  }
  return undefined;
}

function mergeInto(target: PropsById, source: PropsById): void {
  for (const [id, props] of Object.entries(source)) target[id] = { ...target[id], ...props };
}

function errorMessage(body: string): string {
  try {
    const parsed = JSON.parse(body) as { message?: unknown; error?: unknown };
    const message = parsed.message ?? parsed.error;
    return typeof message === "string" ? message : body;
  } catch {
    return body;
  }
}

