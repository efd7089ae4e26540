// The declarative differ: the ordered DDL that turns the source snapshot into the target snapshot.
// Both snapshots must come from the same server (canonical texts are compared, never re-interpreted).
// Order: views that go away are dropped first (a dropped view never blocks a table change), then the
// table statements in dependency order, then new and changed views, each after the views it reads.
import { quoteIdentifier } from '../sql/identifiers.js';
import type { SchemaChange } from './changes.js';
import { compareStrings, topologicalSort } from './graph.js';
import type { SchemaObject, SchemaSnapshot } from './snapshot.js';
import { diffTable } from './table-diff.js';
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

function diffViews(source: SchemaSnapshot, target: SchemaSnapshot): { drops: SchemaChange[]; creates: SchemaChange[] } {
  const before = new Map(source.views.map((v) => [v.name, v.create]));
  const after = new Set(target.views.map((v) => v.name));
  const drops = source.views.filter((v) => !after.has(v.name))
    .map((v): SchemaChange => ({ kind: 'drop_view', name: v.name, sql: `DROP VIEW ${quoteIdentifier(v.name)}` }));
  const changed = target.views.filter((v) => before.get(v.name) !== v.create);
  const creates = orderViews(changed, target.views).map((v): SchemaChange => (before.has(v.name)
    ? { kind: 'alter_view', name: v.name, sql: createOrReplaceView(v.create) }
    : { kind: 'create_view', name: v.name, sql: v.create }));
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

export function diffSchemas(source: SchemaSnapshot, target: SchemaSnapshot, options: DiffOptions = {}): SchemaChange[] {
  const tables = orderTableWork(tableWork(source, target));
  if (options.ignoreViews) return tables;
  const views = diffViews(source, target);
  return [...views.drops, ...tables, ...views.creates];
}
