// LEGACY PATH, for plans stored before the plan kept the differ's structure: each keyspace then held
// `ddl: string[]`, plain statements. Their kind, table and whether they drop data are derived once,
// when such a plan is read, by the Vitess engine's own DDL reader (on the one SQL lexer). Nothing else
// derives these from text: new plans carry the differ's own answers, and a legacy plan is written back
// in the new shape on the request's next save.
import { describeDdl, type DdlDescription } from '@localscale/vitess';
import type { OperationKind, PlannedChange } from './model.js';

/** PlanetScale's operation names; the differ changes an existing view with CREATE OR REPLACE, an ALTER VIEW. */
const kindOf = (d: DdlDescription): OperationKind => {
  switch (d.kind) {
    case 'create_table': return 'CREATE';
    case 'alter_table': return 'ALTER';
    case 'drop_table': return 'DROP';
    case 'create_view': return d.orReplace ? 'ALTER VIEW' : 'CREATE VIEW';
    case 'alter_view': return 'ALTER VIEW';
    case 'drop_view': return 'DROP VIEW';
  }
};

export function legacyChange(sql: string): PlannedChange {
  const d = describeDdl(sql);
  // Not a statement the differ writes: shown as an ALTER of no known table rather than failing the request.
  if (!d) return { kind: 'ALTER', table: '', sql, dropsData: false };
  return { kind: kindOf(d), table: d.table, sql, dropsData: d.dropsData };
}
