/**
 * Server callbacks as MCP tools: which callbacks are tools and under which names, the JSON Schema
 * of their arguments, and the update request an agent's arguments make — the same request the
 * page would send, so a tool call runs exactly the path `/_dash-update-component` runs.
 *
 * Arguments are keyed `"id.prop"`, one per Input and State. One the agent leaves out takes the
 * component's value in the layout. The Inputs the agent gives are the ones that changed
 * (`ctx.triggered`); with none given the call is like the page's initial call.
 */
import { Ajv, type ValidateFunction } from "ajv";
import { idMatches, idMatchesResolved, matchValues, propId, stringifyId } from "../protocol/ids.js";
import type { CallbackArg, CallbackArgOrList, ComponentId, IdValue, JsonValue, OutputTarget, UpdateRequest } from "../protocol/types.js";
import type { Dependency } from "../dsl/dependencies.js";
import type { CallbackRegistry } from "../callbacks/callback-registry.js";
import type { EventCallback, RegularCallback } from "../callbacks/callback-types.js";
import { isPlainObject } from "../protocol/plain-object.js";
import type { McpCallbackOptions } from "./mcp-options.js";
import type { LayoutIndex } from "./layout-index.js";
import { componentTypeName, propSchema, type JsonSchema, type JsonSchemaObject } from "./tool-schema.js";

/** A callback served as a tool. */
export interface CallbackTool {
  readonly name: string;
  readonly description: string;
  readonly callback: RegularCallback | EventCallback;
}

/** Arguments an agent sent that do not fit the tool: a tool error naming the problem. */
export class ToolInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ToolInputError";
  }
}

/** MCP tool names: letters, digits, `_`, `-`, `.` (the spec's recommendation), at most 64 here. */
export function toolName(raw: string): string {
  const cleaned = raw.replace(/[^A-Za-z0-9_.-]+/g, "_").replace(/^_+|_+$/g, "").slice(0, 64);
  return cleaned === "" ? "callback" : cleaned;
}

/**
 * The callbacks that are tools, named uniquely: `mcp.name`, else the function's name, else one
 * made from the outputs (regular) or inputs (event). Callbacks with `mcp: false` are not.
 */
export function callbackTools(registry: CallbackRegistry, taken: Set<string>): CallbackTool[] {
  const tools: CallbackTool[] = [];
  for (const callback of registry.all()) {
    if (callback.kind === "clientside") continue;
    const mcp = mcpOptionsOf(callback);
    if (mcp === false) continue;
    const fallback = callback.kind === "regular" && callback.outputs.length > 0
      ? `update_${callback.outputs.map((o) => o.propId).join("_")}`
      : `run_on_${callback.inputs.map((i) => i.propId).join("_")}`;
    let name = toolName(mcp.name ?? (callback.fn.name || fallback));
    for (let n = 2; taken.has(name); n++) name = `${toolName(mcp.name ?? (callback.fn.name || fallback)).slice(0, 60)}_${n}`;
    taken.add(name);
    tools.push({ name, description: mcp.description ?? defaultDescription(callback), callback });
  }
  return tools;
}

function mcpOptionsOf(callback: RegularCallback | EventCallback): false | McpCallbackOptions {
  const value: unknown = callback.options.mcp;
  if (value === undefined) return {};
  if (value === false) return false;
  if (!isPlainObject(value) || (value.name !== undefined && typeof value.name !== "string") || (value.description !== undefined && typeof value.description !== "string")) {
    throw new TypeError(`callback ${callback.id}: the mcp option must be false or { name?: string, description?: string }`);
  }
  return value;
}

function defaultDescription(callback: RegularCallback | EventCallback): string {
  const inputs = callback.inputs.map((d) => d.propId).join(", ") || "(no inputs)";
  if (callback.kind === "regular") {
    const outputs = callback.outputs.map((d) => d.propId).join(", ");
    return outputs === ""
      ? `Runs the app's callback on ${inputs}; returns the props it set.`
      : `Computes ${outputs} from ${inputs}, as the app does when they change; returns the new values.`;
  }
  return `Streams updates of the page, as the app does when ${inputs} changes. Each update is sent as a progress notification (pass a progressToken), in order; the result is the final value of every prop the run set. Cancel it with notifications/cancelled.`;
}

/** Schemas made from one layout index (a fixed layout's index lives as long as the app). */
const schemas = new WeakMap<LayoutIndex, Map<string, JsonSchemaObject>>();

/** The tool's input schema from the layout now: one property per Input and State. Callers must not change it (it is shared). */
export function inputSchemaOf(callback: RegularCallback | EventCallback, index: LayoutIndex): JsonSchemaObject {
  let byCallback = schemas.get(index);
  if (!byCallback) {
    byCallback = new Map();
    schemas.set(index, byCallback);
  }
  let schema = byCallback.get(callback.id);
  if (!schema) {
    schema = buildInputSchema(callback, index);
    byCallback.set(callback.id, schema);
  }
  return schema;
}

