// The MySQL databases behind branches: one per (organization, database, branch, keyspace, shard).
import { physicalDatabaseName, physicalPrefixPattern, shardNames } from './names.js';
import { quoteIdentifier } from './sql/identifiers.js';
import type { Queryable, Row } from './sql/pool.js';

export interface KeyspaceLayout { readonly name: string; readonly shards: number }

export interface PhysicalShard { readonly keyspace: string; readonly shard: string; readonly database: string }

export function physicalShards(prefix: string, org: string, database: string, branch: string, keyspace: KeyspaceLayout): PhysicalShard[] {
  return shardNames(keyspace.shards).map((shard) => ({
    keyspace: keyspace.name, shard,
    database: physicalDatabaseName(prefix, { organization: org, database, branch, keyspace: keyspace.name, shard }),
  }));
}

export async function createPhysicalDatabases(db: Queryable, names: readonly string[]): Promise<void> {
  for (const name of names) {
    await db.query(`CREATE DATABASE IF NOT EXISTS ${quoteIdentifier(name)} DEFAULT CHARACTER SET utf8mb4`);
  }
}

export async function dropPhysicalDatabases(db: Queryable, names: readonly string[]): Promise<void> {
  for (const name of names) await db.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(name)}`);
}

export async function listPhysicalDatabases(db: Queryable, prefix: string): Promise<string[]> {
  const [rows] = await db.query<Row[]>('SELECT SCHEMA_NAME AS name FROM information_schema.SCHEMATA WHERE SCHEMA_NAME LIKE ? ORDER BY SCHEMA_NAME', [physicalPrefixPattern(prefix)]);
  return rows.map((r) => String(r.name));
}
