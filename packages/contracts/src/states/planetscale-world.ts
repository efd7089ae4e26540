// Provider states on real PlanetScale, driven through the SDK. PlanetScale databases take minutes to
// create, so one database serves the whole run (PLANETSCALE_CONTRACTS_DATABASE names an existing one;
// otherwise the run creates `pact-<run>` and deletes it at the end). Every branch, password, deploy
// request and database a state makes is removed after its interaction. Schema changes go over a MySQL
// connection with a short-lived branch password, as PlanetScale users do.
import { createConnection } from 'mysql2/promise';
import { createPlanetScaleClient, isPlanetScaleError, type PlanetScaleClient } from '@localscale/sdk';
import { baseTable, Undo, type DatabaseFixture, type World } from './world.js';

export interface PlanetScaleWorldOptions {
  organization: string;
  credentials: { serviceTokenId: string; serviceToken: string };
  /** A unique id for this run; it prefixes every name the run creates. */
  runId: string;
  /** Use this existing database instead of creating one. */
  database?: string;
  /** Cluster size of the databases the run creates (default PS_10). */
  clusterSize?: string;
  /** API root (default PlanetScale's). */
  baseUrl?: string;
}

const ignoreNotFound = (err: unknown) => { if (!isPlanetScaleError(err, 'not_found')) throw err; };

async function waitForDatabaseReady(sdk: PlanetScaleClient, organization: string, database: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const db = await sdk.databases.get(organization, database);
    if (db.ready) return;
    if (Date.now() > deadline) throw new Error(`database ${database} was not ready after ${timeoutMs} ms (state ${db.state})`);
    await new Promise((resolve) => setTimeout(resolve, 10_000));
  }
}

export function planetScaleWorld(options: PlanetScaleWorldOptions): World {
  const { organization, runId } = options;
  const sdk = createPlanetScaleClient({ baseUrl: options.baseUrl, ...options.credentials });
  const undo = new Undo();
  const poll = { intervalMs: 5_000, timeoutMs: 30 * 60_000 };
  let counter = 0;
  const unique = (base: string) => `${base}-${runId}-${++counter}`;
  let shared: Promise<DatabaseFixture> | undefined;
  let createdShared: string | undefined;

  /** Runs SQL on a branch over a MySQL connection opened with a password made for the purpose. */
  const sql = async (database: string, branch: string, keyspace: string, statements: { sql: string; args?: unknown[] }[]) => {
    const password = await sdk.passwords.create(organization, database, branch, { name: unique('pact'), role: 'admin', ttl: 3600 });
    try {
      const connection = await createConnection({
        host: password.access_host_url, user: password.username, password: password.plain_text ?? '', database: keyspace,
        ssl: { rejectUnauthorized: true },
      });
      try {
        for (const s of statements) await connection.query(s.sql, s.args);
      } finally {
        await connection.end();
      }
    } finally {
      await sdk.passwords.delete(organization, database, branch, password.id).catch(ignoreNotFound);
    }
  };

  const prepareShared = async (): Promise<DatabaseFixture> => {
    let database = options.database;
    if (!database) {
      database = `pact-${runId}`;
      await sdk.databases.create(organization, { name: database, cluster_size: options.clusterSize ?? 'PS_10' });
      createdShared = database;
      await waitForDatabaseReady(sdk, organization, database, poll.timeoutMs);
    }
    const keyspace = (await sdk.keyspaces.list(organization, database, 'main')).data[0]?.name;
    if (!keyspace) throw new Error(`database ${database} has no keyspace on main`);
    // The base table goes straight onto main, which needs safe migrations off for a moment; deploy
    // requests need main to be a production branch with safe migrations on.
    const main = await sdk.branches.get(organization, database, 'main');
    if (!main.production) await sdk.branches.promote(organization, database, 'main');
    if (main.safe_migrations) await sdk.branches.disableSafeMigrations(organization, database, 'main');
    await sql(database, 'main', keyspace, [{ sql: baseTable.create.replace('CREATE TABLE', 'CREATE TABLE IF NOT EXISTS') }]);
    await sdk.branches.enableSafeMigrations(organization, database, 'main');
    return { database, keyspace };
  };

  return {
    target: 'planetscale',
    organization,
    sdk,
    poll,
    schemaName: (base) => `${base}_${runId}_${++counter}`.replace(/-/g, '_'),
    undo: (what, step) => undo.push(what, step),

    database: () => (shared ??= prepareShared()),
    async unusedDatabaseName() {
      const name = unique('pact-new');
      undo.push(`delete database ${name}`, () => sdk.databases.delete(organization, name).catch(ignoreNotFound));
      return name;
    },
    async disposableDatabase() {
      const name = unique('pact-disposable');
      await sdk.databases.create(organization, { name, cluster_size: options.clusterSize ?? 'PS_10' });
      undo.push(`delete database ${name}`, () => sdk.databases.delete(organization, name).catch(ignoreNotFound));
      await waitForDatabaseReady(sdk, organization, name, poll.timeoutMs);
      return name;
    },
    async unusedBranchName(database) {
      const name = unique('pact');
      undo.push(`delete branch ${name}`, () => sdk.branches.delete(organization, database, name).catch(ignoreNotFound));
      return name;
    },
    async branch(database) {
      const name = unique('pact');
      await sdk.branches.create(organization, database, { name, parent_branch: 'main' });
      undo.push(`delete branch ${name}`, () => sdk.branches.delete(organization, database, name).catch(ignoreNotFound));
      await sdk.waitForBranchReady(organization, database, name, poll);
      return name;
    },
    alter: (database, branch, keyspace, statements) => sql(database, branch, keyspace, statements.map((s) => ({ sql: s }))),
    async requireApproval(database) {
      // The database settings endpoint is PlanetScale's, outside the operations LocalScale serves.
      const patch = (enabled: boolean) => fetch(`${sdk.baseUrl}/organizations/${encodeURIComponent(organization)}/databases/${encodeURIComponent(database)}`, {
        method: 'PATCH',
        headers: { Authorization: `${options.credentials.serviceTokenId}:${options.credentials.serviceToken}`, 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ require_approval_for_deploy: enabled }),
      }).then(async (response) => { if (!response.ok) throw new Error(`PATCH database settings: ${response.status} ${await response.text()}`); });
      await patch(true);
      undo.push('stop requiring approvals', () => patch(false));
    },
    cleanup: () => undo.run(),
    async close() {
      await undo.run();
      if (createdShared) await sdk.databases.delete(organization, createdShared).catch(ignoreNotFound);
    },
  };
}
