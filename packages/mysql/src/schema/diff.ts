// The declarative differ: the ordered DDL that turns the source snapshot into the target snapshot.
// Both snapshots must come from the same server (canonical texts are compared, never re-interpreted).
// Order: views that go away are dropped first (a dropped view never blocks a table change), then the
// table statements in dependency order, then new and changed views, each after the views it reads.
// Each change says whether it drops data, from the differ's own knowledge (a table or columns it
// drops), so nobody downstream has to read that back out of the SQL.
import { quoteIdentifier } from '../sql/identifiers.js';
import type { DiffChange, SchemaChange } from './changes.js';
import { compareStrings, topologicalSort } from './graph.js';
import type { SchemaObject, SchemaSnapshot } from './snapshot.js';
import { diffTable, renderAlter, type TableAlter } from './table-diff.js';
import { parseCreateTable } from './table-model.js';
import { orderTableWork, type TableWork } from './table-order.js';
import { createOrReplaceView, viewDependencies } from './view-model.js';

export interface DiffOptions {
  /** Leave views out of the diff (default: views are diffed). */
  readonly ignoreViews?: boolean;
}

/** Views in an order where each comes after the views it reads (cycles cannot exist; input order breaks ties). */
export function orderViews(views: readonly SchemaObject[], allViews: readonly SchemaObject[] = views): SchemaObject[] {
  const names = new Set(allViews.map((v) => v.name));
  const { order, cyclic } = topologicalSort(views, (v) => v.name, (v) => viewDependencies(v.create, names),
    (a, b) => compareStrings(a.name, b.name));
  return [...order, ...cyclic];
}

/** Views hold no rows of their own: no view statement drops data. */
function diffViews(source: SchemaSnapshot, target: SchemaSnapshot): { drops: DiffChange[]; creates: DiffChange[] } {
  const before = new Map(source.views.map((v) => [v.name, v.create]));
  const after = new Set(target.views.map((v) => v.name));
  const drops = source.views.filter((v) => !after.has(v.name))
    .map((v): DiffChange => ({ kind: 'drop_view', name: v.name, sql: `DROP VIEW ${quoteIdentifier(v.name)}`, dropsData: false }));
  const changed = target.views.filter((v) => before.get(v.name) !== v.create);
  const creates = orderViews(changed, target.views).map((v): DiffChange => (before.has(v.name)
    ? { kind: 'alter_view', name: v.name, sql: createOrReplaceView(v.create), dropsData: false }
    : { kind: 'create_view', name: v.name, sql: v.create, dropsData: false }));
  return { drops, creates };
}

function tableWork(source: SchemaSnapshot, target: SchemaSnapshot): TableWork[] {
  const before = new Map(source.tables.map((t) => [t.name, t.create]));
  const after = new Map(target.tables.map((t) => [t.name, t.create]));
  const work: TableWork[] = [];
  for (const t of target.tables) {
    const old = before.get(t.name);
    if (old === undefined) {
      work.push({ kind: 'create', model: parseCreateTable(t.create), create: t.create });
    } else if (old !== t.create) {
      const alter = diffTable(parseCreateTable(old), parseCreateTable(t.create));
      if (alter) work.push({ kind: 'alter', alter });
    }
  }
  for (const t of source.tables) {
    if (!after.has(t.name)) work.push({ kind: 'drop', model: parseCreateTable(t.create) });
  }
  return work;
}

/**
 * Table ordering may move a table's foreign key clauses into ALTERs of their own (before and after its
 * main ALTER); the dropped columns are always in the main one. Those foreign-key-only statements are
 * rendered from the alter's own clauses, so they are known exactly.
 */
function foreignKeyOnlyAlters(alter: TableAlter): Set<string> {
  return new Set([alter.foreignKeyDrops, alter.foreignKeyAdds].filter((fks) => fks.length > 0)
    .map((fks) => renderAlter(alter.table, fks.map((fk) => fk.clause))));
}

function withDataLoss(changes: readonly SchemaChange[], work: readonly TableWork[]): DiffChange[] {
  const dropping = new Map(work.flatMap((w) => (w.kind === 'alter' && w.alter.droppedColumns.length > 0
    ? [[w.alter.table, foreignKeyOnlyAlters(w.alter)] as const] : [])));
  return changes.map((c) => {
    if (c.kind === 'drop_table') return { ...c, dropsData: true };
    const fkOnly = c.kind === 'alter_table' ? dropping.get(c.name) : undefined;
    return { ...c, dropsData: fkOnly !== undefined && !fkOnly.has(c.sql) };
  });
}

export function diffSchemas(source: SchemaSnapshot, target: SchemaSnapshot, options: DiffOptions = {}): DiffChange[] {
  const work = tableWork(source, target);
  const tables = withDataLoss(orderTableWork(work), work);
  if (options.ignoreViews) return tables;
  const views = diffViews(source, target);
  return [...views.drops, ...tables, ...views.creates];
}
