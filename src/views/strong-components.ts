/**
 * Tarjan's strongly connected components over the nodes reachable from
 * `roots`, each component reported once all components it reaches are.
 * `cyclic` is true for a component of several nodes or a node that depends
 * on itself: visibility on such a component cannot be derived from outside
 * it (docs/design.md §1, Negation cycles). Nodes `done` says are finished are
 * neither entered nor reported.
 */
export const strongComponents = <T>(
  roots: Iterable<T>,
  successors: (node: T) => Iterable<T>,
  done: (node: T) => boolean,
  report: (component: readonly T[], cyclic: boolean) => void,
): void => {
  const index = new Map<T, number>();
  const low = new Map<T, number>();
  const stack: T[] = [];
  const onStack = new Set<T>();

  const visit = (node: T): void => {
    const own = index.size;
    index.set(node, own);
    low.set(node, own);
    stack.push(node);
    onStack.add(node);
    let selfLoop = false;
    for (const next of successors(node)) {
      if (next === node) selfLoop = true;
      if (done(next)) continue;
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node) as number, low.get(next) as number));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node) as number, index.get(next) as number));
      }
    }
    if (low.get(node) !== own) return;
    const component: T[] = [];
    let member: T;
    do {
      member = stack.pop() as T;
      onStack.delete(member);
      component.push(member);
    } while (member !== node);
    report(component, selfLoop || component.length > 1);
  };

  for (const root of roots) if (!index.has(root) && !done(root)) visit(root);
};
