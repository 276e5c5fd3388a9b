/** What every server plugin gets as its options: the app it serves and the server-wide settings. */
import type { App } from "../app.js";

export interface ServerContext {
  readonly app: App;
  /** Stack traces in error bodies and frames. */
  readonly debug: boolean;
}
