// Provider states on an in-process LocalScale: each state starts from an empty organization, so the
// names in the pacts' examples (`shop`, `feature`, deploy request 1) are the real ones. State is set
// through the public API (the SDK) and LocalScale's compatibility endpoint for branch DDL; the admin
// endpoint only where PlanetScale's setting has no counterpart in LocalScale's API (requiring approvals).
import { createPlanetScaleClient, isPlanetScaleError } from '@localscale/sdk';
import { createLocalScaleAdminClient } from '@localscale/sdk/localscale';
import { baseTable, type DatabaseFixture, type World } from './world.js';

export interface LocalScaleWorldOptions {
  /** The server root (http://127.0.0.1:PORT). */
  url: string;
  organization: string;
  credentials: { serviceTokenId: string; serviceToken: string };
}

export const localNames = { database: 'shop', branch: 'feature', otherBranch: 'other' } as const;

export function localScaleWorld(options: LocalScaleWorldOptions): World {
  const { organization } = options;
  const sdk = createPlanetScaleClient({ baseUrl: `${options.url}/v1`, ...options.credentials, retry: false });
  const admin = createLocalScaleAdminClient({ baseUrl: options.url, ...options.credentials, retry: false });
  const branchNames = [localNames.branch, localNames.otherBranch];
  const poll = { intervalMs: 50, timeoutMs: 60_000 };
  let branchesMade = 0;

  /** Deletes every database of the organization: each state starts from nothing. */
  const reset = async () => {
    branchesMade = 0;
    const names: string[] = [];
    for await (const db of sdk.paginate((page) => sdk.databases.list(organization, { page, per_page: 100 }))) names.push(db.name);
    for (const name of names) {
      await sdk.databases.delete(organization, name).catch((err: unknown) => { if (!isPlanetScaleError(err, 'not_found')) throw err; });
    }
  };

  const createDatabase = async (name: string) => {
    await sdk.databases.create(organization, { name, cluster_size: 'PS_10' });
    const keyspaces = await sdk.keyspaces.list(organization, name, 'main');
    const keyspace = keyspaces.data[0]?.name;
    if (!keyspace) throw new Error(`database ${name} has no keyspace on main`);
    return keyspace;
  };

  return {
    target: 'localscale',
    organization,
    sdk,
    poll,
    schemaName: (base) => base,
    undo: () => undefined,

    async database(): Promise<DatabaseFixture> {
      await reset();
      const database = localNames.database;
      const keyspace = await createDatabase(database);
      // Direct DDL on a production branch needs safe migrations off, as on PlanetScale.
      await sdk.branches.disableSafeMigrations(organization, database, 'main');
      await admin.applyBranchSchema(organization, database, 'main', { ddl: { [keyspace]: [baseTable.create] } });
      await sdk.branches.enableSafeMigrations(organization, database, 'main');
      return { database, keyspace };
    },
    async unusedDatabaseName() {
      await reset();
      return localNames.database;
    },
    async disposableDatabase() {
      await reset();
      await createDatabase(localNames.database);
      return localNames.database;
    },
    async unusedBranchName() {
      return localNames.branch;
    },
    async branch(database) {
      const name = branchNames[branchesMade++];
      if (!name) throw new Error('a LocalScale state made more branches than it has names for');
      await sdk.branches.create(organization, database, { name, parent_branch: 'main' });
      await sdk.waitForBranchReady(organization, database, name, poll);
      return name;
    },
    async alter(database, branch, keyspace, statements) {
      await admin.applyBranchSchema(organization, database, branch, { ddl: { [keyspace]: statements } });
    },
    async requireApproval(database) {
      // LocalScale reads this setting from its configuration; PlanetScale's settings endpoint is not in its API.
      await admin.metadataQuery({
        query: 'UPDATE `databases` d JOIN `organizations` o ON o.`id` = d.`organization_id` SET d.`require_approval_for_deploy` = 1 WHERE o.`name` = ? AND d.`name` = ?',
        args: [organization, database],
      });
    },
    async cleanup() { /* the next state resets */ },
    async close() { await reset(); },
  };
}
