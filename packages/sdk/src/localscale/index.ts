// `@localscale/sdk/localscale`: a typed client for the LocalScale-only surface (health, /admin test
// helpers, upstream compatibility endpoints). Kept out of the main entry point: code written for real
// PlanetScale never needs it.
import createClient, { type Client } from 'openapi-fetch';
import type { components, operations, paths } from '../generated/localscale.js';
import { connection, type ConnectionOptions } from '../options.js';
import { unwrap } from '../unwrap.js';

type Schemas = components['schemas'];

export type LocalScaleApi = Client<paths, 'application/json'>;
export type { paths as localscalePaths, components as localscaleComponents, operations as localscaleOperations } from '../generated/localscale.js';

export const defaultLocalScaleUrl = 'http://127.0.0.1:8080';

export interface LocalScaleAdminClientOptions extends ConnectionOptions {
  /** The server root (not the `/v1` API root, which is also accepted). Default http://127.0.0.1:8080. */
  baseUrl?: string;
}

export interface LocalScaleAdminClient {
  readonly api: LocalScaleApi;
  readonly baseUrl: string;
  health(): Promise<Schemas['LocalScaleHealth']>;
  seedDdl(body: Schemas['AdminSeedDdlRequest']): Promise<Schemas['AdminSeedDdlResult']>;
  seedVSchema(body: Schemas['AdminSeedVSchemaRequest']): Promise<Schemas['AdminOk']>;
  vtgateExec(body: Schemas['AdminVtgateExecRequest']): Promise<Schemas['AdminQueryResult']>;
  metadataQuery(body: Schemas['AdminMetadataQueryRequest']): Promise<Schemas['AdminQueryResult']>;
  branchDbQuery(body: Schemas['AdminBranchDbQueryRequest']): Promise<Schemas['AdminQueryResult']>;
  resetState(): Promise<Schemas['AdminOk']>;
  tlsCerts(): Promise<Schemas['AdminTlsCerts']>;
  /** Recent webhook deliveries, newest first, with every attempt (status, duration, error). */
  webhookDeliveries(query?: NonNullable<operations['admin_webhook_deliveries']['parameters']['query']>): Promise<Schemas['AdminWebhookDeliveries']>;
  applyBranchSchema(organization: string, database: string, branch: string, body: Schemas['ApplyBranchSchemaRequest']): Promise<Schemas['ApplyBranchSchemaResult']>;
  refreshBranchSchema(organization: string, database: string, branch: string): Promise<Schemas['RefreshBranchSchemaResult']>;
  /** Upstream LocalScale's throttle (a 0..0.95 fraction); PlanetScale's own is `deployRequests.throttle`. */
  throttleDeployRequest(organization: string, database: string, number: number, body: Schemas['ThrottleDeployRequestBody']): Promise<Schemas['ThrottleDeployRequestResult']>;
}

export function createLocalScaleAdminClient(options: LocalScaleAdminClientOptions = {}): LocalScaleAdminClient {
  const conn = connection(options, defaultLocalScaleUrl);
  // The paths of this surface start at the server root (/health, /admin, /v1/...); LocalScale prints the
  // API root, so a pasted `.../v1` is accepted too.
  const baseUrl = conn.baseUrl.replace(/\/v1$/, '');
  const api = createClient<paths, 'application/json'>({ ...conn, baseUrl });
  const branch = (organization: string, database: string, branch: string) => ({ params: { path: { organization, database, branch } } });
  return {
    api,
    baseUrl,
    health: () => unwrap(api.GET('/health')),
    seedDdl: (body) => unwrap(api.POST('/admin/seed-ddl', { body })),
    seedVSchema: (body) => unwrap(api.POST('/admin/seed-vschema', { body })),
    vtgateExec: (body) => unwrap(api.POST('/admin/vtgate-exec', { body })),
    metadataQuery: (body) => unwrap(api.POST('/admin/metadata-query', { body })),
    branchDbQuery: (body) => unwrap(api.POST('/admin/branch-db-query', { body })),
    resetState: () => unwrap(api.POST('/admin/reset-state')),
    tlsCerts: () => unwrap(api.GET('/admin/tls-certs')),
    webhookDeliveries: (query) => unwrap(api.GET('/admin/webhook-deliveries', { params: { query } })),
    applyBranchSchema: (organization, database, name, body) =>
      unwrap(api.POST('/v1/organizations/{organization}/databases/{database}/branches/{branch}/schema', { ...branch(organization, database, name), body })),
    refreshBranchSchema: (organization, database, name) =>
      unwrap(api.POST('/v1/organizations/{organization}/databases/{database}/branches/{branch}/refresh-schema', branch(organization, database, name))),
    throttleDeployRequest: (organization, database, number, body) =>
      unwrap(api.PUT('/v1/organizations/{organization}/databases/{database}/deploy-requests/{number}/throttle', { params: { path: { organization, database, number } }, body })),
  };
}
