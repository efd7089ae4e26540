// Type-level tests, checked by the package's `tsc --noEmit` (typecheck target), never run. Each
// `@ts-expect-error` line must fail to compile, or tsc reports the directive as unused: so this file
// proves that wrong path parameters, missing required body fields and wrong enum values are rejected.
import { expectTypeOf } from 'vitest';
import type { Database, DeployOperation, DeployRequest, DeploymentState, Keyspace, PlanetScaleClient, PlanetScaleError, PlanetScaleErrorKind } from '../src/index.js';
import type { LocalScaleAdminClient } from '../src/localscale/index.js';

export async function lowLevelClient(ps: PlanetScaleClient) {
  const ok = await ps.api.GET('/organizations/{organization}/databases/{database}', { params: { path: { organization: 'acme', database: 'shop' } } });
  expectTypeOf(ok.data).toEqualTypeOf<Database | undefined>();

  // @ts-expect-error a required path parameter is missing
  await ps.api.GET('/organizations/{organization}/databases/{database}', { params: { path: { organization: 'acme' } } });
  // @ts-expect-error a deploy request number is a number, not a string
  await ps.api.GET('/organizations/{organization}/databases/{database}/deploy-requests/{number}', { params: { path: { organization: 'acme', database: 'shop', number: '7' } } });
  // @ts-expect-error a path the spec does not declare
  await ps.api.GET('/organizations/{organization}/clusters', { params: { path: { organization: 'acme' } } });
  // @ts-expect-error a method the path does not have
  await ps.api.PUT('/organizations/{organization}', { params: { path: { organization: 'acme' } } });
  // @ts-expect-error params are required when the path has parameters
  await ps.api.GET('/organizations/{organization}');

  // @ts-expect-error the required `cluster_size` is missing
  await ps.api.POST('/organizations/{organization}/databases', { params: { path: { organization: 'acme' } }, body: { name: 'shop' } });
  // @ts-expect-error the body of create_database is required
  await ps.api.POST('/organizations/{organization}/databases', { params: { path: { organization: 'acme' } } });
  // @ts-expect-error closing takes `state: "closed"` and nothing else
  await ps.api.PATCH('/organizations/{organization}/databases/{database}/deploy-requests/{number}', { params: { path: { organization: 'a', database: 'b', number: 1 } }, body: { state: 'open' } });
  // @ts-expect-error `deployed` is a filter value, `merged` is no value at all
  await ps.api.GET('/organizations/{organization}/databases/{database}/deploy-requests', { params: { path: { organization: 'a', database: 'b' }, query: { state: 'merged' } } });
}

export async function resourceLayer(ps: PlanetScaleClient) {
  expectTypeOf(await ps.databases.get('acme', 'shop')).toEqualTypeOf<Database>();
  expectTypeOf(await ps.deployRequests.deploy('acme', 'shop', 7)).toEqualTypeOf<DeployRequest>();
  expectTypeOf(await ps.databases.delete('acme', 'shop')).toEqualTypeOf<void>();
  expectTypeOf((await ps.deployRequests.get('acme', 'shop', 7)).deployment_state).toEqualTypeOf<DeploymentState>();
  expectTypeOf((await ps.keyspaces.list('acme', 'shop', 'main')).data).toEqualTypeOf<Keyspace[]>();

  // @ts-expect-error wrong type of path parameter
  await ps.deployRequests.deploy('acme', 'shop', '7');
  // @ts-expect-error a missing path parameter
  await ps.branches.get('acme', 'shop');
  // @ts-expect-error the required `cluster_size` is missing
  await ps.databases.create('acme', { name: 'shop' });
  // @ts-expect-error the required `branch` (the head branch) is missing
  await ps.deployRequests.create('acme', 'shop', { into_branch: 'main' });
  // @ts-expect-error a review needs a `state`
  await ps.deployRequests.review('acme', 'shop', 7, { body: 'lgtm' });
  // @ts-expect-error password roles are reader, writer, readwriter and admin
  await ps.passwords.create('acme', 'shop', 'main', { role: 'owner' });
  // @ts-expect-error review states are commented and approved
  await ps.deployRequests.review('acme', 'shop', 7, { state: 'rejected' });
  // @ts-expect-error `kind` is mysql or postgresql
  await ps.databases.create('acme', { name: 'shop', cluster_size: 'PS_10', kind: 'oracle' });
  // @ts-expect-error list filters are typed too
  await ps.branches.list('acme', 'shop', { order: 'sideways' });
  // @ts-expect-error a ratio is a number
  await ps.deployRequests.throttle('acme', 'shop', 7, { ratio: 'high' });
}

export async function paginationAndWaiters(ps: PlanetScaleClient) {
  for await (const db of ps.paginate('/organizations/{organization}/databases', { params: { path: { organization: 'acme' } } })) {
    expectTypeOf(db).toEqualTypeOf<Database>();
  }
  // @ts-expect-error the organization path parameter is required
  ps.paginate('/organizations/{organization}/databases');
  // @ts-expect-error only paginated lists can be paginated
  ps.paginate('/organizations/{organization}/databases/{database}', { params: { path: { organization: 'a', database: 'b' } } });

  await ps.waitForDeployRequest('acme', 'shop', 7, {
    until: ['complete', 'complete_pending_revert'],
    onProgress: (p) => {
      expectTypeOf(p.deployment_state).toEqualTypeOf<DeploymentState>();
      expectTypeOf(p.operations).toEqualTypeOf<DeployOperation[]>();
    },
  });
  // @ts-expect-error `done` is not a deployment state
  await ps.waitForDeployRequest('acme', 'shop', 7, { until: ['done'] });
  await ps.waitForDeployRequest('acme', 'shop', 7, { until: (dr) => dr.approved });
}

export function errors(error: PlanetScaleError) {
  expectTypeOf(error.kind).toEqualTypeOf<PlanetScaleErrorKind>();
  // @ts-expect-error kinds are a closed set
  const kind: PlanetScaleErrorKind = 'teapot';
  return kind;
}

export async function localscaleSurface(admin: LocalScaleAdminClient) {
  expectTypeOf((await admin.health()).status).toEqualTypeOf<'ok'>();
  // @ts-expect-error seed-ddl needs the keyspace it targets
  await admin.seedDdl({ org: 'acme', database: 'shop', statements: [], strategy: 'direct' });
  // @ts-expect-error the compatibility throttle takes `throttle_ratio`
  await admin.throttleDeployRequest('acme', 'shop', 1, { ratio: 0.5 });
}
