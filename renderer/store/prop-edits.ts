import { valueAt, type PatchStep } from "../../lib/protocol/patch-apply.js";
import { isLayoutNode } from "./layout-nodes.js";

/**
 * How a prop's value changed, as the steps the index must follow: each step takes a value out
 * (its components leave the index) and then puts one in (its components join). A whole new
 * value is one step `[old, new]`; a Patch is one step per operation, so appending one child to
 * a list of 10,000 indexes that child alone. Steps keep their order: a Patch that appends a
 * child and deletes it again leaves it out.
 */
export type PropEdit = Array<[removed: unknown, added: unknown]>;

/**
 * Add what one Patch operation changed to `edit`.
 *
 * @example
 * ```ts
 * const edit: PropEdit = [];
 * applyPatch(children, patch, (step) => recordPatchStep(edit, step));
 * ```
 */
export function recordPatchStep(edit: PropEdit, { op, location, before, after }: PatchStep): void {
  // An operation inside a component's props (e.g. at [3, "props", "children"]) gives that
  // component a new node: it is re-indexed whole, as the node the index holds is replaced.
  for (let depth = 0; depth < location.length; depth++) {
    const prefix = location.slice(0, depth);
    if (isLayoutNode(valueAt(before, prefix))) {
      edit.push([valueAt(before, prefix), valueAt(after, prefix)]);
      return;
    }
  }
  switch (op.operation) {
    case "Append":
    case "Prepend":
    case "Insert":
    case "Extend":
      edit.push([undefined, op.params.value]);
      return;
    case "Delete":
      edit.push([valueAt(before, location), undefined]);
      return;
    default:
      edit.push([valueAt(before, location), valueAt(after, location)]);
  }
}
