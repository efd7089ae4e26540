// What a migration statement changes, read by the engine's own DDL parser: the object kind, the table
// or view, whether it replaces a view, and whether it loses data (a dropped table or column). For
// callers that hold only statement text, such as deploy plans stored before plans kept the differ's
// structure.
import { analyzeAlterSpec } from './alter.js';
import { parseDdl, type MigrationStatement } from './parse.js';

export interface DdlDescription {
  kind: MigrationStatement['kind'];
  table: string;
  /** CREATE OR REPLACE VIEW: a change to an existing view. */
  orReplace: boolean;
  dropsData: boolean;
}

/** The first migration statement in `sql`, described; null when it is not one the engine migrates. */
export function describeDdl(sql: string): DdlDescription | null {
  let stmt;
  try {
    stmt = parseDdl(sql, '')[0];
  } catch {
    return null;
  }
  if (!stmt || stmt.kind === 'direct') return null;
  const dropsData = stmt.kind === 'drop_table' || (stmt.kind === 'alter_table' && analyzeAlterSpec(stmt.spec).dropsColumns);
  return { kind: stmt.kind, table: stmt.table, orReplace: stmt.kind === 'create_view' && stmt.orReplace, dropsData };
}
