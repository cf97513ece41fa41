/** A property and the properties its custom resolver reads. */
export interface DependencyNode {
  readonly name: string;
  readonly dependsOn: readonly string[];
}

export type ResolveOrder = { ok: true; order: string[] } | { ok: false; cycle: string[] };

/**
 * Orders properties so every `dependsOn` comes before its dependant, keeping
 * declaration order otherwise (so the order is stable and readable). Reports
 * one cycle, as a path that starts and ends on the same property.
 */
export const resolveOrder = (nodes: readonly DependencyNode[]): ResolveOrder => {
  const byName = new Map(nodes.map((node) => [node.name, node]));
  const state = new Map<string, 'visiting' | 'done'>();
  const order: string[] = [];
  const path: string[] = [];

  const visit = (name: string): string[] | undefined => {
    const seen = state.get(name);
    if (seen === 'done') return undefined;
    if (seen === 'visiting') return [...path.slice(path.indexOf(name)), name];
    state.set(name, 'visiting');
    path.push(name);
    for (const dependency of byName.get(name)?.dependsOn ?? []) {
      const cycle = visit(dependency);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(name, 'done');
    order.push(name);
    return undefined;
  };

  for (const node of nodes) {
    const cycle = visit(node.name);
    if (cycle) return { ok: false, cycle };
  }
  return { ok: true, order };
};
