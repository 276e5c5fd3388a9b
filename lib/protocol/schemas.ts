/**
 * JSON Schemas (draft-07, plain objects) for the request bodies the server accepts. They are
 * compiled with ajv where they are used (lib/server); this module imports only lib/protocol, so the
 * renderer may share it. Checks that need the callback registry (does this input belong to that
 * callback?) happen after schema validation, in the server.
 */
import { downlinkStartSchema, liveStartSchema } from "./downlink.js";

/** A concrete component id: a string, or an object whose values are strings, numbers or booleans. */
export const componentIdSchema = {
  oneOf: [
    { type: "string" },
    {
      type: "object",
      additionalProperties: { type: ["string", "number", "boolean"] },
    },
  ],
} as const;

/** An output target `{id, property}` (MATCH already resolved to a concrete id by the client). */
export const outputTargetSchema = {
  type: "object",
  required: ["id", "property"],
  additionalProperties: false,
  properties: {
    id: componentIdSchema,
    property: { type: "string", minLength: 1 },
  },
} as const;

/** One input or state value: `{id, property, value?}`; `value` is absent when the prop is undefined. */
export const callbackArgSchema = {
  ...outputTargetSchema,
  properties: { ...outputTargetSchema.properties, value: {} },
} as const;

/** An input or state entry: one arg, or a list of them for an ALL/ALLSMALLER dependency. */
export const callbackArgOrListSchema = {
  oneOf: [callbackArgSchema, { type: "array", items: callbackArgSchema }],
} as const;

/**
 * Body of `POST /_dash-update-component` and `POST /dash_update_component_sse` (Dash's update
 * request). Unknown top-level keys are tolerated so a newer dash-renderer can still talk to us.
 */
export const updateRequestSchema = {
  type: "object",
  required: ["output", "inputs", "changedPropIds"],
  properties: {
    output: { type: "string", minLength: 1 },
    outputs: {
      oneOf: [
        outputTargetSchema,
        { type: "array", items: { oneOf: [outputTargetSchema, { type: "array", items: outputTargetSchema }] } },
      ],
    },
    inputs: { type: "array", items: callbackArgOrListSchema },
    state: { type: "array", items: callbackArgOrListSchema },
    changedPropIds: { type: "array", items: { type: "string" } },
    parsedChangedPropsIds: { type: "array", items: componentIdSchema },
  },
} as const;

/** `/_dash-update-component`'s body: Dash's, and optionally the page's downlink, open or not (a live callback). */
export const liveUpdateRequestSchema = {
  ...updateRequestSchema,
  properties: { ...updateRequestSchema.properties, downlink: liveStartSchema },
} as const;

/**
 * Body of `POST /dash_update_component_sse`: Dash's update request, plus `downlink` when the run's
 * frames go on a multiplexed downlink (see downlink.ts) instead of the response.
 */

export const streamRequestSchema = {
  ...updateRequestSchema,
  properties: { ...updateRequestSchema.properties, downlink: downlinkStartSchema },
} as const;
