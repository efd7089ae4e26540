// Which columns an ALTER must add, drop, modify or move so that the table ends with the target's
// columns in the target's order. Columns on a longest common subsequence of the two orders stay where
// they are; every other kept column is moved with FIRST/AFTER. The server places FIRST/AFTER columns
// one by one in statement order, after taking the moved ones out, so emitting them in target order,
// each after its target predecessor, yields exactly the target order.
import type { ColumnModel } from './table-model.js';

export type ColumnPosition = { readonly first: true } | { readonly after: string } | null;

export interface ColumnStep {
  readonly kind: 'add' | 'modify';
  readonly column: ColumnModel;
  readonly position: ColumnPosition;
}

export interface ColumnPlan {
  readonly drops: readonly string[];
  readonly steps: readonly ColumnStep[];
}

function longestCommonSubsequence(a: readonly string[], b: readonly string[]): Set<string> {
  const table = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = a.length - 1; i >= 0; i--) {
    for (let j = b.length - 1; j >= 0; j--) {
      table[i]![j] = a[i] === b[j] ? table[i + 1]![j + 1]! + 1 : Math.max(table[i + 1]![j]!, table[i]![j + 1]!);
    }
  }
  const common = new Set<string>();
  for (let i = 0, j = 0; i < a.length && j < b.length;) {
    if (a[i] === b[j]) { common.add(a[i]!); i++; j++; }
    else if (table[i + 1]![j]! >= table[i]![j + 1]!) i++;
    else j++;
  }
  return common;
}

/**
 * @param recreate columns to drop and add again (a change the server cannot MODIFY, e.g. VIRTUAL to STORED)
 * @param touch columns to MODIFY even when their text is unchanged (their implied charset changes)
 */
export function planColumns(source: readonly ColumnModel[], target: readonly ColumnModel[],
  recreate: ReadonlySet<string>, touch: ReadonlySet<string>): ColumnPlan {
  const before = new Map(source.map((c) => [c.name, c]));
  const after = new Set(target.map((c) => c.name));
  const kept = (name: string) => before.has(name) && after.has(name) && !recreate.has(name);
  const drops = source.filter((c) => !after.has(c.name) || recreate.has(c.name)).map((c) => c.name);
  const staying = longestCommonSubsequence(
    source.filter((c) => kept(c.name)).map((c) => c.name),
    target.filter((c) => kept(c.name)).map((c) => c.name));
  const steps: ColumnStep[] = [];
  target.forEach((column, i) => {
    const position: ColumnPosition = i === 0 ? { first: true } : { after: target[i - 1]!.name };
    if (!kept(column.name)) steps.push({ kind: 'add', column, position });
    else if (!staying.has(column.name)) steps.push({ kind: 'modify', column, position });
    else if (before.get(column.name)!.definition !== column.definition || touch.has(column.name)) {
      steps.push({ kind: 'modify', column, position: null });
    }
  });
  return { drops, steps };
}
