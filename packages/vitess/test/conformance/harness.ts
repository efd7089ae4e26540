// The conformance suite runs every scenario against each adapter of the MigrationEngine port: the
// embedded engine always, and a real vtgate when LOCALSCALE_TEST_VTGATE names one. A harness gives a
// scenario an engine plus direct SQL access to the keyspace's data.
import type { MigrationEngine, SchemaMigrationRow } from '../../src/index.js';
import { uniqueTag } from '@localscale/mysql/testing';

export interface Harness {
  engine: MigrationEngine;
  /** An unsharded keyspace. */
  keyspace: string;
  /** A keyspace with two shards, when the adapter has one. */
  sharded: string | null;
  /** Runs SQL against every shard of a keyspace, outside online DDL. */
  exec(keyspace: string, sql: string, params?: unknown[]): Promise<void>;
  /** Reads from the first shard of a keyspace. */
  query<T = Record<string, unknown>>(keyspace: string, sql: string, params?: unknown[]): Promise<T[]>;
  /**
   * What the backend supports (vttestserver cannot copy rows: its ALTERs need VReplication;
   * LocalScale's edge refuses ALTER VSCHEMA and SHOW VSCHEMA KEYSPACES/VINDEXES, its VSchemas go
   * through the VSchema API, so the adapter cannot apply or read one there).
   */
  capabilities: { onlineAlter: boolean; instantDdl: boolean; vschemaSql: boolean };
  /** How long a scenario may wait for a migration to settle. */
  waitMs: number;
  close(): Promise<void>;
}

export interface AdapterFactory {
  name: string;
  /** Null when available; otherwise why the adapter is skipped. */
  skipReason: string | null;
  start(): Promise<Harness>;
}

/** A table name unique to one scenario (scenarios on a real vtgate share its keyspaces). */
export const tableName = (base: string) => `${base}_${uniqueTag()}`;

export async function waitRows(
  h: Harness, keyspace: string, uuid: string, done: (rows: SchemaMigrationRow[]) => boolean, what: string,
): Promise<SchemaMigrationRow[]> {
  const deadline = Date.now() + h.waitMs;
  for (;;) {
    const rows = await h.engine.showMigrations({ keyspace, uuid });
    if (rows.length > 0 && done(rows)) return rows;
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${uuid} to be ${what}: ${JSON.stringify(rows.map((r) => ({ shard: r.shard, status: r.migration_status, ready: r.ready_to_complete, message: r.message })))}`);
    }
    await new Promise((r) => setTimeout(r, 15));
  }
}

export const waitStatus = (h: Harness, keyspace: string, uuid: string, ...statuses: SchemaMigrationRow['migration_status'][]) =>
  waitRows(h, keyspace, uuid, (rows) => rows.every((r) => statuses.includes(r.migration_status)), statuses.join(' or '));

/** Waits for a terminal status and returns the single (unsharded) row. */
export async function settle(h: Harness, keyspace: string, uuid: string): Promise<SchemaMigrationRow> {
  const rows = await waitStatus(h, keyspace, uuid, 'complete', 'failed', 'cancelled');
  return rows[0]!;
}

/** Submits one statement and returns its single UUID. */
export async function submitOne(h: Harness, sql: string, ddlStrategy = 'vitess', migrationContext = '', keyspace = h.keyspace): Promise<string> {
  const uuids = await h.engine.submit({ keyspace, sql, ddlStrategy, migrationContext });
  if (uuids.length !== 1) throw new Error(`expected one migration, got ${uuids.length}`);
  return uuids[0]!;
}

/** Lets the scheduler run for a while (to show something does *not* happen). */
export const idle = (h: Harness) => new Promise((r) => setTimeout(r, Math.min(h.waitMs / 20, 500)));
