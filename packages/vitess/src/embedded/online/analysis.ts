// How rows move from a table to its altered copy: the shared columns (following renames), the
// shared unique key that orders the copy and identifies rows in the sync triggers, and the schema
// analysis Vitess reports on the migration row.
import type { ColumnInfo, KeyInfo, TableInfo } from './table-info.js';

export interface ColumnPair { source: string; target: string }
export interface CopyKey {
  source: string[];
  target: string[];
  /** One integer column on both sides: the copy can chunk by key value (chunk-bounds.ts). */
  integer: boolean;
}

export interface SchemaAnalysis {
  added_unique_keys: number;
  removed_unique_keys: number;
  removed_unique_key_names: string;
  dropped_no_default_column_names: string;
  expanded_column_names: string;
  revertible_notes: string;
}

export interface CopyPlan { pairs: ColumnPair[]; key: CopyKey; analysis: SchemaAnalysis }

export class CopyPlanError extends Error {}

const lc = (s: string) => s.toLowerCase();
export const escapeIds = (names: readonly string[]) => names.map((n) => '`' + n.replace(/`/g, '``') + '`').join(',');

/** `renames` maps source column → target column (case-insensitive). */
export function planCopy(source: TableInfo, target: TableInfo, renames: ReadonlyMap<string, string>): CopyPlan {
  const renameMap = new Map([...renames].map(([a, b]) => [lc(a), b]));
  const targetCols = new Map(target.columns.map((c) => [lc(c.name), c]));
  const pairs: ColumnPair[] = [];
  const dropped: ColumnInfo[] = [];
  const expanded: string[] = [];
  const notes: string[] = [];
  for (const col of source.columns) {
    if (col.generated) continue;
    const t = targetCols.get(lc(renameMap.get(lc(col.name)) ?? col.name));
    if (!t) { dropped.push(col); continue; }
    if (t.generated) continue;
    pairs.push({ source: col.name, target: t.name });
    const how = expansion(col, t);
    if (how) { expanded.push(t.name); notes.push(`column ${t.name}: ${how}`); }
  }
  const toTarget = new Map(pairs.map((p) => [lc(p.source), p.target]));

  const sourceKeys = usableUniqueKeys(source);
  if (sourceKeys.length === 0) throw new CopyPlanError(`found no possible unique key on \`${source.name}\``);
  const targetKeys = usableUniqueKeys(target);
  if (targetKeys.length === 0) throw new CopyPlanError(`found no possible unique key on \`${target.name}\``);
  let key: CopyKey | null = null;
  const isInteger = (table: TableInfo, column: string) => intRank[table.columns.find((c) => lc(c.name) === lc(column))?.dataType ?? ''] !== undefined;
  for (const sk of sourceKeys) {
    const mapped = sk.columns.map((c) => toTarget.get(lc(c)));
    if (mapped.some((c) => c === undefined)) continue;
    const set = new Set(mapped.map((c) => lc(c!)));
    if (targetKeys.some((tk) => tk.columns.length === set.size && tk.columns.every((c) => set.has(lc(c))))) {
      const integer = sk.columns.length === 1 && isInteger(source, sk.columns[0]!) && isInteger(target, mapped[0]!);
      key = { source: sk.columns, target: mapped as string[], integer };
      break;
    }
  }
  if (!key) throw new CopyPlanError(`found no shared unique key between \`${source.name}\` and \`${target.name}\``);

  const sourceUnique = source.keys.filter((k) => k.unique);
  const targetUnique = target.keys.filter((k) => k.unique);
  const toSourceSet = (k: KeyInfo) => k.columns.map((c) => lc(c)).sort().join(',');
  const targetAsSource = (k: KeyInfo) => {
    const back = new Map(pairs.map((p) => [lc(p.target), lc(p.source)]));
    return k.columns.map((c) => back.get(lc(c)) ?? `?${lc(c)}`).sort().join(',');
  };
  const sourceSets = new Set(sourceUnique.map(toSourceSet));
  const targetSets = new Set(targetUnique.map(targetAsSource));
  const removed = sourceUnique.filter((k) => !targetSets.has(toSourceSet(k)));
  const added = targetUnique.filter((k) => !sourceSets.has(targetAsSource(k)));
  for (const k of removed) notes.push(`unique constraint removed: ${k.name}`);
  const droppedNoDefault = dropped.filter((c) => !c.nullable && !c.hasDefault && !c.autoIncrement);
  for (const c of droppedNoDefault) notes.push(`column ${c.name} dropped, and had no default value`);

  return {
    pairs, key,
    analysis: {
      added_unique_keys: added.length,
      removed_unique_keys: removed.length,
      removed_unique_key_names: escapeIds(removed.map((k) => k.name)),
      dropped_no_default_column_names: escapeIds(droppedNoDefault.map((c) => c.name)),
      expanded_column_names: escapeIds(expanded),
      revertible_notes: notes.join('\n'),
    },
  };
}

/** Unique keys without prefixes over NOT NULL columns, PRIMARY first. */
function usableUniqueKeys(table: TableInfo): KeyInfo[] {
  const cols = new Map(table.columns.map((c) => [lc(c.name), c]));
  return table.keys.filter((k) => k.unique && !k.prefixed && k.columns.every((c) => cols.get(lc(c))?.nullable === false));
}

const intRank: Record<string, number> = { tinyint: 1, smallint: 2, mediumint: 3, int: 4, integer: 4, bigint: 5 };
const textRank: Record<string, number> = { tinytext: 1, text: 2, mediumtext: 3, longtext: 4, tinyblob: 1, blob: 2, mediumblob: 3, longblob: 4 };

/** Why `to` can hold values `from` cannot (what a revert may then fail on), or null. */
function expansion(from: ColumnInfo, to: ColumnInfo): string | null {
  if (from.columnType === to.columnType) return null;
  if (intRank[from.dataType] && intRank[to.dataType]) {
    if (intRank[to.dataType]! > intRank[from.dataType]! || (from.columnType.includes('unsigned') !== to.columnType.includes('unsigned'))) return 'increased integer range';
    return null;
  }
  if (textRank[from.dataType] && textRank[to.dataType]) return textRank[to.dataType]! > textRank[from.dataType]! ? 'increased length' : null;
  const len = (t: string) => Number(/\((\d+)/.exec(t)?.[1] ?? NaN);
  if (['char', 'varchar', 'binary', 'varbinary'].includes(from.dataType) && from.dataType.replace('var', '') === to.dataType.replace('var', '')) {
    return len(to.columnType) > len(from.columnType) ? 'increased length' : null;
  }
  if (from.dataType === 'decimal' && to.dataType === 'decimal') return 'increased NUMERIC_PRECISION';
  if ((from.dataType === 'enum' || from.dataType === 'set') && from.dataType === to.dataType) return 'added enum/set values';
  if (from.dataType !== to.dataType) return `type changed from ${from.columnType} to ${to.columnType}`;
  return null;
}
