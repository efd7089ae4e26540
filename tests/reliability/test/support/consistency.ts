// Invariants of LocalScale's metadata and the MySQL databases behind it, checked after a run of
// concurrent or hostile requests: every database has its default branch, every branch's keyspaces
// have their physical databases, no physical database belongs to nothing, deploy-request numbers
// run 1..N per database with no gap or repeat, and the webhook outbox holds only well-formed
// deliveries, none waiting on a disabled webhook, none tried more often than the retry policy allows.
import { listPhysicalDatabases, physicalShards, quoteIdentifier, sidecarDatabaseName, type Pool, type Row } from '@localscale/mysql';

export interface Inconsistencies {
  databasesWithoutDefaultBranch: string[];
  missingPhysicalDatabases: string[];
  orphanPhysicalDatabases: string[];
  nonContiguousDeployRequests: string[];
  branchesWithoutKeyspaces: string[];
  malformedDeliveries: string[];
  pendingOnDisabledWebhooks: string[];
  overAttemptedDeliveries: string[];
}

export const consistent: Inconsistencies = {
  databasesWithoutDefaultBranch: [], missingPhysicalDatabases: [], orphanPhysicalDatabases: [], nonContiguousDeployRequests: [], branchesWithoutKeyspaces: [],
  malformedDeliveries: [], pendingOnDisabledWebhooks: [], overAttemptedDeliveries: [],
};

/** Attempts a delivery may have had: the retry policy's (6), one more when a restart cut an attempt short at the end. */
const maxDeliveryAttempts = 7;

export interface ConsistencySummary { organizations: number; databases: number; branches: number; deployRequests: number; physicalDatabases: number; webhookDeliveries: number }

export async function checkConsistency(pool: Pool, metadataSchema: string, prefix: string): Promise<{ problems: Inconsistencies; summary: ConsistencySummary }> {
  const t = (name: string) => `${quoteIdentifier(metadataSchema)}.${quoteIdentifier(name)}`;
  const [orgs] = await pool.query<Row[]>(`SELECT id, name FROM ${t('organizations')}`);
  const [dbs] = await pool.query<Row[]>(`SELECT id, organization_id, name, default_branch FROM ${t('databases')}`);
  const [branches] = await pool.query<Row[]>(`SELECT id, database_id, name FROM ${t('branches')}`);
  const [keyspaces] = await pool.query<Row[]>(`SELECT branch_id, name, shards FROM ${t('keyspaces')}`);
  const [drs] = await pool.query<Row[]>(`SELECT database_id, number FROM ${t('deploy_requests')} ORDER BY database_id, number`);
  const orgName = new Map(orgs.map((o) => [String(o.id), String(o.name)]));
  const dbById = new Map(dbs.map((d) => [String(d.id), d]));
  const problems: Inconsistencies = structuredClone(consistent);

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
  const [deliveries] = await pool.query<Row[]>(`SELECT d.id, d.event, d.body, d.state, d.attempts, w.enabled, w.database_id, dbs.name AS database_name, o.name AS organization_name
    FROM ${t('webhook_deliveries')} d JOIN ${t('webhooks')} w ON w.id = d.webhook_id JOIN ${t('databases')} dbs ON dbs.id = w.database_id
    JOIN ${t('organizations')} o ON o.id = dbs.organization_id`);
  for (const d of deliveries) {
    let body: Record<string, unknown> | undefined;
    try { body = JSON.parse(String(d.body)); } catch { body = undefined; }
    const fields = body && Object.keys(body).join(',');
    if (fields !== 'timestamp,event,organization,database,resource' || body!.event !== d.event || body!.database !== d.database_name || body!.organization !== d.organization_name) {
      problems.malformedDeliveries.push(`${d.id} (${d.event}): ${String(d.body).slice(0, 80)}`);
    }
    if (d.state === 'pending' && Number(d.enabled) !== 1) problems.pendingOnDisabledWebhooks.push(`${d.id} (${d.event})`);
    if (Number(d.attempts) > maxDeliveryAttempts) problems.overAttemptedDeliveries.push(`${d.id}: ${d.attempts} attempts`);
  }
  return {
    problems,
    summary: { organizations: orgs.length, databases: dbs.length, branches: branches.length, deployRequests: drs.length, physicalDatabases: actual.size, webhookDeliveries: deliveries.length },
  };
}
