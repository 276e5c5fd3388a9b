import { propId } from "../../lib/protocol/ids.js";

import type { CallbackDef, Dep } from "./graph.js";

/**
 * A cycle among the callbacks, as Dash's debug mode reports it ("Circular Dependencies"): each
 * input `id.prop` leads to each output of its callback. A prop that is both an input and an
 * output of one callback (two inputs kept in sync) is no cycle by itself, as in Dash: its output
 * side is a node of its own, which leads on only to the other callbacks reading that prop.
 * Pattern ids take part with MATCH/ALL standing for any value; ALLSMALLER deps, which only look
 * back, are left out. Returns the edges of the first cycle found (`"a.children -> b.children"`),
 * or null.
 */
export function findCycle(callbacks: readonly CallbackDef[]): string[] | null {
  const edges = new Map<string, Set<string>>();
  const addEdge = (from: string, to: string) => {
    let set = edges.get(from);
    if (!set) edges.set(from, (set = new Set()));
    set.add(to);
  };
  const selfOutputs: string[] = [];
  for (const callback of callbacks) {
    const inputs = callback.inputs.filter(usable).map(nodeName);
    for (const output of callback.outputs.filter(usable)) {
      const name = nodeName(output);
      const target = inputs.includes(name) ? `${name}__output` : name;
      if (target !== name) selfOutputs.push(name);
      for (const input of inputs) addEdge(input, target);
    }
  }
  // The output side of a self-synced prop feeds every other callback that reads the prop.
  for (const name of selfOutputs) {
    for (const callback of callbacks) {
      const inputs = callback.inputs.filter(usable).map(nodeName);
      const outputs = callback.outputs.filter(usable).map(nodeName);
      if (!inputs.includes(name) || outputs.includes(name)) continue;
      for (const output of outputs) addEdge(`${name}__output`, output);
    }
  }
  return firstCycle(edges);
}

function usable(dep: Dep): boolean {
  return !dep.wildcards.has("ALLSMALLER");
}

/** A dep's node: its `id.prop`, wildcard values written as `*`. */
function nodeName(dep: Dep): string {
  if (typeof dep.id === "string") return propId(dep.id, dep.property);
  const id: Record<string, string | number | boolean> = {};
  for (const key of Object.keys(dep.id)) {
    const value = (dep.id)[key];
    id[key] = Array.isArray(value) ? "*" : value;
  }
  return propId(id, dep.property);
}

/** Depth-first search for a back edge; the cycle's edges in order. */
function firstCycle(edges: Map<string, Set<string>>): string[] | null {
  const state = new Map<string, "open" | "done">();
  const stack: string[] = [];
  const visit = (node: string): string[] | null => {
    state.set(node, "open");
    stack.push(node);
    for (const next of edges.get(node) ?? []) {
      const seen = state.get(next);
      if (seen === "open") {
        const loop = [...stack.slice(stack.indexOf(next)), next].map((name) => name.replace(/__output$/, ""));
        return loop.slice(0, -1).map((from, i) => `${from} -> ${loop[i + 1]}`);
      }
      if (seen === undefined) {
        const found = visit(next);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(node, "done");
    return null;
  };
  for (const node of edges.keys()) {
    if (state.has(node)) continue;
    const found = visit(node);
    if (found) return found;
  }
  return null;
}
