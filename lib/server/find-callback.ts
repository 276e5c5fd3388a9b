/** Look up the callback an update request names, refusing unknown ids and the wrong endpoint. */
import { ENDPOINTS } from "../protocol/types.js";
import type { EventCallback, RegularCallback } from "../callbacks/callback-types.js";
import { HttpError } from "./errors.js";
import type { ServedApp } from "./server-context.js";

export function findRegularCallback(app: ServedApp, id: string): RegularCallback {
  const found = app.registry.get(id);
  if (!found) throw unknown(id);
  if (found.kind === "event") {
    throw new HttpError(400, `Callback ${id} is an event callback; POST it to /${ENDPOINTS.stream}`);
  }
  if (found.kind === "clientside") throw new HttpError(400, `Callback ${id} is a clientside callback; it runs in the browser`);
  return found;
}

export function findEventCallback(app: ServedApp, id: string): EventCallback {
  const found = app.registry.get(id);
  if (!found) throw unknown(id);
  if (found.kind !== "event") {
    throw new HttpError(400, `Callback ${id} is not an event callback; POST it to /${ENDPOINTS.update}`);
  }
  return found;
}

function unknown(id: string): HttpError {
  const shown = id.length > 200 ? `${id.slice(0, 200)}…` : id;
  return new HttpError(404, `Unknown callback ${JSON.stringify(shown)}: no callback with this output id is registered`);
}
