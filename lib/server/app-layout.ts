/** The app's layout for one response: a layout function is called each time, a fixed layout is used as it is. */
import type { Component } from "../dsl/component.js";
import type { LayoutNode } from "../protocol/types.js";

/** A layout: a component tree (or its JSON), or a list of them. */
export type LayoutValue = Component | LayoutNode | ReadonlyArray<Component | LayoutNode>;

/** The layout option: a layout, or a function called on every `GET /_dash-layout` (may be async). */
export type LayoutOption = LayoutValue | (() => LayoutValue | Promise<LayoutValue>);

/**
 * The layout to send now. A layout function's error is rethrown with a message that says where
 * it came from.
 *
 * @example
 * ```ts
 * const layout = await currentLayout(app.options.layout); // what GET /_dash-layout and GET / send
 * ```
 */
export async function currentLayout(option: LayoutOption): Promise<unknown> {
  if (typeof option !== "function") return option;
  try {
    return await option();
  } catch (error) {
    throw new Error(`The layout function raised an error: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}
