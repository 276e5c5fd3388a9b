/**
 * Read prop types by running a suite's code in a sandbox whose `window.PropTypes` records instead
 * of validating: a `proptypes.js` (what dash-generate-components ships: `pk.Dropdown.propTypes =
 * {...}`), or a bundle that takes PropTypes from `window` (dash-table). Only the suite's own,
 * installed files are run, with a stub DOM just rich enough for a bundle's start-up code.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import vm from "node:vm";
import type { ComponentMetadata, SuiteMetadata } from "./metadata.js";
import { makePropTypesRecorder, recordedField } from "./prop-types-recorder.js";

const require = createRequire(import.meta.url);

/**
 * Run `files` in one sandbox and read `window[namespace][Type].propTypes` of every component.
 * With `predeclare`, `window[namespace]` starts as an object that creates an entry for any
 * component a `proptypes.js` assigns to.
 *
 * @example
 * ```ts
 * readEvaluatedPropTypes(["node_modules/dash-core-components/dash_core_components/proptypes.js"], "dash_core_components", true);
 * ```
 */
export function readEvaluatedPropTypes(files: readonly string[], namespace: string, predeclare: boolean): SuiteMetadata {
  const sandbox = makeSandbox(files[0] ?? "bundle.js");
  if (predeclare) {
    const registry: { [type: string]: object } = {};
    sandbox[namespace] = new Proxy(registry, {
      get: (target, key) => (typeof key === "string" ? (target[key] ??= {}) : undefined),
    });
  }
  const context = vm.createContext(sandbox);
  for (const file of files) vm.runInContext(quoteWildcardKeys(readFileSync(file, "utf8")), context, { filename: file });
  const exported = sandbox[namespace];
  if (exported === null || typeof exported !== "object") {
    throw new Error(`Running ${files.join(", ")} did not define window.${namespace}`);
  }
  const components: ComponentMetadata[] = [];
  for (const name of Object.keys(exported)) {
    const propTypes = (exported as { [key: string]: { propTypes?: unknown } })[name]?.propTypes;
    if (!/^[A-Z]/.test(name) || propTypes === null || typeof propTypes !== "object") continue;
    const props = Object.entries(propTypes).map(([prop, validator]) => ({ name: prop, ...recordedField(validator) }));
    components.push({ name, props });
  }
  components.sort((a, b) => a.name.localeCompare(b.name));
  return { namespace, components };
}

/**
 * dash-generate-components writes wildcard props unquoted (`data-*:pt.string`), which is not
 * JavaScript; quote them so the file runs and the prop is kept.
 */
function quoteWildcardKeys(code: string): string {
  return code.replace(/([{,]\s*)([A-Za-z_$][\w$]*-\*)\s*:/g, '$1"$2":');
}

/** A browser-like global object: enough for suites' start-up code, nothing that renders. */
function makeSandbox(scriptPath: string): { [key: string]: unknown } {
  const element = (): object => ({
    style: {},
    setAttribute() {},
    getAttribute: () => null,
    appendChild() {},
    removeChild() {},
    addEventListener() {},
    removeEventListener() {},
  });
  const script = { ...element(), tagName: "SCRIPT", src: `http://localhost/${scriptPath.split("/").pop() ?? "bundle.js"}` };
  const document = {
    currentScript: script,
    baseURI: "http://localhost/",
    cookie: "",
    createElement: element,
    createTextNode: element,
    getElementsByTagName: () => [script],
    querySelector: () => null,
    querySelectorAll: () => [],
    getElementById: () => null,
    addEventListener() {},
    removeEventListener() {},
    head: element(),
    body: element(),
    documentElement: element(),
  };
  const sandbox: { [key: string]: unknown } = {
    PropTypes: makePropTypesRecorder(),
    React: require("react") as unknown,
    ReactDOM: require("react-dom") as unknown,
    document,
    navigator: { userAgent: "node", platform: "node" },
    location: { href: "http://localhost/", search: "", hash: "", pathname: "/" },
    CSS: { supports: () => false },
    console,
    setTimeout,
    clearTimeout,
    setInterval,
    clearInterval,
    queueMicrotask,
    addEventListener() {},
    removeEventListener() {},
    dispatchEvent: () => true,
    matchMedia: () => ({ matches: false, addListener() {}, removeListener() {} }),
    getComputedStyle: () => ({}),
    requestAnimationFrame: (fn: () => void) => setTimeout(fn, 0),
    cancelAnimationFrame: clearTimeout,
    URL,
    CustomEvent: class {},
  };
  sandbox.window = sandbox;
  sandbox.self = sandbox;
  sandbox.globalThis = sandbox;
  return sandbox;
}
