/**
 * `dash-events/testing`: test an app's callbacks and event callbacks without a browser, in tap,
 * node:test or any runner. The client speaks the app's own HTTP protocol on a loopback port: it
 * fires an Input as the page would, reading the other Inputs and States from the layout unless
 * given, and returns what the page would receive.
 *
 * @example
 * ```ts
 * import { createTestClient } from "dash-events/testing";
 * const client = createTestClient(app);
 * (await client.callback(Input("go", "n_clicks"), 1)).outputs; // { out: { children: "clicked 1" } }
 * for await (const frame of client.stream(Input("go", "n_clicks"), 1)) console.log(frame);
 * await client.close();
 * ```
 */
export { createTestClient } from "./test-client.js";
export type { TestClient, CallbackResult, FireOptions } from "./test-client.js";
