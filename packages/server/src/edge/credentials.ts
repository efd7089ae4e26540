// Branch passwords as the edge sees them: a username resolves to its digests, role, expiry and the
// physical databases of its branch. The edge verifies; nothing here ever sees a plain-text password.
// The edge trusts what this returns for a couple of seconds (its credentialCacheMs), so a burst of
// connections costs one lookup.
import { branches, databases, keyspaces, passwords, physicalShards } from '@localscale/mysql';
import type { BranchRoute, Credential } from '@localscale/edge';
import type { Services } from '../services/context.js';
import { routingVSchema } from '../services/routing.js';

export async function credentialFor(svc: Services, username: string): Promise<Credential | null> {
  if (!/^[a-z0-9]{1,32}$/.test(username)) return null;
  const password = await passwords.findPasswordByUsername(svc.metadata, username);
  if (!password) return null;
  const branch = await branches.findBranchById(svc.metadata, password.branchId);
  if (!branch) return null;
  const database = await databases.findDatabaseById(svc.metadata, branch.databaseId);
  if (!database) return null;
  const layout = (await keyspaces.listKeyspaces(svc.metadata, branch.id)).items;
  const route: BranchRoute = {
    organization: database.organization, database: database.name, branch: branch.name, production: branch.production,
    safeMigrations: branch.safeMigrations,
    keyspaces: layout.map((k) => {
      const shards = physicalShards(svc.config.databasePrefix, database.organization, database.name, branch.name, k);
      return { name: k.name, databases: shards.map((s) => s.database), shards: shards.map((s) => s.shard), vschema: routingVSchema(svc, k) };
    }),
  };
  // last_used_at is bookkeeping: the connection does not wait for its write.
  void passwords.touchPassword(svc.metadata, password.id).catch(() => undefined);
  return {
    username, role: password.role, branch: route,
    expiresAt: password.expiresAt ? new Date(password.expiresAt) : null,
    verifiers: [
      { kind: 'mysql_native_password', stage2: Buffer.from(password.nativeStage2, 'hex') },
      { kind: 'caching_sha2_password', stage2: Buffer.from(password.sha2Stage2, 'hex') },
    ],
  };
}
