// Creating and deleting databases: metadata rows plus the physical MySQL databases of every branch
// and keyspace. Physical databases are created before the database is marked ready, and a failure
// removes whatever was made, so nothing half-created is left behind.
import {
  branches, createPhysicalDatabases, databases, dropPhysicalDatabases, inTransaction, keyspaces, metadataChanged, organizations,
  physicalShards, sidecarDatabaseName, type DatabaseRecord, type OrganizationRecord,
} from '@localscale/mysql';
import type { DatabaseConfig, KeyspaceConfig, OrganizationConfig } from '../config/types.js';
import type { Services } from './context.js';

export interface NewDatabaseInput {
  name: string;
  region: string;
  clusterSize: string;
  requireApproval: boolean;
  safeMigrations: boolean;
  keyspaces: readonly KeyspaceConfig[];
  notes?: string | null;
  actorId?: string | null;
}

export function physicalNamesFor(svc: Services, org: string, db: string, branch: string, layout: readonly { name: string; shards: number }[]): string[] {
  return layout.flatMap((k) => physicalShards(svc.config.databasePrefix, org, db, branch, k).map((s) => s.database));
}

export async function createDatabase(svc: Services, org: OrganizationRecord, input: NewDatabaseInput): Promise<DatabaseRecord> {
  const databaseId = await inTransaction(svc.metadata, async (tx) => {
    const id = await databases.insertDatabase(tx, {
      organizationId: org.id, name: input.name, region: input.region, clusterSize: input.clusterSize,
      requireApprovalForDeploy: input.requireApproval, notes: input.notes ?? null,
    });
    const branchId = await branches.insertBranch(tx, {
      databaseId: id, name: 'main', parentBranch: null, production: true, safeMigrations: input.safeMigrations,
      ready: true, region: input.region, actorId: input.actorId ?? null,
    });
    for (const k of input.keyspaces) await keyspaces.insertKeyspace(tx, { branchId, name: k.name, shards: k.shards, sharded: k.sharded });
    return id;
  }).finally(metadataChanged); // the rows are visible from the commit on: drop what was cached before it
  const physical = physicalNamesFor(svc, org.name, input.name, 'main', input.keyspaces);
  try {
    await createPhysicalDatabases(svc.admin, physical);
    await databases.setDatabaseState(svc.metadata, databaseId, 'ready');
  } catch (err) {
    await dropPhysicalDatabases(svc.admin, physical).catch(() => undefined);
    await databases.deleteDatabaseRow(svc.metadata, databaseId).catch(() => undefined);
    throw err;
  }
  return databases.getDatabase(svc.metadata, org.id, input.name);
}

/** Every physical database (shards and engine sidecars) of every branch of a database. */
export async function physicalNamesOfDatabase(svc: Services, org: string, database: DatabaseRecord): Promise<string[]> {
  const names: string[] = [];
  for (const branch of await branches.listAllBranches(svc.metadata, database.id)) {
    const { items } = await keyspaces.listKeyspaces(svc.metadata, branch.id);
    names.push(...physicalNamesFor(svc, org, database.name, branch.name, items), sidecarDatabaseName(svc.config.databasePrefix, org, database.name, branch.name, branch.id));
    await svc.releaseBranch(database.id, branch.name);
  }
  return names;
}

export async function deleteDatabase(svc: Services, org: OrganizationRecord, database: DatabaseRecord): Promise<void> {
  // Engines are released while the names are collected, before anything is dropped.
  const physical = await physicalNamesOfDatabase(svc, org.name, database);
  // Metadata first: once the row is gone the database is gone for clients, even if a drop below fails.
  await databases.deleteDatabaseRow(svc.metadata, database.id);
  await dropPhysicalDatabases(svc.admin, physical);
}

/**
 * Makes the configured organizations and databases exist. Idempotent: existing ones are left as they
 * are (their data survives restarts), missing ones are created.
 */
export async function seedConfiguredOrganizations(svc: Services, orgs: readonly OrganizationConfig[]): Promise<void> {
  for (const orgConfig of orgs) {
    const org = (await organizations.findOrganization(svc.metadata, orgConfig.name))
      ?? await organizations.createOrganization(svc.metadata, { name: orgConfig.name, billingEmail: orgConfig.billingEmail });
    for (const dbConfig of orgConfig.databases) await ensureDatabase(svc, org, dbConfig);
  }
}

async function ensureDatabase(svc: Services, org: OrganizationRecord, config: DatabaseConfig): Promise<void> {
  const existing = await databases.findDatabase(svc.metadata, org.id, config.name);
  if (existing) {
    // The rows exist; make sure the main branch's physical databases do too (e.g. after a manual drop).
    const main = await branches.getBranch(svc.metadata, existing.id, existing.defaultBranch);
    const { items } = await keyspaces.listKeyspaces(svc.metadata, main.id);
    await createPhysicalDatabases(svc.admin, physicalNamesFor(svc, org.name, existing.name, main.name, items));
    return;
  }
  await createDatabase(svc, org, {
    name: config.name, region: config.region, clusterSize: 'PS_10', requireApproval: config.requireApproval,
    safeMigrations: config.safeMigrations, keyspaces: config.keyspaces,
  });
}
