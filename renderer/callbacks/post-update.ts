import { errorBodyOf } from "../../lib/protocol/error-body.js";
import type { UpdateRequest, UpdateResponse } from "../../lib/protocol/types.js";
import type { PropUpdates } from "../set-props.js";
import { postCallbackRequest, rendererHooks } from "../renderer-hooks.js";

/** A callback's answer: the prop updates to apply, and which outputs it set (`id.prop`; set_props side updates aside). */
export interface PostedUpdate {
  updates: PropUpdates;
  responseProps: string[];
}

export const NOTHING: PostedUpdate = { updates: [], responseProps: [] };

/**
 * POST one regular callback's request to `/_dash-update-component` and turn the answer into
 * prop updates: the `sideUpdate` (set_props inside the callback) first, then the outputs, so
 * both land in one commit. 204 (PreventUpdate) gives no updates; a failed request throws an
 * Error carrying the server's message. The renderer hooks see the request and its answer.
 */
export async function postUpdate(url: string, body: UpdateRequest): Promise<PostedUpdate> {
  return readUpdate(await postCallbackRequest(url, body, { Accept: "application/json" }), body);
}

/** How the dispatcher posts a regular callback's request: `postUpdate`, or a live poster (live-update.ts). */
export type UpdatePoster = (url: string, body: UpdateRequest) => Promise<PostedUpdate>;

/** Turn an answer of `/_dash-update-component` into prop updates (see `postUpdate`). */
export async function readUpdate(response: Response, body: UpdateRequest): Promise<PostedUpdate> {
  if (response.status === 204) return NOTHING;
  const text = await response.text();
  if (!response.ok) {
    const error = errorBodyOf(text);
    // An HTML error page (a proxy's) says nothing more than the status.
    throw new Error(`HTTP ${response.status}${error ? `: ${error.error}${error.detail ? `\n${error.detail}` : ""}` : ""}`);
  }
  if (text === "") return NOTHING;
  const parsed = JSON.parse(text) as UpdateResponse;
  rendererHooks().request_post?.(body, parsed.response ?? {});
  const updates: PropUpdates = [];
  for (const part of [parsed.sideUpdate ?? {}, parsed.response ?? {}]) {
    for (const idStr of Object.keys(part)) updates.push([idStr, part[idStr]]);
  }
  const outputs = parsed.response ?? {};
  const responseProps = Object.keys(outputs).flatMap((idStr) => Object.keys(outputs[idStr]).map((prop) => `${idStr}.${prop}`));
  return { updates, responseProps };
}
