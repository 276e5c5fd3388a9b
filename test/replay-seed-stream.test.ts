// Replays the seed's stream captures (test/fixtures/dash-wire/seed-stream: dash_event_callback on
// Dash 4.3.0) against the TypeScript port of its app. The seed's client posts its own body format
// ({content: {sse_callback_id, <param names>, callback_context}}); our endpoint takes Dash's update
// body, so each captured request is translated field by field, and the frames we stream are
// compared with the seed's after parsing.
import t from "tap";
import { createParser } from "eventsource-parser";
import { createSeedStreamApp, registerSeedStreamCallbacks } from "./fixtures/apps/seed-stream.js";
import { captured } from "./helpers/replay.js";
import { getPath, readStream, startApp } from "./helpers/server.js";
import type { CallbackArg, UpdateRequest } from "../lib/protocol/types.js";

interface SeedRequest {
  content: {
    sse_callback_id: string;
    callback_context: {
      triggered: Array<{ prop_id: string; value: unknown }>;
      inputs_list: CallbackArg[];
      states_list?: CallbackArg[];
    };
  };
}

/**
 * The seed's request as Dash's update body. The seed's sse_callback_id holds its own hash; the
 * callback is found by its inputs, as the renderer would address it by its dependency's output id.
 */
function toUpdateRequest(seed: SeedRequest, specs: Array<{ output: string; inputs: Array<{ id: string; property: string }> }>): UpdateRequest {
  const context = seed.content.callback_context;
  const inputIds = context.inputs_list.map((arg) => `${typeof arg.id === "string" ? arg.id : JSON.stringify(arg.id)}.${arg.property}`).join();
  const spec = specs.find((s) => s.inputs.map((ref) => `${ref.id}.${ref.property}`).join() === inputIds);
  const changed = context.triggered.map((tr) => tr.prop_id);
  return {
    output: spec?.output ?? "no such callback",
    inputs: context.inputs_list,
    changedPropIds: changed,
    parsedChangedPropsIds: changed,
    ...(context.states_list ? { state: context.states_list } : {}),
  };
}

function seedFrames(file: string): unknown[] {
  const data: unknown[] = [];
  const parser = createParser({ onEvent: (event) => data.push(JSON.parse(event.data)) });
  parser.feed(captured("seed-stream", file));
  return data;
}

// module-level registrations first, as in an app module; the App adopts them when its server is built
registerSeedStreamCallbacks();
const started = await startApp(createSeedStreamApp());
t.teardown(started.close);
const specs = (await getPath(started.url, "/_dash-dependencies")).json as Array<{ output: string; inputs: Array<{ id: string; property: string }> }>;

t.test("event callbacks get the seed's ids (sha256 of the inputs) and are listed as streams", async (t) => {
  const ours = (await getPath(started.url, "/_dash-dependencies")).json as Array<Record<string, unknown>>;
  const seed = JSON.parse(captured("seed-stream", "dependencies.json")) as Array<Record<string, unknown>>;
  t.equal(ours.length, 2);
  for (const seedSpec of seed) {
    const ourSpec = ours.find((s) => s.output === seedSpec.output);
    t.ok(ourSpec, `callback ${String(seedSpec.output)} present with the seed's id`);
    for (const field of ["inputs", "state", "prevent_initial_call", "no_output", "background", "optional", "hidden", "websocket", "persistent"]) {
      t.strictSame(ourSpec?.[field], seedSpec[field], field);
    }
    // Deliberate difference: the seed registers a clientside callback that drives a hidden SSE
    // component; we list a server-side stream the renderer opens itself.
    t.equal(seedSpec.clientside_function === null, false);
    t.equal(ourSpec?.clientside_function, null);
    t.equal(ourSpec?.stream, true);
  }
});

t.test("the layout equals the seed app's own layout (the seed appends hidden SSE components we do not need)", async (t) => {
  const seedLayout = JSON.parse(captured("seed-stream", "layout.json")) as unknown[];
  t.strictSame((await getPath(started.url, "/_dash-layout")).json, seedLayout[2]);
});

t.test("stream: the same frames as the seed, then [DONE]", async (t) => {
  const request = toUpdateRequest(JSON.parse(captured("seed-stream", "stream.request.json")) as SeedRequest, specs);
  const read = await readStream(started.url, request);
  t.equal(read.status, 200);
  t.match(read.contentType, /^text\/event-stream/);
  // Deliberate difference: the seed ends a finished stream by closing the response; we send [DONE] first.
  t.equal(read.data.at(-1), "[DONE]");
  t.strictSame(read.data.slice(0, -1).map((d) => JSON.parse(d) as unknown), seedFrames("stream.response.txt"));
});

t.test("stream-error: the same frames as the seed, ending in [ERROR] with reset_props", async (t) => {
  const request = toUpdateRequest(JSON.parse(captured("seed-stream", "stream-error.request.json")) as SeedRequest, specs);
  const read = await readStream(started.url, request);
  const ours = read.data.map((d) => JSON.parse(d) as unknown) as Array<[string, unknown, { error?: string }]>;
  const seed = seedFrames("stream-error.response.txt") as Array<[string, unknown, { error?: string }]>;
  // Deliberate difference: the seed sends the exception's message; outside debug mode we send a
  // generic one with an error id (the server log has the message), so a secret never leaks.
  const ourError = ours.at(-1)![2];
  t.match(ourError.error, /^event callback [0-9a-f]+ failed \(error id [0-9a-f]{12}; the server log has the details\)$/);
  ourError.error = seed.at(-1)![2].error;
  t.strictSame(ours, seed);
});
