/** A reference to a clientside function the app's own JavaScript defines (see `ClientsideFunction`). */
export class ClientsideFunctionRef {
  constructor(
    readonly namespace: string,
    readonly functionName: string,
  ) {
    for (const [name, value] of [["namespace", namespace], ["functionName", functionName]] as const) {
      if (typeof value !== "string" || value === "") throw new TypeError(`ClientsideFunction(namespace, functionName): ${name} must be a non-empty string`);
    }
    Object.freeze(this);
  }
}

/**
 * Dash's `ClientsideFunction(namespace, function_name)`: a clientside callback whose function is
 * defined by the app's own JavaScript (an `assets/*.js` file, which the page loads as Dash does),
 * as `window.dash_clientside[namespace][functionName]`.
 *
 * @example
 * ```ts
 * // assets/app.js: window.dash_clientside = Object.assign({}, window.dash_clientside, {
 * //   clientside: { double: function (n) { return 2 * (n || 0); } } });
 * clientsideCallback(ClientsideFunction("clientside", "double"), Output("out", "children"), Input("go", "n_clicks"));
 * ```
 */
export function ClientsideFunction(namespace: string, functionName: string): ClientsideFunctionRef {
  return new ClientsideFunctionRef(namespace, functionName);
}
