/**
 * The stream tests of browser-streams.test.ts on the per-request transport (each run streams on
 * its own POST response), so cancel, re-trigger, timeout and errors are checked on both transports.
 */
process.env.DASH_EVENTS_TEST_TRANSPORT = "per-request";
await import("./browser-streams.test.js");
