// Sync triggers: AFTER INSERT/UPDATE/DELETE triggers on one table that replay each row change into
// another table (by name), for the shared columns, keyed by the shared unique key. During a copy they
// carry writes into the shadow table; after a cut-over they keep the old table in step with the new
// one, which is what makes a revert keep the rows written in between.
//
// Every trigger runs its write under a guard, and does nothing when the guard is already held by the
// same statement. That lets a cut-over install the next pair of triggers before the atomic RENAME and
// drop the previous pair after it: whichever table a write lands on, exactly one trigger replays it,
// and a trigger that would write back into the table that fired it stays silent. The guard holds the
// statement's start time (NOW(6) is constant within a statement and its triggers), so a statement
// that dies mid-trigger (a deadlock bypasses handlers) cannot leave later statements unsynced.
//
// A write the other table rejects does not fail the user's statement: a handler records it in the
// sidecar's sync_errors, and the engine fails the migration (or refuses the revert) instead. Lock
// conflicts are the exception: they reach the user's statement as they would without triggers.
import { qualified, quoteIdentifier } from '@localscale/mysql';
import { triggerEvents, triggerName, type TriggerEvent, type TriggerSide } from '../names.js';
import { sqlString } from '../sql.js';
import type { ColumnPair, CopyKey } from './analysis.js';

export const syncGuard = '@_vt_online_ddl_sync';

export interface SyncTriggerSpec {
  database: string;
  /** The table whose writes are replayed. */
  source: string;
  /** The table name writes are replayed into. */
  target: string;
  pairs: readonly ColumnPair[];
  key: CopyKey;
  uuid: string;
  shard: string;
  side: TriggerSide;
  sidecar: string;
}

export interface TriggerStatement { name: string; create: string }

export function syncTriggerStatements(spec: SyncTriggerSpec): TriggerStatement[] {
  return triggerEvents.map((event) => ({ name: triggerName(spec.uuid, spec.side, event), create: createTrigger(spec, event) }));
}

export function dropTriggerStatements(database: string, uuid: string, side: TriggerSide): string[] {
  return triggerEvents.map((event) => `DROP TRIGGER IF EXISTS ${qualified(database, triggerName(uuid, side, event))}`);
}

const eventWord: Record<TriggerEvent, string> = { i: 'INSERT', u: 'UPDATE', d: 'DELETE' };

function createTrigger(spec: SyncTriggerSpec, event: TriggerEvent): string {
  const q = quoteIdentifier;
  const target = qualified(spec.database, spec.target);
  const keyMatch = (row: 'OLD' | 'NEW') => spec.key.target.map((t, i) => `${q(t)} <=> ${row}.${q(spec.key.source[i]!)}`).join(' AND ');
  const upsert = `INSERT INTO ${target} (${spec.pairs.map((p) => q(p.target)).join(', ')}) VALUES (${spec.pairs.map((p) => `NEW.${q(p.source)}`).join(', ')})` +
    ` ON DUPLICATE KEY UPDATE ${spec.pairs.map((p) => `${q(p.target)} = VALUES(${q(p.target)})`).join(', ')}`;
  let write: string;
  switch (event) {
    case 'i':
      write = `${upsert};`;
      break;
    case 'u': {
      const keyChanged = spec.key.source.map((s) => `NOT (OLD.${q(s)} <=> NEW.${q(s)})`).join(' OR ');
      // Moving a row keeps the columns the other table has and this one does not (a revert needs them).
      const move = `UPDATE ${target} SET ${spec.pairs.map((p) => `${q(p.target)} = NEW.${q(p.source)}`).join(', ')} WHERE ${keyMatch('OLD')}`;
      write = `IF ${keyChanged} THEN ${move}; END IF; ${upsert};`;
      break;
    }
    case 'd':
      write = `DELETE FROM ${target} WHERE ${keyMatch('OLD')};`;
      break;
  }
  const record = `INSERT INTO ${qualified(spec.sidecar, 'sync_errors')} (migration_uuid, shard, side, errors, last_error)` +
    ` VALUES (${sqlString(spec.uuid)}, ${sqlString(spec.shard)}, ${sqlString(spec.side)}, 1, IFNULL(_vt_error, ''))` +
    ' ON DUPLICATE KEY UPDATE errors = errors + 1, last_error = VALUES(last_error)';
  // A deadlock or lock wait timeout is the user's statement's to see (InnoDB has already rolled back
  // its transaction); swallowing it would report a write that never happened.
  return `CREATE TRIGGER ${qualified(spec.database, triggerName(spec.uuid, spec.side, event))} AFTER ${eventWord[event]} ON ${qualified(spec.database, spec.source)} FOR EACH ROW
BEGIN
  DECLARE _vt_error TEXT DEFAULT NULL;
  DECLARE _vt_errno INT DEFAULT 0;
  DECLARE CONTINUE HANDLER FOR SQLEXCEPTION
  BEGIN
    GET DIAGNOSTICS CONDITION 1 _vt_errno = MYSQL_ERRNO, _vt_error = MESSAGE_TEXT;
    IF _vt_errno IN (1205, 1213) THEN
      SET ${syncGuard} = NULL;
      RESIGNAL;
    END IF;
    ${record};
  END;
  IF NOT (${syncGuard} <=> NOW(6)) THEN
    SET ${syncGuard} = NOW(6);
    ${write}
    SET ${syncGuard} = NULL;
  END IF;
END`;
}
