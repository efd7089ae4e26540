// POST /admin/reset-state: back to the configured starting point without restarting. Migrations are
// cancelled and allowed to settle, every branch database and engine sidecar is dropped, metadata is
// cleared and the configured organizations are seeded again. The main branches' data and VSchema are
// kept, as upstream kept its Vitess clusters; listeners stay up.
import { branches, databases, dropPhysicalDatabases, keyspaces, listPhysicalDatabases, metadataChanged, organizations } from '@localscale/mysql';
import { terminalStatuses } from '@localscale/vitess';
import type { DeployRuntime } from '../deploy/runtime.js';
import type { BranchSnapshots } from './branches.js';
import type { Services } from './context.js';
import { physicalNamesFor, seedConfiguredOrganizations } from './databases.js';

export interface ResetDeps { deploy?: DeployRuntime; snapshots: BranchSnapshots }

const settleTimeoutMs = 10_000;

async function settleMigrations(svc: Services, deploy: DeployRuntime): Promise<void> {
  const orgs = (await organizations.listOrganizations(svc.metadata, { page: 1, perPage: 1000 })).items;
  for (const org of orgs) {
    for (const db of (await databases.listDatabases(svc.metadata, org.id, { page: 1, perPage: 1000 })).items) {
      for (const branch of await branches.listAllBranches(svc.metadata, db.id)) {
        const engine = await deploy.clusters.engineFor(db.id, branch.name).catch(() => undefined);
        if (!engine) continue;
        const names = (await keyspaces.listKeyspaces(svc.metadata, branch.id)).items.map((k) => k.name);
        for (const ks of names) {
          await engine.unthrottle(ks, { all: true }).catch(() => undefined);
          await engine.cancel(ks, { all: true }).catch((err: unknown) => svc.log.warn('reset: cancel failed', { keyspace: ks, error: String(err) }));
        }
        const deadline = Date.now() + settleTimeoutMs;
        for (;;) {
          const pending = [];
          for (const ks of names) pending.push(...(await engine.showMigrations({ keyspace: ks, all: true })).filter((r) => !terminalStatuses.includes(r.migration_status)));
          if (!pending.length) break;
          if (Date.now() > deadline) {
            throw new Error(`timed out waiting for schema changes to reach a terminal state; still pending: ${pending.map((r) => `${r.keyspace}/${r.shard} ${r.migration_uuid} ${r.migration_status}`).join(', ')}`);
          }
          await new Promise((r) => setTimeout(r, 100));
        }
      }
    }
  }
}

export async function resetState(svc: Services, deps: ResetDeps): Promise<void> {
  const { deploy, snapshots } = deps;
  await snapshots.idle();
  if (deploy) {
    await deploy.processor.stop();
    await settleMigrations(svc, deploy);
    await deploy.clusters.close();
  }
  // What survives: the configured databases' main branches (tables, rows and VSchema).
  const keep = new Set<string>();
  const vschemas = new Map<string, string | null>();
  for (const orgConfig of svc.config.organizations) {
    const org = await organizations.findOrganization(svc.metadata, orgConfig.name);
    for (const dbConfig of orgConfig.databases) {
      physicalNamesFor(svc, orgConfig.name, dbConfig.name, 'main', dbConfig.keyspaces).forEach((n) => keep.add(n));
      const db = org && await databases.findDatabase(svc.metadata, org.id, dbConfig.name);
      const main = db && await branches.findBranch(svc.metadata, db.id, db.defaultBranch);
      if (!main) continue;
      for (const k of (await keyspaces.listKeyspaces(svc.metadata, main.id)).items) vschemas.set(`${orgConfig.name}/${dbConfig.name}/${k.name}`, k.vschema);
    }
  }
  const doomed = (await listPhysicalDatabases(svc.admin, svc.config.databasePrefix)).filter((n) => !keep.has(n));
  await dropPhysicalDatabases(svc.admin, doomed);
  for (const table of ['webhook_delivery_attempts', 'webhook_deliveries', 'webhooks', 'service_token_accesses', 'service_tokens',
    'deploy_request_reviews', 'deploy_requests', 'passwords', 'keyspaces', 'branches', 'databases', 'organizations']) {
    await svc.metadata.query(`DELETE FROM \`${table}\``).finally(metadataChanged); // raw deletes: the metadata cache must forget
  }
  await seedConfiguredOrganizations(svc, svc.config.organizations);
  for (const [key, vschema] of vschemas) {
    const [orgName, dbName, ksName] = key.split('/') as [string, string, string];
    const org = await organizations.getOrganization(svc.metadata, orgName);
    const db = await databases.getDatabase(svc.metadata, org.id, dbName);
    const main = await branches.getBranch(svc.metadata, db.id, db.defaultBranch);
    const ks = (await keyspaces.listKeyspaces(svc.metadata, main.id)).items.find((k) => k.name === ksName);
    if (ks) await keyspaces.setKeyspaceVSchema(svc.metadata, ks.id, vschema);
  }
  deploy?.processor.start();
}
