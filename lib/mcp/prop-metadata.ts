/**
 * The prop types of a component, from its suite's metadata (lib/suite-metadata, the source the
 * typed DSL is generated from), read once per suite and process. html components have no suite
 * metadata: the few props callbacks use on them are known here.
 */
import type { ComponentMetadata, PropTypeField } from "../suite-metadata/metadata.js";
import { readSuiteMetadata } from "../suite-metadata/read-suite.js";
import { suiteForNamespace } from "../suites/suite-registry.js";
import { locateSuite } from "../suites/locate.js";
import { HTML_NAMESPACE } from "../protocol/html-elements.js";

const bySuite = new Map<string, Map<string, ComponentMetadata> | null>();

const HTML_PROPS: Readonly<Record<string, PropTypeField>> = {
  n_clicks: { type: { name: "number" }, required: false, description: "Number of times the element was clicked." },
  n_clicks_timestamp: { type: { name: "number" }, required: false, description: "Time of the last click, in ms since the epoch." },
  children: { type: { name: "node" }, required: false, description: "The element's content." },
  className: { type: { name: "string" }, required: false },
  title: { type: { name: "string" }, required: false },
  hidden: { type: { name: "bool" }, required: false },
};

/** The metadata of one prop of a `namespace`/`type` component, or undefined when unknown. */
export function propMetadata(namespace: string, type: string, prop: string): PropTypeField | undefined {
  if (namespace === HTML_NAMESPACE) return HTML_PROPS[prop];
  return componentMetadata(namespace, type)?.props.find((p) => p.name === prop);
}

/** A component's metadata (every prop), or undefined for a suite without readable metadata. */
export function componentMetadata(namespace: string, type: string): ComponentMetadata | undefined {
  if (!bySuite.has(namespace)) bySuite.set(namespace, readNamespace(namespace));
  return bySuite.get(namespace)?.get(type);
}

function readNamespace(namespace: string): Map<string, ComponentMetadata> | null {
  const suite = suiteForNamespace(namespace);
  const located = suite ? locateSuite(suite) : undefined;
  if (!located) return null;
  try {
    return new Map(readSuiteMetadata(located.folder, namespace).components.map((c) => [c.name, c]));
  } catch (error) {
    // tools still work without types: their arguments are then described as "any JSON value"
    process.emitWarning(`MCP tool schemas: the metadata of ${namespace} could not be read: ${error instanceof Error ? error.message : String(error)}`);
    return null;
  }
}