/** The argument that names a MATCH callback's instance: the values of its MATCH keys. */
export const MATCH_ARGUMENT = "match";

/** A MATCH callback's instances in the layout: the MATCH keys' values of each component its first MATCH Input matches. */
function matchInstances(callback: RegularCallback | EventCallback, index: LayoutIndex): Array<Record<string, IdValue>> | undefined {
  const dep = [...callback.inputs, ...callback.deps].find((d) => typeof d.id !== "string" && Object.values(d.id).some((v) => Array.isArray(v) && v[0] === "MATCH"));
  if (!dep) return undefined;
  const seen = new Map<string, Record<string, IdValue>>();
  for (const id of matching(dep, index)) {
    const values = matchValues(dep.id, id);
    seen.set(JSON.stringify(values), values);
  }
  return [...seen.values()];
}

function buildInputSchema(callback: RegularCallback | EventCallback, index: LayoutIndex): JsonSchemaObject {
  const properties: Record<string, JsonSchema> = {};
  const instances = matchInstances(callback, index);
  if (instances) {
    // one enum per MATCH key: what agents' schema converters handle best (an enum of objects is not)
    const keys = Object.keys(instances[0] ?? {});
    const match: JsonSchema = {
      type: "object",
      properties: Object.fromEntries(keys.map((key) => [key, { enum: [...new Set(instances.map((i) => i[key]))] }])),
      required: keys,
      additionalProperties: false,
      description: `Which instance of this pattern-matching callback to run: the MATCH values of its components' ids, one of ${instances.map((i) => JSON.stringify(i)).join(", ") || "(none in the layout)"}. Arguments left out take that instance's values in the layout.`,
    };
    properties[MATCH_ARGUMENT] = match;
  }
  for (const dep of callback.deps) {
    const key = dep.propId;
    if (dep.wildcard === "MATCH" || dep.wildcard === "ALLSMALLER") {
      const first = matching(dep, index)[0];
      const item = first ? propSchema(index.byId.get(stringifyId(first)), dep.property) : {};
      delete item.default;
      item.description = `${dep.property} of the component matching ${stringifyId(dep.id)} for the chosen "${MATCH_ARGUMENT}"${item.description ? ` (like ${item.description})` : ""}`;
      properties[key] = dep.wildcard === "MATCH" ? item : { type: "array", items: item, description: `${dep.property} of every component matching ${stringifyId(dep.id)} whose ALLSMALLER key is smaller than the chosen "${MATCH_ARGUMENT}", one value each, in layout order.` };
      continue;
    }
    if (dep.wildcard === "ALL") {
      const matches = matching(dep, index);
      const first = matches[0];
      const item = first ? propSchema(index.byId.get(stringifyId(first)), dep.property) : {};
      delete item.default;
      properties[key] = {
        type: "array",
        items: item,
        description: `${dep.property} of every component matching ${stringifyId(dep.id)}, one value each, in layout order: ${matches.map((id) => stringifyId(id)).join(", ") || "(none in the layout)"}.`,
      };
      continue;
    }
    const component = index.byId.get(stringifyId(dep.id));
    const schema = propSchema(component, dep.property);
    if (dep.kind === "state") schema.description = `${schema.description ?? ""} (State: read, not a trigger.)`.trim();
    properties[key] = schema;
  }
  const schema: JsonSchemaObject = { type: "object", properties, additionalProperties: false };
  if (instances) schema.required = [MATCH_ARGUMENT];
  return schema;
}

/** Concrete ids in the layout that a pattern dependency matches, in document order. */
function matching(dep: Dependency, index: LayoutIndex): ComponentId[] {
  return [...index.byId.values()].filter(({ id }) => typeof id !== "string" && idMatches(dep.id, id)).map(({ id }) => id);
}

const ajv = new Ajv({ strict: false, allErrors: false, validateFormats: false });
const validators = new WeakMap<JsonSchemaObject, ValidateFunction>();

/** Check the agent's arguments against the schema it was shown (rebuilt from the layout now). */
export function checkArguments(schema: JsonSchemaObject, args: unknown): Record<string, unknown> {
  const value = args ?? {};
  if (!isPlainObject(value)) throw new ToolInputError("arguments must be an object keyed \"id.prop\"");
  let validate = validators.get(schema);
  if (!validate) {
    validate = ajv.compile(schema);
    // Ajv would keep every schema it compiled; a layout function makes new ones at each call
    ajv.removeSchema(schema);
    validators.set(schema, validate);
  }
  if (!validate(value)) {
    const error = validate.errors?.[0];
    const where = error?.instancePath ? `argument ${JSON.stringify(decodeURIComponent(error.instancePath.slice(1).split("/")[0].replace(/~1/g, "/").replace(/~0/g, "~")))}` : "arguments";
    const extra = error?.keyword === "additionalProperties" ? ` (${String((error.params as { additionalProperty?: string }).additionalProperty)}); expected keys: ${Object.keys(schema.properties ?? {}).join(", ")}` : "";
    const allowed = error?.keyword === "enum" ? `: ${JSON.stringify((error.params as { allowedValues?: unknown }).allowedValues)}` : "";
    throw new ToolInputError(`${where} ${error?.message ?? "invalid"}${allowed}${extra}`);
  }
  return value;
}

