// Path segments -> stored records. A name that breaks PlanetScale's naming rules cannot exist, so it
// is reported exactly like a missing one (404), without reaching SQL.
import {
  branches, databases, isValidName, keyspaces, notFound, organizations, type BranchRecord, type DatabaseRecord, type KeyspaceRecord, type NamedResource, type OrganizationRecord,
} from '@localscale/mysql';
import { NotFoundError } from '../http/errors.js';
import type { Services } from './context.js';

function checkName(kind: NamedResource, name: string, label: string): void {
  if (!isValidName(kind, name)) throw new NotFoundError(`${label} ${JSON.stringify(name.slice(0, 80))} not found`);
}

export async function resolveOrganization(svc: Services, name: string): Promise<OrganizationRecord> {
  checkName('organization', name, 'organization');
  return organizations.getOrganization(svc.metadata, name);
}

export async function resolveDatabase(svc: Services, org: string, name: string): Promise<DatabaseRecord> {
  checkName('organization', org, 'organization');
  // An invalid database name under a missing organization is reported as the missing organization,
  // so the organization is looked up first, as before.
  if (!isValidName('database', name)) {
    await resolveOrganization(svc, org);
    checkName('database', name, 'database');
  }
  // Every API request under a database resolves it: one query for both names, with the same errors
  // as the two look-ups it replaces.
  const found = await databases.findDatabaseByNames(svc.metadata, org, name);
  if (!found.organization) throw notFound(`organization ${org} not found`);
  if (!found.database) throw notFound(`database ${name} not found`);
  return found.database;
}

export async function resolveBranch(svc: Services, org: string, db: string, name: string): Promise<{ database: DatabaseRecord; branch: BranchRecord }> {
  const database = await resolveDatabase(svc, org, db);
  checkName('branch', name, 'branch');
  return { database, branch: await branches.getBranch(svc.metadata, database.id, name) };
}

export async function resolveKeyspace(svc: Services, org: string, db: string, branch: string, name: string):
  Promise<{ database: DatabaseRecord; branch: BranchRecord; keyspace: KeyspaceRecord }> {
  const resolved = await resolveBranch(svc, org, db, branch);
  checkName('keyspace', name, 'keyspace');
  return { ...resolved, keyspace: await keyspaces.getKeyspace(svc.metadata, resolved.branch.id, name) };
}

/**
 * Whether a branch is a production branch, for the accesses that differ there; null when the
 * organization, database or branch does not exist (the handler then says which).
 */
export async function productionBranch(svc: Services, org: string, db: string, name: string): Promise<boolean | null> {
  if (!isValidName('organization', org) || !isValidName('database', db) || !isValidName('branch', name)) return null;
  const found = await databases.findDatabaseByNames(svc.metadata, org, db);
  if (!found.database) return null;
  return (await branches.findBranch(svc.metadata, found.database.id, name))?.production ?? null;
}
