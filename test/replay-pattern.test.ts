// Replays test/fixtures/dash-wire/pattern (real Dash 4.3.0 captures) against the TypeScript port
// of its app: dict ids, MATCH, ALL and a returned component tree.
import t from "tap";
import { createPatternApp } from "./fixtures/apps/pattern.js";
import { replayCaptures } from "./helpers/replay.js";

replayCaptures(t, "pattern", createPatternApp);
