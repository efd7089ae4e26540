// Every provider state the pacts use, written once against a World. A state returns the values the
// verifier injects into the interaction's request (`${organization}`, `${database}`, `${number}`...),
// so the same pact runs against LocalScale (where they are the examples' `acme`, `shop`, `1`) and
// against PlanetScale (where they are whatever the run created).
import { isPlanetScaleError, settledDeploymentStates, type DeploymentState } from '@localscale/sdk';
import { baseTable, type World } from './world.js';

export type Injected = Record<string, string | number>;

export interface StateDefinition {
  /** The LocalScale operations the setup calls: while one answers 501 its interactions are skipped. */
  readonly uses: readonly string[];
  setup(world: World): Promise<Injected>;
}

const databaseOps = ['list_databases', 'delete_database', 'create_database', 'list_keyspaces', 'disable_safe_migrations', 'enable_safe_migrations', 'localscale_apply_branch_schema'];
const branchOps = [...databaseOps, 'create_branch', 'get_branch'];
const deployOps = [...branchOps, 'create_deploy_request', 'get_deploy_request'];

async function database(world: World) {
  const { database, keyspace } = await world.database();
  return { organization: world.organization, database, keyspace };
}

async function branchWithColumn(world: World) {
  const base = await database(world);
  const branch = await world.branch(base.database);
  const column = world.schemaName('note');
  await world.alter(base.database, branch, base.keyspace, [baseTable.addColumn(column)]);
  return { ...base, branch, column };
}

/** A development branch promoted to production; demoted again at cleanup so that it can be deleted. */
async function productionBranch(world: World, options: { safeMigrations: boolean }) {
  const { organization, sdk } = world;
  const base = await database(world);
  const branch = await world.branch(base.database);
  await sdk.branches.promote(organization, base.database, branch);
  world.undo(`demote branch ${branch}`, async () => {
    const current = await sdk.branches.get(organization, base.database, branch);
    if (current.safe_migrations) await sdk.branches.disableSafeMigrations(organization, base.database, branch);
    if (current.production) await sdk.branches.demote(organization, base.database, branch);
  });
  if (options.safeMigrations) await sdk.branches.enableSafeMigrations(organization, base.database, branch);
  return { ...base, branch };
}

/** Waits for one of `target`, failing as soon as the deployment settles anywhere else. */
async function reach(world: World, database: string, number: number, target: readonly DeploymentState[]) {
  const dr = await world.sdk.waitForDeployRequest(world.organization, database, number, {
    ...world.poll, until: (d) => target.includes(d.deployment_state) || settledDeploymentStates.includes(d.deployment_state),
  });
  if (!target.includes(dr.deployment_state)) {
    throw new Error(`deploy request ${number} reached ${dr.deployment_state}, expected ${target.join(' or ')}`);
  }
  return dr;
}

/** Settled deployment states that hold up the database's deploy queue, and the action that ends each. */
const blocking: Partial<Record<DeploymentState, 'skipRevert' | 'completeDeploy' | 'cancel'>> = {
  complete_pending_revert: 'skipRevert', complete_error: 'completeDeploy', complete_revert_error: 'completeDeploy', pending_cutover: 'cancel',
};

/** Leaves a deploy request closed and the deploy queue free (states that share a database). */
async function settle(world: World, database: string, number: number) {
  const { organization, sdk } = world;
  for (let round = 0; round < 5; round++) {
    const dr = await sdk.waitForDeployRequest(organization, database, number, world.poll);
    const action = blocking[dr.deployment_state];
    if (!action) {
      if (dr.state === 'open') await sdk.deployRequests.close(organization, database, number);
      return;
    }
    await sdk.deployRequests[action](organization, database, number);
  }
  throw new Error(`deploy request ${number} kept blocking the deploy queue`);
}

/** A deploy request of a branch adding one column, into `main`, ready to deploy. */
async function readyDeployRequest(world: World, options: { autoCutover?: boolean } = {}) {
  const base = await branchWithColumn(world);
  const dr = await world.sdk.deployRequests.create(world.organization, base.database, {
    branch: base.branch, into_branch: 'main', notes: 'Adds a column', auto_cutover: options.autoCutover ?? false,
  });
  world.undo(`settle deploy request ${dr.number}`, () => settle(world, base.database, dr.number));
  await reach(world, base.database, dr.number, ['ready']);
  return { ...base, number: dr.number };
}

async function deployedTo(world: World, target: DeploymentState, autoCutover: boolean) {
  const dr = await readyDeployRequest(world, { autoCutover });
  await world.sdk.deployRequests.deploy(world.organization, dr.database, dr.number);
  await reach(world, dr.database, dr.number, [target]);
  return dr;
}

/** Cleanup of something an interaction may have removed already. */
const gone = (kind: 'not_found' | 'forbidden') => (err: unknown) => { if (!isPlanetScaleError(err, kind)) throw err; };

/** A webhook of the database pointed at an HTTPS address; removed at cleanup. */
async function databaseWithWebhook(world: World) {
  const base = await database(world);
  const hook = await world.sdk.webhooks.create(world.organization, base.database, { url: 'https://hooks.example.com/planetscale', events: ['deploy_request.opened'] });
  world.undo(`delete webhook ${hook.id}`, () => world.sdk.webhooks.delete(world.organization, base.database, hook.id).catch(gone('not_found')));
  return { ...base, id: hook.id };
}

