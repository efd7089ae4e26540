// Orders the table statements of a diff so every statement is valid when it runs with foreign key
// checks on: a table a new foreign key points at is created (or altered) first, and a foreign key is
// dropped before the table or index it points at goes away. Each table gets one statement when the
// dependencies allow it; foreign keys that close a cycle, or that are dropped and re-added under the
// same name (which the server refuses in one statement), are split into their own ALTER.
import { quoteIdentifier } from '../sql/identifiers.js';
import type { SchemaChange } from './changes.js';
import { compareStrings, topologicalSort } from './graph.js';
import { renderAlter, type ForeignKeyClause, type TableAlter } from './table-diff.js';
import { renderCreateTable, type TableModel } from './table-model.js';

export type TableWork =
  | { readonly kind: 'create'; readonly model: TableModel; readonly create: string }
  | { readonly kind: 'drop'; readonly model: TableModel }
  | { readonly kind: 'alter'; readonly alter: TableAlter };

type Phase = 'drop_fk' | 'create' | 'alter' | 'add_fk' | 'drop';
const phaseRank: Record<Phase, number> = { drop_fk: 0, create: 1, alter: 2, add_fk: 3, drop: 4 };

interface Node {
  readonly table: string;
  readonly phase: Phase;
  readonly change: SchemaChange;
  /** Tables that new foreign keys of this statement reference. */
  readonly needs: readonly string[];
  /** Tables that foreign keys dropped by this statement referenced. */
  readonly releases: readonly string[];
  /** Whether foreign keys elsewhere must be ordered against this statement (it creates, drops or re-keys the table). */
  readonly keyed: boolean;
}

interface Splits { readonly drops: Set<string>; readonly adds: Set<string> }

const refs = (clauses: readonly ForeignKeyClause[]) => clauses.flatMap((c) => (c.references === null ? [] : [c.references]));
const workTable = (w: TableWork) => (w.kind === 'alter' ? w.alter.table : w.model.name);

function alterNode(table: string, phase: Phase, clauses: readonly string[], partitioning: string | null,
  needs: readonly string[], releases: readonly string[], keyed = false): Node {
  return { table, phase, change: { kind: 'alter_table', name: table, sql: renderAlter(table, clauses, partitioning) }, needs, releases, keyed };
}

function nodesFor(work: TableWork, splits: Splits): Node[] {
  const table = workTable(work);
  const nodes: Node[] = [];
  if (work.kind === 'create') {
    const deferred = splits.adds.has(table) ? work.model.foreignKeys.filter((fk) => fk.referencedDatabase === null && fk.referencedTable !== table) : [];
    const kept = work.model.foreignKeys.filter((fk) => !deferred.includes(fk) && fk.referencedDatabase === null);
    nodes.push({
      table, phase: 'create', needs: kept.map((fk) => fk.referencedTable), releases: [], keyed: true,
      change: { kind: 'create_table', name: table, sql: renderCreateTable(work.create, new Set(deferred.map((fk) => fk.line))) },
    });
    if (deferred.length) {
      nodes.push(alterNode(table, 'add_fk', deferred.map((fk) => `ADD ${fk.line}`), null, deferred.map((fk) => fk.referencedTable), []));
    }
  } else if (work.kind === 'drop') {
    const local = work.model.foreignKeys.filter((fk) => fk.referencedDatabase === null && fk.referencedTable !== table);
    const separate = splits.drops.has(table) && local.length > 0;
    if (separate) {
      nodes.push(alterNode(table, 'drop_fk', local.map((fk) => `DROP FOREIGN KEY ${quoteIdentifier(fk.name)}`), null, [],
        local.map((fk) => fk.referencedTable)));
    }
    nodes.push({ table, phase: 'drop', needs: [], releases: separate ? [] : local.map((fk) => fk.referencedTable), keyed: true,
      change: { kind: 'drop_table', name: table, sql: `DROP TABLE ${quoteIdentifier(table)}` } });
  } else {
    const a = work.alter;
    const dropsApart = (a.readdsForeignKey || splits.drops.has(table)) && a.foreignKeyDrops.length > 0;
    const addsApart = splits.adds.has(table) && a.foreignKeyAdds.length > 0;
    if (dropsApart) nodes.push(alterNode(table, 'drop_fk', a.foreignKeyDrops.map((c) => c.clause), null, [], refs(a.foreignKeyDrops)));
    const clauses = [
      ...(dropsApart ? [] : a.foreignKeyDrops.map((c) => c.clause)),
      ...a.clauses,
      ...(addsApart ? [] : a.foreignKeyAdds.map((c) => c.clause)),
    ];
    if (clauses.length || a.partitioning) {
      nodes.push(alterNode(table, 'alter', clauses, a.partitioning,
        addsApart ? [] : refs(a.foreignKeyAdds), dropsApart ? [] : refs(a.foreignKeyDrops), a.changesKeys));
    }
    if (addsApart) nodes.push(alterNode(table, 'add_fk', a.foreignKeyAdds.map((c) => c.clause), null, refs(a.foreignKeyAdds), []));
  }
  return nodes;
}

