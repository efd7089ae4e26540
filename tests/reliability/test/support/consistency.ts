// Invariants of LocalScale's metadata and the MySQL databases behind it, checked after a run of
// concurrent or hostile requests: every database has its default branch, every branch's keyspaces
// have their physical databases, no physical database belongs to nothing, and deploy-request numbers
// run 1..N per database with no gap or repeat.
import { listPhysicalDatabases, physicalShards, quoteIdentifier, sidecarDatabaseName, type Pool, type Row } from '@localscale/mysql';

export interface Inconsistencies {
  databasesWithoutDefaultBranch: string[];
  missingPhysicalDatabases: string[];
  orphanPhysicalDatabases: string[];
  nonContiguousDeployRequests: string[];
  branchesWithoutKeyspaces: string[];
}

export const consistent: Inconsistencies = {
  databasesWithoutDefaultBranch: [], missingPhysicalDatabases: [], orphanPhysicalDatabases: [], nonContiguousDeployRequests: [], branchesWithoutKeyspaces: [],
};

export interface ConsistencySummary { organizations: number; databases: number; branches: number; deployRequests: number; physicalDatabases: number }

export async function checkConsistency(pool: Pool, metadataSchema: string, prefix: string): Promise<{ problems: Inconsistencies; summary: ConsistencySummary }> {
  const t = (name: string) => `${quoteIdentifier(metadataSchema)}.${quoteIdentifier(name)}`;
  const [orgs] = await pool.query<Row[]>(`SELECT id, name FROM ${t('organizations')}`);
  const [dbs] = await pool.query<Row[]>(`SELECT id, organization_id, name, default_branch FROM ${t('databases')}`);
  const [branches] = await pool.query<Row[]>(`SELECT id, database_id, name FROM ${t('branches')}`);
  const [keyspaces] = await pool.query<Row[]>(`SELECT branch_id, name, shards FROM ${t('keyspaces')}`);
  const [drs] = await pool.query<Row[]>(`SELECT database_id, number FROM ${t('deploy_requests')} ORDER BY database_id, number`);
  const orgName = new Map(orgs.map((o) => [String(o.id), String(o.name)]));
  const dbById = new Map(dbs.map((d) => [String(d.id), d]));
  const problems: Inconsistencies = { databasesWithoutDefaultBranch: [], missingPhysicalDatabases: [], orphanPhysicalDatabases: [], nonContiguousDeployRequests: [], branchesWithoutKeyspaces: [] };

  for (const d of dbs) {
    if (!branches.some((b) => b.database_id === d.id && b.name === d.default_branch)) problems.databasesWithoutDefaultBranch.push(`${orgName.get(String(d.organization_id))}/${d.name}`);
  }
  const expected = new Set<string>();
  const sidecars = new Set<string>();
  for (const b of branches) {
    const d = dbById.get(String(b.database_id));
    if (!d) continue;
    const o = orgName.get(String(d.organization_id))!;
    sidecars.add(sidecarDatabaseName(prefix, o, String(d.name), String(b.name), String(b.id)));
    const own = keyspaces.filter((k) => k.branch_id === b.id);
    if (own.length === 0) problems.branchesWithoutKeyspaces.push(`${o}/${d.name}/${b.name}`);
    for (const k of own) {
      for (const s of physicalShards(prefix, o, String(d.name), String(b.name), { name: String(k.name), shards: Number(k.shards) })) expected.add(s.database);
    }
  }
  const actual = new Set(await listPhysicalDatabases(pool, prefix));
  problems.missingPhysicalDatabases = [...expected].filter((n) => !actual.has(n));
  // A branch's Vitess sidecar exists once its engine has run; it is not an orphan.
  problems.orphanPhysicalDatabases = [...actual].filter((n) => !expected.has(n) && !sidecars.has(n));

  const numbers = new Map<string, number[]>();
  for (const r of drs) numbers.set(String(r.database_id), [...(numbers.get(String(r.database_id)) ?? []), Number(r.number)]);
  for (const [id, list] of numbers) {
    if (list.some((n, i) => n !== i + 1)) problems.nonContiguousDeployRequests.push(`${dbById.get(id)?.name ?? id}: ${list.join(',')}`);
  }
  return {
    problems,
    summary: { organizations: orgs.length, databases: dbs.length, branches: branches.length, deployRequests: drs.length, physicalDatabases: actual.size },
  };
}