/** A service token of the organization (with `read_branch` on the database when asked); deleted at cleanup. */
async function serviceToken(world: World, options: { onDatabase?: boolean } = {}) {
  const base = options.onDatabase ? await database(world) : { organization: world.organization };
  const token = await world.sdk.serviceTokens.create(world.organization, { name: 'pact' });
  // An interaction may have deleted it already: PlanetScale then answers 403 for the id.
  world.undo(`delete service token ${token.id}`, () => world.sdk.serviceTokens.delete(world.organization, token.id).catch(gone('forbidden')));
  if ('database' in base) await world.sdk.serviceTokens.addAccess(world.organization, token.id, { database: base.database, access: ['read_branch'] });
  return { ...base, id: token.id };
}

export const stateCatalog: Record<string, StateDefinition> = {
  'an organization': {
    uses: [],
    setup: async (world) => ({ organization: world.organization }),
  },
  'a database': {
    uses: databaseOps,
    setup: database,
  },
  'a database whose deployments run at full speed': {
    uses: databaseOps,
    setup: async (world) => {
      const base = await database(world);
      world.undo('unthrottle the database', () => world.sdk.databases.updateThrottler(world.organization, base.database, { ratio: 0 }));
      return base;
    },
  },
  'a database and a branch name that is not taken': {
    uses: databaseOps,
    setup: async (world) => {
      const base = await database(world);
      return { ...base, branch: await world.unusedBranchName(base.database) };
    },
  },
  'a database name that is not taken': {
    uses: ['list_databases', 'delete_database'],
    setup: async (world) => ({ organization: world.organization, name: await world.unusedDatabaseName() }),
  },
  'a database that may be deleted': {
    uses: ['list_databases', 'delete_database', 'create_database', 'list_keyspaces'],
    setup: async (world) => ({ organization: world.organization, database: await world.disposableDatabase() }),
  },
  'a ready development branch feature': {
    uses: branchOps,
    setup: async (world) => {
      const base = await database(world);
      return { ...base, branch: await world.branch(base.database) };
    },
  },
  'two ready development branches feature and other': {
    uses: branchOps,
    setup: async (world) => {
      const base = await database(world);
      return { ...base, branch: await world.branch(base.database), other: await world.branch(base.database) };
    },
  },
  'a ready branch feature with one added column': {
    uses: branchOps,
    setup: branchWithColumn,
  },
  'a branch feature promoted to production': {
    uses: [...branchOps, 'promote_branch'],
    setup: (world) => productionBranch(world, { safeMigrations: false }),
  },
  'a production branch feature with safe migrations on': {
    uses: [...branchOps, 'promote_branch', 'enable_safe_migrations'],
    setup: (world) => productionBranch(world, { safeMigrations: true }),
  },
  'a password with a TTL on branch feature': {
    uses: [...branchOps, 'create_password'],
    setup: async (world) => {
      const base = await database(world);
      const branch = await world.branch(base.database);
      const password = await world.sdk.passwords.create(world.organization, base.database, branch, { name: 'ci', role: 'readwriter', ttl: 3600 });
      return { ...base, branch, id: password.id };
    },
  },
  'deploy request 1 is open and ready to deploy': {
    uses: deployOps,
    setup: (world) => readyDeployRequest(world),
  },
  'deploy request 1 is closed': {
    uses: [...deployOps, 'close_deploy_request'],
    setup: async (world) => {
      const dr = await readyDeployRequest(world);
      await world.sdk.deployRequests.close(world.organization, dr.database, dr.number);
      return dr;
    },
  },
  'deploy request 1 has a review comment': {
    uses: [...deployOps, 'review_deploy_request'],
    setup: async (world) => {
      const dr = await readyDeployRequest(world);
      await world.sdk.deployRequests.review(world.organization, dr.database, dr.number, { state: 'commented', body: 'Looks reasonable' });
      return dr;
    },
  },
  'deploy request 1 needs an approving review': {
    // LocalScale takes the approval setting from its configuration or, here, its metadata.
    uses: [...deployOps, 'admin_metadata_query'],
    setup: async (world) => {
      const dr = await readyDeployRequest(world);
      await world.requireApproval(dr.database);
      return dr;
    },
  },
  'deploy request 1 is in pending_cutover': {
    uses: [...deployOps, 'queue_deploy_request'],
    setup: (world) => deployedTo(world, 'pending_cutover', false),
  },
  'a database with a webhook': {
    uses: [...databaseOps, 'create_webhook'],
    setup: databaseWithWebhook,
  },
  'a webhook that was sent a test event': {
    uses: [...databaseOps, 'create_webhook', 'test_webhook'],
    setup: async (world) => {
      const base = await databaseWithWebhook(world);
      await world.sdk.webhooks.test(world.organization, base.database, base.id);
      return base;
    },
  },
  'a service token': {
    uses: ['create_service_token'],
    setup: (world) => serviceToken(world),
  },
  'a service token with read_branch on the database': {
    uses: [...databaseOps, 'create_service_token', 'add_service_token_access'],
    setup: (world) => serviceToken(world, { onDatabase: true }),
  },
  'deploy request 1 is in its revert window': {
    uses: [...deployOps, 'queue_deploy_request'],
    setup: (world) => deployedTo(world, 'complete_pending_revert', true),
  },
};
