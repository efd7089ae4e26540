// Kahn's topological sort with a deterministic choice among ready items, reporting (rather than
// failing on) the items left in cycles so callers can break them their own way.
export interface SortResult<T> {
  readonly order: readonly T[];
  /** Items on or behind a cycle, in input order; empty when the graph is acyclic. */
  readonly cyclic: readonly T[];
}

/**
 * @param after keys of the items that must come before `item` (unknown keys and self-references are ignored)
 * @param compare tie-break among items that are ready at the same time
 */
export function topologicalSort<T>(items: readonly T[], key: (item: T) => string,
  after: (item: T) => Iterable<string>, compare: (a: T, b: T) => number): SortResult<T> {
  const byKey = new Map(items.map((item) => [key(item), item]));
  const waitingOn = new Map<T, number>();
  const dependents = new Map<T, T[]>();
  for (const item of items) {
    const preds = new Set([...after(item)].filter((k) => k !== key(item) && byKey.has(k)));
    waitingOn.set(item, preds.size);
    for (const k of preds) {
      const pred = byKey.get(k)!;
      dependents.set(pred, [...(dependents.get(pred) ?? []), item]);
    }
  }
  const ready = items.filter((item) => waitingOn.get(item) === 0).sort(compare);
  const order: T[] = [];
  while (ready.length) {
    const item = ready.shift()!;
    order.push(item);
    for (const next of dependents.get(item) ?? []) {
      const left = waitingOn.get(next)! - 1;
      waitingOn.set(next, left);
      if (left === 0) {
        const at = ready.findIndex((r) => compare(next, r) < 0);
        ready.splice(at < 0 ? ready.length : at, 0, next);
      }
    }
  }
  const done = new Set(order);
  return { order, cyclic: items.filter((item) => !done.has(item)) };
}

export const compareStrings = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
