/** The app's layout for one response: a layout function is called each time, a fixed layout is used as it is. */
import type { App } from "../app.js";

/**
 * The layout to send now. A layout function's error is rethrown with a message that says where
 * it came from.
 *
 * @example
 * ```ts
 * const layout = await currentLayout(app); // what GET /_dash-layout and GET / send
 * ```
 */
export async function currentLayout(app: App): Promise<unknown> {
  const option = app.options.layout;
  if (typeof option !== "function") return option;
  try {
    return await option();
  } catch (error) {
    throw new Error(`The layout function raised an error: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}
