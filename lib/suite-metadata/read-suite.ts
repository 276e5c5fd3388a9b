/**
 * Gather a suite's component metadata from whatever its package ships, best source first:
 * 1. a Dash `metadata.json` (react-docgen output; has descriptions),
 * 2. a `proptypes.js` (dash-generate-components' output for TypeScript components; what its
 *    conversion drops from the TypeScript types is restored, see restore-types.ts),
 * 3. the JavaScript sources listed by `src/index.js` / `lib/index.*` (descriptions from comments),
 * 4. the main bundle, run in a sandbox, when it takes PropTypes from `window` (dash-table).
 * A component found by an earlier source is not read again from a later one.
 */
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import type { ComponentMetadata, PropType, PropTypeField, SuiteMetadata } from "./metadata.js";
import { readEvaluatedPropTypes } from "./read-evaluated.js";
import { readIndexExports, readSourcePropTypes } from "./read-sources.js";
import { restoreTypeScriptTypes } from "./restore-types.js";

/**
 * Read the metadata of the suite in `folder` whose components live in `window[namespace]`.
 * Throws when no source describes any component.
 *
 * @example
 * ```ts
 * readSuiteMetadata("node_modules/dash-table", "dash_table").components[0].name; // "DataTable"
 * ```
 */
export function readSuiteMetadata(folder: string, namespace: string): SuiteMetadata {
  const found = new Map<string, ComponentMetadata>();
  const add = (components: readonly ComponentMetadata[]): void => {
    for (const component of components) if (!found.has(component.name)) found.set(component.name, component);
  };
  const metadataJson = findFile(folder, "metadata.json", namespace);
  if (metadataJson) add(readMetadataJson(metadataJson));
  const propTypesJs = findFile(folder, "proptypes.js", namespace);
  // dash-generate-components writes one from TypeScript types, losing some of their members
  if (propTypesJs) add(readEvaluatedPropTypes([propTypesJs], namespace, true).components.map(restoreTypeScriptTypes));
  add(readFromSources(folder, (name) => found.has(name)));
  if (found.size === 0) {
    const main = mainFile(folder);
    if (main && readFileSync(main, "utf8").includes("window.PropTypes")) add(readEvaluatedPropTypes([main], namespace, false).components);
  }
  if (found.size === 0) throw new NoSuiteMetadataError(folder);
  return { namespace, components: [...found.values()].sort((a, b) => a.name.localeCompare(b.name)) };
}

/** A package that describes no components (a suite whose components need no metadata, or not a suite at all). */
export class NoSuiteMetadataError extends Error {
  constructor(folder: string) {
    super(
      `No component metadata found in ${folder}: expected a metadata.json, a proptypes.js, JavaScript sources with propTypes (src/index.js, lib/index.js), or a bundle using window.PropTypes`,
    );
    this.name = "NoSuiteMetadataError";
  }
}

/** `<folder>/<namespace>/<file>`, `<folder>/<file>`, or the first match one level down. */
function findFile(folder: string, file: string, namespace: string): string | undefined {
  for (const candidate of [join(folder, namespace, file), join(folder, file)]) if (existsSync(candidate)) return candidate;
  for (const entry of readdirSync(folder)) {
    if (entry === "node_modules" || entry.startsWith(".")) continue;
    const candidate = join(folder, entry, file);
    if (statSync(join(folder, entry)).isDirectory() && existsSync(candidate)) return candidate;
  }
  return undefined;
}

/** The package's `main` file; a folder without a package.json (our built-in suites) has none. */
function mainFile(folder: string): string | undefined {
  if (!existsSync(join(folder, "package.json"))) return undefined;
  const manifest = JSON.parse(readFileSync(join(folder, "package.json"), "utf8")) as { main?: string };
  const main = manifest.main ? join(folder, manifest.main) : undefined;
  return main && existsSync(main) ? main : undefined;
}

/** Components of the index file's exports whose source file assigns propTypes. */
function readFromSources(folder: string, skip: (name: string) => boolean): ComponentMetadata[] {
  const index = ["src/index.js", "src/index.ts", "lib/index.js", "lib/index.ts"].map((path) => join(folder, path)).find(existsSync);
  if (!index) return [];
  const components: ComponentMetadata[] = [];
  for (const { name, path } of readIndexExports(index)) {
    if (skip(name) || !path.startsWith(".")) continue;
    const file = resolveSource(join(dirname(index), path));
    const component = file ? readSourcePropTypes(file, name) : undefined;
    if (component) components.push(component);
  }
  return components;
}

function resolveSource(base: string): string | undefined {
  const candidates = [base, `${base}.js`, `${base}.jsx`, `${base}.react.js`, join(base, "index.js")];
  return candidates.find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
}

/** Dash's metadata.json: `{ "src/components/X.react.js": { displayName, description, props: { name: { type, required, description } } } }`. */
function readMetadataJson(file: string): ComponentMetadata[] {
  const data = JSON.parse(readFileSync(file, "utf8")) as {
    [path: string]: { displayName?: string; description?: string; props?: { [prop: string]: { type?: unknown; required?: boolean; description?: string } } };
  };
  const components: ComponentMetadata[] = [];
  for (const [path, entry] of Object.entries(data)) {
    const name = entry.displayName ?? path.split("/").pop()!.split(".")[0];
    const props = Object.entries(entry.props ?? {}).map(([prop, info]) => ({
      name: prop,
      type: docgenType(info.type),
      required: info.required === true,
      ...(info.description ? { description: info.description } : {}),
    }));
    components.push({ name, ...(entry.description ? { description: entry.description } : {}), props });
  }
  return components;
}

/** react-docgen's `{name, value}` type objects (enum values are source text, e.g. `"'a'"`) → PropType. */
function docgenType(raw: unknown): PropType {
  const type = raw as { name?: string; value?: unknown } | undefined;
  switch (type?.name) {
    case "string":
    case "number":
    case "bool":
    case "object":
    case "array":
    case "any":
    case "node":
    case "element":
    case "func":
    case "symbol":
    case "elementType":
      return { name: type.name };
    case "enum":
      return {
        name: "enum",
        value: Array.isArray(type.value) ? type.value.map((item: { value?: string }) => parseLiteral(String(item.value))) : [],
      };
    case "union":
      return { name: "union", value: Array.isArray(type.value) ? type.value.map(docgenType) : [] };
    case "arrayOf":
    case "objectOf":
      return { name: type.name, value: docgenType(type.value) };
    case "shape":
    case "exact": {
      const shape: { [key: string]: PropTypeField } = {};
      for (const [key, field] of Object.entries((type.value ?? {}) as { [key: string]: { required?: boolean; description?: string } & { name?: string } })) {
        shape[key] = { type: docgenType(field), required: field.required === true, ...(field.description ? { description: field.description } : {}) };
      }
      return { name: type.name, value: shape };
    }
    default:
      return { name: "any" };
  }
}

function parseLiteral(text: string): string | number | boolean | null {
  if (/^(['"]).*\1$/s.test(text)) return text.slice(1, -1);
  if (text === "true" || text === "false") return text === "true";
  if (text === "null") return null;
  const number = Number(text);
  return Number.isNaN(number) ? text : number;
}
