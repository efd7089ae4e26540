// The strategy setting a stored migration row was submitted with.
import type { SchemaMigrationRow } from '../port/index.js';
import { parseDdlStrategy, type DdlStrategySetting } from '../strategy/ddl-strategy.js';

export function rowSetting(row: Pick<SchemaMigrationRow, 'strategy' | 'options'>): DdlStrategySetting {
  try {
    return parseDdlStrategy(`${row.strategy} ${row.options}`.trim());
  } catch {
    // Rows were validated on insert; a row this engine cannot parse keeps its strategy and no flags.
    return { strategy: row.strategy === 'mysql' ? 'mysql' : 'vitess', options: row.options, flags: new Set(), durations: {} };
  }
}

/** A `vitess`/`online` ALTER of a table (or the REVERT of one) that runs as a copy and a cut-over. */
export function isOnlineTableAlter(row: SchemaMigrationRow): boolean {
  return (row.strategy === 'vitess' || row.strategy === 'online') && row.ddl_action === 'alter' && row.is_view === 0 && row.is_immediate_operation === 0;
}