const nodeKey = (n: Node) => `${n.phase}\u0000${n.table}`;

function sortNodes(nodes: readonly Node[]) {
  const byTable = new Map<string, Node[]>();
  for (const n of nodes) byTable.set(n.table, [...(byTable.get(n.table) ?? []), n]);
  const releasedBy = new Map<string, Node[]>();
  for (const n of nodes) for (const t of n.releases) releasedBy.set(t, [...(releasedBy.get(t) ?? []), n]);
  const predecessors = (n: Node): string[] => {
    const own = (byTable.get(n.table) ?? []).filter((o) => phaseRank[o.phase] < phaseRank[n.phase]);
    const needed = n.needs.filter((t) => t !== n.table)
      .flatMap((t) => (byTable.get(t) ?? []).filter((o) => (o.phase === 'create' || o.phase === 'alter') && o.keyed));
    const releasing = (n.phase === 'alter' || n.phase === 'drop') && n.keyed
      ? (releasedBy.get(n.table) ?? []).filter((o) => o.table !== n.table) : [];
    return [...own, ...needed, ...releasing].map(nodeKey);
  };
  const compare = (a: Node, b: Node) => phaseRank[a.phase] - phaseRank[b.phase] || compareStrings(a.table, b.table);
  return topologicalSort(nodes, nodeKey, predecessors, compare);
}

/** One more split that may break a cycle among `cyclic`, or false when none is left. */
function splitOne(cyclic: readonly Node[], works: ReadonlyMap<string, TableWork>, splits: Splits): boolean {
  const inCycle = new Set(cyclic.map((n) => n.table));
  const tables = [...inCycle].sort(compareStrings);
  for (const table of tables) {
    const releasing = cyclic.some((n) => n.table === table && (n.phase === 'alter' || n.phase === 'drop') && n.releases.some((t) => inCycle.has(t)));
    if (releasing && !splits.drops.has(table)) { splits.drops.add(table); return true; }
  }
  for (const table of tables) {
    const work = works.get(table)!;
    const needing = cyclic.some((n) => n.table === table && (n.phase === 'alter' || n.phase === 'create') && n.needs.some((t) => t !== table && inCycle.has(t)));
    if (needing && work.kind !== 'drop' && !splits.adds.has(table)) { splits.adds.add(table); return true; }
  }
  return false;
}

export function orderTableWork(work: readonly TableWork[]): SchemaChange[] {
  const works = new Map(work.map((w) => [workTable(w), w]));
  const splits: Splits = { drops: new Set(), adds: new Set() };
  for (;;) {
    const result = sortNodes(work.flatMap((w) => nodesFor(w, splits)));
    if (!result.cyclic.length || !splitOne(result.cyclic, works, splits)) {
      return [...result.order, ...result.cyclic].map((n) => n.change);
    }
  }
}
