import { HTML_NAMESPACE } from "../../lib/protocol/html-elements.js";
import { stringifyId } from "../../lib/protocol/ids.js";
import type { JsonValue, LayoutNode, PatchValue } from "../../lib/protocol/types.js";
import { jsonEqual } from "../../lib/protocol/json-equal.js";
import { isLayoutNode, nodeId, type Props } from "../store/layout-nodes.js";
import { persistenceStore, type PersistenceType } from "./storage.js";

/**
 * Persistence of user edits, with Dash's semantics (dash-renderer's persistence.js):
 * a component with an id, a truthy `persistence` and `persisted_props` / `persistence_type`
 * (its own props, else the defaults its suite declares in `dashPersistence` or `defaultProps`)
 * has each change of a persisted prop recorded as `[newValue, originalValue]` under
 * `<id>.<prop>.<JSON persistence>`. When the component appears again (reload, or a new subtree
 * from a callback), the recorded value is reapplied if the layout still holds the original
 * value; if the layout's value changed meanwhile, the record is dropped. Changing `persistence`
 * to another truthy value starts afresh.
 *
 * Nested persisted props (`columns.name`) use the component's `persistenceTransforms`.
 */

interface Transform {
  extract: (value: unknown) => unknown;
  apply: (stored: unknown, value: unknown) => unknown;
}

/** What suites may hang on their component for persistence. */
interface PersistenceAware {
  dashPersistence?: Record<string, unknown>;
  defaultProps?: Record<string, unknown>;
  persistenceTransforms?: Record<string, Transform | Record<string, Transform>>;
}

const NO_DEFAULTS: PersistenceAware = {};

const identity: Transform = { extract: (value) => value, apply: (stored) => stored };

interface Settings {
  idStr: string;
  persistence: unknown;
  persistedProps: string[];
  type: PersistenceType;
  element: PersistenceAware;
}

/** The persistence settings of a node, or null when it cannot persist (no id, no persisted_props…). */
function settingsOf(node: LayoutNode, props: Props = node.props): Settings | null {
  const id = nodeId(node);
  if (id === undefined) return null;
  const element = suiteComponentOf(node);
  const valueOf = (prop: string): unknown => props[prop] ?? element.defaultProps?.[prop] ?? element.dashPersistence?.[prop];
  const persistedProps = valueOf("persisted_props");
  const type = valueOf("persistence_type");
  if (!Array.isArray(persistedProps) || (type !== "local" && type !== "session" && type !== "memory")) return null;
  return { idStr: stringifyId(id), persistence: props.persistence, persistedProps: persistedProps as string[], type, element };
}

/** The suite's component object (where suites declare persistence defaults); html components have none. */
function suiteComponentOf(node: LayoutNode): PersistenceAware {
  // (and are not looked up on window: a name missing there is searched for among the document's element ids)
  if (node.namespace === HTML_NAMESPACE) return NO_DEFAULTS;
  const suite = (globalThis as Record<string, unknown>)[node.namespace] as Record<string, unknown> | undefined;
  const component = suite?.[node.type];
  return typeof component === "function" || (typeof component === "object" && component !== null) ? (component) : {};
}

function transformOf(element: PersistenceAware, persistedProp: string): Transform {
  const [propName, part] = persistedProp.split(".");
  const transforms = element.persistenceTransforms?.[propName];
  if (!transforms) return identity;
  return part ? ((transforms as Record<string, Transform>)[part] ?? identity) : (transforms as Transform);
}

function keyOf(idStr: string, persistedProp: string, persistence: unknown): string {
  return `${idStr}.${persistedProp}.${JSON.stringify(persistence)}`;
}

/**
 * Record an update of a component's props (a user edit, or any update: Dash records them all).
 *
 * @example
 * ```ts
 * recordEdit(storeNode, { value: "typed" });
 * ```
 */
export function recordEdit(node: LayoutNode, newProps: Props): void {
  if (!node.props.persistence) return; // the common case, decided without looking the component up
  const settings = settingsOf(node);
  if (!settings || !settings.persistence) return;
  if (newProps.persistence !== undefined && newProps.persistence !== settings.persistence) return;
  for (const persistedProp of settings.persistedProps) {
    const propName = persistedProp.split(".")[0];
    if (newProps[propName] === undefined) continue;
    const { extract } = transformOf(settings.element, persistedProp);
    const storage = persistenceStore(settings.type);
    const key = keyOf(settings.idStr, persistedProp, settings.persistence);
    let original = extract(node.props[propName]);
    const next = extract(newProps[propName]);
    if (original === next) continue;
    if (storage.has(key)) original = (storage.get(key) as unknown[])[1];
    storage.set(key, original === undefined ? [next] : [next, original]);
  }
}

