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

/** `noUpdate` after a trip through JSON: Dash's wire form of `no_update`. */
export interface NoUpdateJson {
  readonly _dash_no_update: "_dash_no_update";
}

/**
 * Whether `value` means "leave this output as it is": `noUpdate` itself, a copy of it (spread, or
 * from another copy of this package), or its JSON form `{"_dash_no_update": "_dash_no_update"}`,
 * which Dash's `NoUpdate.is_no_update` accepts too (a value that went through JSON, a cache or
 * another process still counts).
 *
 * @example
 * ```ts
 * isNoUpdate(noUpdate);                                  // true
 * isNoUpdate(JSON.parse(JSON.stringify(noUpdate)));      // true
 * isNoUpdate({ _dash_no_update: "_dash_no_update" });    // true
 * isNoUpdate(null);                                      // false
 * ```
 */
export function isNoUpdate(value: unknown): value is NoUpdate | NoUpdateJson {
  if (value === noUpdate) return true;
  if (value === null || typeof value !== "object" || Array.isArray(value)) return false;
  if ((value as { __dashEventsNoUpdate?: unknown }).__dashEventsNoUpdate === true) return true;
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === "_dash_no_update" && (value as { _dash_no_update?: unknown })._dash_no_update === "_dash_no_update";
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
