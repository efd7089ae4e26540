// Derived numbers shown on database objects (branch counts, table counts), read from metadata and
// information_schema rather than stored, so they cannot drift.
import { databases, keyspaces, physicalShards, type DatabaseRecord, type Row } from '@localscale/mysql';
import type { DatabaseFacts } from '../presenters/database.js';
import type { Services } from './context.js';

export async function databaseFacts(svc: Services, db: DatabaseRecord): Promise<DatabaseFacts> {
  const counts = await databases.countBranches(svc.metadata, db.id);
  // The default branch's keyspaces by its name in one query (none when the branch is missing).
  const layout = await keyspaces.listKeyspacesOfBranchNamed(svc.metadata, db.id, db.defaultBranch);
  const firstShards = layout.map((k) => physicalShards(svc.config.databasePrefix, db.organization, db.name, db.defaultBranch, k)[0]!.database);
  let tables = 0;
  // One schema per query, named with `=`: any other filter makes MariaDB open every database's
  // tables (and it has been seen to crash doing so).
  for (const schema of firstShards) {
    const [[row]] = await svc.admin.query<Row[]>(
      "SELECT COUNT(*) AS n FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_NAME NOT LIKE '\\_vt\\_%'", [schema]);
    tables += Number(row!.n);
  }
  return {
    branches: counts.total, productionBranches: counts.production,
    defaultBranchShards: layout.reduce((n, k) => n + k.shards, 0), defaultBranchTables: tables,
    sharded: layout.some((k) => k.sharded),
  };
}
