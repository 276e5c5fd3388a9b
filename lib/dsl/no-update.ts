/** The type of `noUpdate`: one unique, frozen value. */
export interface NoUpdate {
  readonly __dashEventsNoUpdate: true;
  /** Dash's JSON form of `no_update`, `{"_dash_no_update": "_dash_no_update"}`. */
  toJSON(): { _dash_no_update: "_dash_no_update" };
}

/**
 * Return this from a callback (or as one of its outputs) to leave that output as it is.
 *
 * @example
 * ```ts
 * callback([Output("a", "children"), Output("b", "children")], Input("go", "n_clicks"),
 *   (n) => [`a ${n}`, noUpdate]);
 * ```
 */
export const noUpdate: NoUpdate = Object.freeze({
  __dashEventsNoUpdate: true as const,
  toJSON: () => ({ _dash_no_update: "_dash_no_update" as const }),
  toString: () => "noUpdate",
});

/**
 * Whether `value` is `noUpdate`.
 *
 * @example
 * ```ts
 * isNoUpdate(noUpdate); // true
 * isNoUpdate(null);     // false
 * ```
 */
export function isNoUpdate(value: unknown): value is NoUpdate {
  return value === noUpdate;
}

/**
 * Throw this from a callback to update nothing (Dash answers 204).
 *
 * @example
 * ```ts
 * callback(Output("out", "children"), Input("go", "n_clicks"), (n) => {
 *   if (!n) throw new PreventUpdate();
 *   return `clicked ${n}`;
 * });
 * ```
 */
export class PreventUpdate extends Error {
  constructor(message = "PreventUpdate") {
    super(message);
    this.name = "PreventUpdate";
  }
}
