import type { ComponentId } from "../protocol/types.js";
import { Component, describe, isPlainObject } from "../dsl/component.js";

/** The component id `setProps`/`getProp` name: a string, an object id, or a component's id. */
export function targetId(id: ComponentId | Component, what: string): ComponentId {
  const target = id instanceof Component ? id.id : id;
  if (typeof target !== "string" && !isPlainObject(target)) {
    throw new TypeError(`${what}: id must be a string, an object id or a component with an id, got ${describe(id)}`);
  }
  return target;
}
