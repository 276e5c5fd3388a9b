/**
 * JSON Schema of a callback's arguments: one property per Input and State (`"id.prop"`), typed
 * from the suites' prop metadata and narrowed by what the layout says of the component now — a
 * dcc.Slider's value between its `min` and `max`, a dcc.Dropdown's value one of its `options`, a
 * date picker's dates as date strings — with the component's label or placeholder in the
 * description, so an agent can fill them in without seeing the page.
 */
import type { PropType } from "../suite-metadata/metadata.js";
import type { JsonValue, LayoutNode } from "../protocol/types.js";
import { isPlainObject } from "../protocol/plain-object.js";
import { HTML_NAMESPACE } from "../protocol/html-elements.js";
import { propMetadata } from "./prop-metadata.js";
import { textOf, type IndexedComponent } from "./layout-index.js";

/** A JSON Schema (the subset tools use). */
export interface JsonSchema {
  type?: string | string[];
  enum?: JsonValue[];
  anyOf?: JsonSchema[];
  items?: JsonSchema;
  properties?: Record<string, JsonSchema>;
  additionalProperties?: JsonSchema | boolean;
  required?: string[];
  minimum?: number;
  maximum?: number;
  format?: string;
  description?: string;
  default?: JsonValue;
}

/** A tool's `inputSchema`: always an object. */
export interface JsonSchemaObject extends JsonSchema {
  type: "object";
  properties?: Record<string, JsonSchema>;
}

const SHORT_NAMESPACES: Readonly<Record<string, string>> = {
  dash_core_components: "dcc",
  dash_html_components: "html",
  dash_mantine_components: "dmc",
  dash_bootstrap_components: "dbc",
  dash_table: "dash_table",
  dash_ag_grid: "dag",
};

/** `dcc.Slider`: how a component is named in descriptions. */
export function componentTypeName(node: LayoutNode): string {
  return `${SHORT_NAMESPACES[node.namespace] ?? node.namespace}.${node.type}`;
}

/**
 * The schema of one prop of `component` (undefined when the component is not in the layout: then
 * any JSON value is accepted).
 *
 * @example
 * ```ts
 * propSchema({ id: "s", node: dcc.Slider({ id: "s", min: 0, max: 10 }).toJSON() }, "value");
 * // { type: "number", minimum: 0, maximum: 10, description: "dcc.Slider \"s\" value. ..." }
 * ```
 */
export function propSchema(component: IndexedComponent | undefined, prop: string): JsonSchema {
  if (!component) return { description: `${prop} of a component that is not in the initial layout (any JSON value)` };
  const { node } = component;
  const meta = propMetadata(node.namespace, node.type, prop);
  const schema: JsonSchema = meta ? fromPropType(meta.type) : {};
  narrow(schema, node, prop);
  const label = labelOf(node);
  const about = meta?.description ? firstSentence(meta.description) : "";
  schema.description = [`${componentTypeName(node)} ${JSON.stringify(component.id)} ${prop}${label ? ` (${label})` : ""}.`, about].filter(Boolean).join(" ");
  const current = node.props[prop] as JsonValue | undefined;
  if (current !== undefined && !isPlainObject(current) && JSON.stringify(current).length <= 200) schema.default = current;
  return schema;
}

/** react-docgen's type → JSON Schema. Props that hold components or functions accept any JSON. */
export function fromPropType(type: PropType): JsonSchema {
  switch (type.name) {
    case "string":
    case "otherString":
      return { type: "string" };
    case "number":
      return { type: "number" };
    case "bool":
      return { type: "boolean" };
    case "object":
      return { type: "object" };
    case "array":
      return { type: "array" };
    case "enum":
      return { enum: [...type.value] };
    case "union": {
      const members = type.value.map(fromPropType);
      if (members.some((m) => Object.keys(m).length === 0)) return {};
      return members.length === 1 ? members[0] : { anyOf: members };
    }
    case "arrayOf":
      return { type: "array", items: fromPropType(type.value) };
    case "objectOf":
      return { type: "object", additionalProperties: fromPropType(type.value) };
    case "shape":
    case "exact": {
      const properties: Record<string, JsonSchema> = {};
      for (const [key, field] of Object.entries(type.value)) properties[key] = fromPropType(field.type);
      return { type: "object", properties };
    }
    default:
      return {};
  }
}

/** What the layout tells about the values a component takes now. */
function narrow(schema: JsonSchema, node: LayoutNode, prop: string): void {
  const props = node.props;
  const isDcc = node.namespace === "dash_core_components";
  if (node.namespace === HTML_NAMESPACE && (prop === "n_clicks" || prop === "n_clicks_timestamp")) {
    Object.assign(schema, { type: "integer", minimum: 0 });
    return;
  }
  if (prop === "value" && (node.type === "Slider" || node.type === "RangeSlider" || (node.type === "Input" && props.type === "number"))) {
    const range: JsonSchema = { type: "number" };
    if (typeof props.min === "number") range.minimum = props.min;
    if (typeof props.max === "number") range.maximum = props.max;
    if (node.type === "RangeSlider") replace(schema, { type: "array", items: range });
    else replace(schema, range);
    return;
  }
  if (prop === "value" && isDcc && ["Dropdown", "RadioItems", "Checklist"].includes(node.type)) {
    const values = optionValues(props.options);
    if (values === undefined) return;
    const one: JsonSchema = { enum: values };
    const many = node.type === "Checklist" || props.multi === true;
    replace(schema, many ? { type: "array", items: one } : one);
    // a Dropdown that may be cleared sends null
    if (node.type === "Dropdown" && !many && props.clearable !== false) schema.enum = [...values, null];
    return;
  }
  if (isDcc && ["date", "start_date", "end_date"].includes(prop) && node.type.startsWith("DatePicker")) {
    replace(schema, { type: "string", format: "date" });
  }
}

/** The values of a Dropdown/RadioItems/Checklist `options` prop (a list of values or of `{label, value}`, or `{value: label}`). */
export function optionValues(options: unknown): JsonValue[] | undefined {
  if (Array.isArray(options)) {
    const values = options.map((option: unknown) => (isPlainObject(option) ? option.value : option));
    return values.every(isScalar) ? (values as JsonValue[]) : undefined;
  }
  if (isPlainObject(options)) return Object.keys(options);
  return undefined;
}

function isScalar(value: unknown): boolean {
  return typeof value === "string" || typeof value === "number" || typeof value === "boolean";
}

function replace(schema: JsonSchema, next: JsonSchema): void {
  for (const key of Object.keys(schema)) delete schema[key as keyof JsonSchema];
  Object.assign(schema, next);
}

/** A label, placeholder or caption that tells what the component is for. */
function labelOf(node: LayoutNode): string {
  const props = node.props;
  for (const key of ["label", "placeholder", "title", "aria-label", "name"]) {
    const value = props[key];
    if (typeof value === "string" && value !== "") return value;
  }
  return node.namespace === HTML_NAMESPACE ? textOf(props.children) : "";
}

function firstSentence(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  const end = flat.search(/\.(\s|$)/);
  const sentence = end >= 0 ? flat.slice(0, end + 1) : flat;
  return sentence.length > 200 ? `${sentence.slice(0, 200)}…` : sentence;
}
