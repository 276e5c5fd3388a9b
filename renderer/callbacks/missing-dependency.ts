import type { IdValue } from "../../lib/protocol/types.js";
import type { LayoutStore } from "../store/layout-store.js";
import type { Dep } from "./graph.js";

/**
 * Dash's message for an Input or State whose component is not in the layout while the
 * callback's other inputs are (dash-renderer's `unwrapIfNotMulti`), so an app ported from Dash
 * shows the error its developer knows.
 */
export function missingDependencyMessage(store: LayoutStore, dep: Dep, kind: "Input" | "State", match: Record<string, IdValue>): string {
  const matchValues = Object.keys(match).length > 0 ? ` with MATCH values ${JSON.stringify(Object.values(match))}` : "";
  if (typeof dep.id === "string") {
    const stringIds = store.ids().filter((idStr) => !idStr.startsWith("{"));
    return (
      `A nonexistent object was used in an \`${kind}\` of a Dash callback. The id of this object is \`${dep.id}\` ` +
      `and the property is \`${dep.property}\`. The string ids in the current layout are: [${stringIds.join(", ")}]`
    );
  }
  return (
    `A nonexistent object was used in an \`${kind}\` of a Dash callback. The id of this object is ${JSON.stringify(dep.id)}${matchValues} ` +
    `and the property is \`${dep.property}\`.`
  );
}
