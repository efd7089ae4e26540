// An embedded engine for one test, on the shared test MySQL server: its own sidecar and shard
// databases (uniquely named), dropped afterwards.
import { inject } from 'vitest';
import { uniqueTag } from '@localscale/mysql/testing';
import { createPool, quoteIdentifier, type Pool, type Row } from '@localscale/mysql';
import { createEmbeddedEngine, type EmbeddedEngineOptions, type EmbeddedMigrationEngine, type VSchema } from '../../src/index.js';

export interface EmbeddedHarness {
  engine: EmbeddedMigrationEngine;
  pool: Pool;
  tag: string;
  sidecar: string;
  /** keyspace → shard → physical database */
  databases: Record<string, Record<string, string>>;
  /** Opens another engine over the same sidecar and shards (after the first was closed). */
  reopen(overrides?: Partial<EmbeddedEngineOptions>): Promise<EmbeddedMigrationEngine>;
  /** Runs SQL on every shard of a keyspace (directly, not as a migration). */
  exec(keyspace: string, sql: string, params?: unknown[]): Promise<void>;
  query<T = Row>(keyspace: string, shard: string, sql: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export interface HarnessOptions extends Partial<Omit<EmbeddedEngineOptions, 'pool' | 'sidecarDatabase' | 'keyspaces' | 'vschemaStore'>> {
  keyspaces?: { name: string; shards: string[] }[];
}

export async function startEmbedded({ keyspaces, ...options }: HarnessOptions = {}): Promise<EmbeddedHarness> {
  const pool = createPool(inject('mysqlUrl'), { connectionLimit: 30 });
  const tag = uniqueTag();
  const sidecar = `${tag}_vt`;
  const layout = keyspaces ?? [{ name: 'app', shards: ['-'] }];
  const databases: Record<string, Record<string, string>> = {};
  for (const ks of layout) {
    databases[ks.name] = {};
    for (const [i, shard] of ks.shards.entries()) {
      const db = `${tag}_${ks.name}_${i}`;
      databases[ks.name]![shard] = db;
      await pool.query(`CREATE DATABASE ${quoteIdentifier(db)}`);
    }
  }
  const vschemas = new Map<string, VSchema>();
  const base: EmbeddedEngineOptions = {
    pool, sidecarDatabase: sidecar,
    keyspaces: layout.map((ks) => ({ name: ks.name, sharded: ks.shards.length > 1, shards: ks.shards.map((s) => ({ name: s, database: databases[ks.name]![s]! })) })),
    vschemaStore: { get: async (k) => vschemas.get(k) ?? null, put: async (k, v) => { vschemas.set(k, v); } },
    tickMs: 20, copyChunkRows: 50, gcIntervalMs: 50,
    ...options,
  };
  let engine = await createEmbeddedEngine(base);
  const engines = [engine];
  return {
    get engine() { return engine; },
    pool, tag, sidecar, databases,
    async reopen(overrides = {}) {
      engine = await createEmbeddedEngine({ ...base, ...overrides });
      engines.push(engine);
      return engine;
    },
    async exec(keyspace, sql, params = []) {
      for (const db of Object.values(databases[keyspace]!)) {
        const conn = await pool.getConnection();
        try {
          await conn.query(`USE ${quoteIdentifier(db)}`);
          await conn.query(sql, params);
        } finally {
          conn.destroy();
        }
      }
    },
    async query<T>(keyspace: string, shard: string, sql: string, params: unknown[] = []) {
      const conn = await pool.getConnection();
      try {
        await conn.query(`USE ${quoteIdentifier(databases[keyspace]![shard]!)}`);
        const [rows] = await conn.query(sql, params);
        return rows as T[];
      } finally {
        conn.destroy();
      }
    },
    async close() {
      for (const e of engines) await e.close();
      for (const ks of Object.values(databases)) for (const db of Object.values(ks)) await pool.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(db)}`);
      await pool.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(sidecar)}`);
      await pool.end();
    },
  };
}
