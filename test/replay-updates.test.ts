// Replays test/fixtures/dash-wire/updates (real Dash 4.3.0 captures) against the TypeScript port
// of its app: no_update, PreventUpdate, set_props, no-output callbacks, Patch, errors, on_error.
import t from "tap";
import { createUpdatesApp } from "./fixtures/apps/updates.js";
import { replayCaptures } from "./helpers/replay.js";

replayCaptures(t, "updates", createUpdatesApp, {
  // Deliberate difference: Dash (debug=False) answers an uncaught exception with Werkzeug's HTML
  // "500 Internal Server Error" page; we answer 500 with a JSON body naming the callback and an
  // error id under which the server logged the message (message and stack only in debug mode).
  15: (t, dash, ours) => {
    t.equal(dash.status, 500);
    t.match(dash.headers["content-type"], /^text\/html/);
    t.equal(ours.status, 500);
    t.match(ours.contentType, /^application\/json/);
    const body = ours.json as { error: string; errorId: string; statusCode: number };
    t.equal(body.error, `Callback error-out.children failed (error id ${body.errorId}; the server log has the details)`);
    t.match(body.errorId, /^[0-9a-f]{12}$/);
    t.equal(body.statusCode, 500);
  },
});