/**
 * Reapply recorded edits to a layout (or a list of nodes) before it is shown: the node itself
 * and, as Dash does, the components in its `children`, recursively. Returns new nodes where
 * something was reapplied; the input is not mutated.
 */
export function applyPersistence<T>(layout: T): T {
  if (Array.isArray(layout)) {
    // copied only if an item changed: a page of thousands of components mostly has nothing to restore
    let copy: unknown[] | undefined;
    for (let i = 0; i < layout.length; i++) {
      const item: unknown = layout[i];
      const next = applyPersistence(item);
      if (next !== item) (copy ??= layout.slice())[i] = next;
    }
    return (copy ?? layout) as T;
  }
  if (!isLayoutNode(layout)) return layout;
  // without `persistence` nothing is restored: decided without looking the component up (most nodes)
  const settings = layout.props.persistence ? settingsOf(layout) : null;
  let props = layout.props;
  if (settings?.persistence) {
    const update: Props = {};
    for (const persistedProp of settings.persistedProps) restore(settings, settings.persistence, persistedProp, props, update, false);
    if (Object.keys(update).length > 0) props = { ...props, ...update };
  }
  const children = props.children;
  if (Array.isArray(children) || isLayoutNode(children)) {
    const next = applyPersistence(children);
    if (next !== children) props = { ...props, children: next };
  }
  return (props === layout.props ? layout : { ...layout, props });
}

/**
 * Put a recorded value into `update` if the prop still holds what the record expects: the
 * original (reapply the edit) or, with `undo`, the edited value (take the edit back). A record
 * that no longer fits is dropped.
 */
function restore(settings: Settings, persistence: unknown, persistedProp: string, props: Props, update: Props, undo: boolean): void {
  const storage = persistenceStore(settings.type);
  const key = keyOf(settings.idStr, persistedProp, persistence);
  if (!storage.has(key)) return;
  const [edited, original] = storage.get(key) as [unknown, unknown];
  const propName = persistedProp.split(".")[0];
  const transform = transformOf(settings.element, persistedProp);
  if (jsonEqual(undo ? edited : original, transform.extract(props[propName]))) {
    update[propName] = transform.apply(undo ? original : edited, propName in update ? update[propName] : props[propName]) as JsonValue;
  } else {
    storage.remove(key);
  }
}

/**
 * A Patch of `children` with recorded edits reapplied to the components it brings (the values
 * of its operations): the children already shown had theirs applied when they appeared.
 *
 * @example
 * ```ts
 * applyPersistenceToPatch(patch).operations[0].params.value; // the appended child, as the user left it
 * ```
 */
export function applyPersistenceToPatch(patch: PatchValue): PatchValue {
  return {
    ...patch,
    operations: patch.operations.map((op) =>
      op.params.value === undefined ? op : { ...op, params: { ...op.params, value: applyPersistence(op.params.value) } },
    ),
  };
}

/**
 * Props set by a callback or stream: when they change `persistence`, `persisted_props` or
 * `persistence_type`, the edits recorded under the old settings are taken back and those under
 * the new ones applied (for the props the update does not set itself). Returns the props to
 * merge. (New `children` get their recorded edits through `applyPersistence`.)
 */
export function persistenceOfUpdate(node: LayoutNode, newProps: Props): Props {
  let props = newProps;
  const before = node.props.persistence || newProps.persistence ? settingsOf(node) : null;
  if (before) {
    const after = settingsOf(node, { ...node.props, ...newProps });
    const changed =
      !after ||
      after.persistence !== before.persistence ||
      after.type !== before.type ||
      JSON.stringify(after.persistedProps) !== JSON.stringify(before.persistedProps);
    if (changed) {
      const untouched = (persistedProp: string) => !(persistedProp.split(".")[0] in newProps);
      const update: Props = {};
      let base = node.props;
      if (before.persistence) {
        for (const prop of before.persistedProps.filter(untouched)) restore(before, before.persistence, prop, node.props, update, true);
        base = { ...node.props, ...update };
      }
      if (after?.persistence) {
        for (const prop of after.persistedProps.filter(untouched)) restore(after, after.persistence, prop, base, update, false);
      }
      props = { ...newProps, ...update };
    }
  }
  return props;
}
