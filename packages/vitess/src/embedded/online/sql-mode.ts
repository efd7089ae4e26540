// The sql_mode under which rows are copied and replayed: like ALTER TABLE's own copy, a NOT NULL
// column added without a default gets its implicit default instead of failing every insert, and
// explicit zero ids stay zero.
import type { Queryable, Row } from '@localscale/mysql';

export function copySqlMode(current: string, allowZeroInDate: boolean): string {
  const drop = new Set(['STRICT_TRANS_TABLES', 'STRICT_ALL_TABLES', ...(allowZeroInDate ? ['NO_ZERO_DATE', 'NO_ZERO_IN_DATE'] : [])]);
  const modes = current.split(',').map((m) => m.trim()).filter((m) => m && !drop.has(m.toUpperCase()));
  if (!modes.includes('NO_AUTO_VALUE_ON_ZERO')) modes.push('NO_AUTO_VALUE_ON_ZERO');
  return modes.join(',');
}

/** Sets the copy sql_mode on a session. */
export async function useCopySqlMode(conn: Queryable, allowZeroInDate: boolean): Promise<void> {
  const [rows] = await conn.query<Row[]>('SELECT @@SESSION.sql_mode AS mode');
  await conn.query('SET SESSION sql_mode = ?', [copySqlMode(String(rows[0]!.mode), allowZeroInDate)]);
}

/** Without NO_ZERO_DATE / NO_ZERO_IN_DATE, for `--allow-zero-in-date` DDL. */
export async function allowZeroDates(conn: Queryable): Promise<void> {
  const [rows] = await conn.query<Row[]>('SELECT @@SESSION.sql_mode AS mode');
  const modes = String(rows[0]!.mode).split(',').filter((m) => m && m !== 'NO_ZERO_DATE' && m !== 'NO_ZERO_IN_DATE');
  await conn.query('SET SESSION sql_mode = ?', [modes.join(',')]);
}