/** The update request the page would send for these arguments. */
export function updateRequestOf(callback: RegularCallback | EventCallback, args: Record<string, unknown>, index: LayoutIndex): UpdateRequest {
  const instances = matchInstances(callback, index);
  let match: Record<string, IdValue> = {};
  if (instances) {
    const wanted = args[MATCH_ARGUMENT];
    const found = isPlainObject(wanted) ? instances.find((instance) => Object.keys(instance).every((key) => instance[key] === wanted[key])) : undefined;
    if (!found) throw new ToolInputError(`argument "${MATCH_ARGUMENT}" must be one of ${instances.map((i) => JSON.stringify(i)).join(", ") || "(none: no component in the layout matches)"}`);
    match = found;
  }
  /** The concrete ids a dependency stands for under the chosen instance. */
  const idsOf = (dep: Dependency): ComponentId[] => (dep.wildcard === null ? [dep.id as ComponentId] : matching(dep, index).filter((id) => idMatchesResolved(dep.id, id, match)));
  const given = (dep: Dependency): boolean => Object.prototype.hasOwnProperty.call(args, dep.propId);
  const entry = (dep: Dependency): CallbackArgOrList => {
    if (dep.wildcard === "MATCH") {
      const [id] = idsOf(dep);
      if (id === undefined) throw new ToolInputError(`no component matches ${stringifyId(dep.id)} for ${MATCH_ARGUMENT} ${JSON.stringify(match)}`);
      return arg(id, dep.property, given(dep) ? args[dep.propId] : currentValue(index, id, dep.property));
    }
    if (dep.wildcard === "ALL" || dep.wildcard === "ALLSMALLER") {
      const ids = idsOf(dep);
      const values = given(dep) ? (args[dep.propId] as unknown[]) : ids.map((id) => currentValue(index, id, dep.property));
      if (values.length !== ids.length) throw new ToolInputError(`argument ${JSON.stringify(dep.propId)} must have ${ids.length} values, one per matching component`);
      return ids.map((id, i) => arg(id, dep.property, values[i]));
    }
    const id = dep.id as ComponentId;
    return arg(id, dep.property, given(dep) ? args[dep.propId] : currentValue(index, id, dep.property));
  };
  const target = (dep: Dependency): OutputTarget | OutputTarget[] => {
    const ids = idsOf(dep);
    if (dep.wildcard === "ALL" || dep.wildcard === "ALLSMALLER") return ids.map((id) => ({ id, property: dep.property }));
    if (ids[0] === undefined) throw new ToolInputError(`no component matches ${stringifyId(dep.id)} for ${MATCH_ARGUMENT} ${JSON.stringify(match)}`);
    return { id: ids[0], property: dep.property };
  };
  const outputs = callback.kind === "regular" ? callback.outputs : callback.outputs ?? [];
  const multi = callback.kind === "regular" ? callback.multi : callback.multi ?? false;
  const request: UpdateRequest = {
    output: callback.id,
    inputs: callback.inputs.map(entry),
    state: callback.states.map(entry),
    // the concrete components whose props the agent gave, as the page names what changed
    changedPropIds: callback.inputs.filter(given).flatMap((dep) => idsOf(dep).map((id) => propId(id, dep.property))),
  };
  if (outputs.length > 0) request.outputs = multi ? outputs.map(target) : target(outputs[0]);
  return request;
}

function currentValue(index: LayoutIndex, id: ComponentId, property: string): unknown {
  return index.byId.get(stringifyId(id))?.node.props[property];
}

function arg(id: ComponentId, property: string, value: unknown): CallbackArg {
  return value === undefined ? { id, property } : { id, property, value: value as JsonValue };
}

/** `"id.prop"` of a component in an answer (`response`, `sideUpdate`, stream frames). */
export function answerKey(id: ComponentId | string, property: string): string {
  return propId(id, property);
}

/** A short description of a component for text renderings: `dcc.Slider "s"`. */
export function describeComponent(index: LayoutIndex, id: string): string {
  const found = index.byId.get(id);
  return found ? `${componentTypeName(found.node)} ${JSON.stringify(found.id)}` : JSON.stringify(id);
}
