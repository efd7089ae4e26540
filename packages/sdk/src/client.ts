// The PlanetScale client: the typed low-level API (`api`), a thin resource layer named after
// PlanetScale's operations, pagination and waiters. The same code talks to https://api.planetscale.com/v1
// and to LocalScale (`http://127.0.0.1:8080/v1`).
import createClient from 'openapi-fetch';
import type { PlanetScaleApi } from './api.js';
import type { paths } from './generated/planetscale.js';
import { connection, env, type ConnectionOptions } from './options.js';
import { createPaginate, type Paginate } from './pagination.js';
import { branches } from './resources/branches.js';
import { databases } from './resources/databases.js';
import { deployRequests } from './resources/deploy-requests.js';
import { keyspaces } from './resources/keyspaces.js';
import { organizations } from './resources/organizations.js';
import { passwords } from './resources/passwords.js';
import { serviceTokens } from './resources/service-tokens.js';
import { webhooks } from './resources/webhooks.js';
import { createWaiters } from './waiters.js';

export const defaultBaseUrl = 'https://api.planetscale.com/v1';

export interface PlanetScaleClientOptions extends ConnectionOptions {
  /** API root; defaults to PlanetScale's. For LocalScale: `http://127.0.0.1:8080/v1`. */
  baseUrl?: string;
  /** Default organization, offered as `client.organization`; default PLANETSCALE_ORG. */
  organization?: string;
}

export interface PlanetScaleClient extends ReturnType<typeof createWaiters> {
  /** The low-level client: every path, parameter and body typed from the spec (openapi-fetch). */
  readonly api: PlanetScaleApi;
  readonly baseUrl: string;
  /** The organization from the options or PLANETSCALE_ORG, if any. */
  readonly organization: string | undefined;
  readonly organizations: ReturnType<typeof organizations>;
  readonly databases: ReturnType<typeof databases>;
  readonly branches: ReturnType<typeof branches>;
  readonly keyspaces: ReturnType<typeof keyspaces>;
  readonly passwords: ReturnType<typeof passwords>;
  readonly deployRequests: ReturnType<typeof deployRequests>;
  readonly webhooks: ReturnType<typeof webhooks>;
  readonly serviceTokens: ReturnType<typeof serviceTokens>;
  /** `for await (const db of client.paginate('/organizations/{organization}/databases', { params: { path: { organization } } }))` */
  readonly paginate: Paginate;
}

export function createPlanetScaleClient(options: PlanetScaleClientOptions = {}): PlanetScaleClient {
  const { baseUrl, headers, fetch } = connection(options, defaultBaseUrl);
  const api = createClient<paths, 'application/json'>({ baseUrl, headers, fetch });
  return {
    api,
    baseUrl,
    organization: options.organization ?? env('PLANETSCALE_ORG'),
    organizations: organizations(api),
    databases: databases(api),
    branches: branches(api),
    keyspaces: keyspaces(api),
    passwords: passwords(api),
    deployRequests: deployRequests(api),
    webhooks: webhooks(api),
    serviceTokens: serviceTokens(api),
    paginate: createPaginate(api),
    ...createWaiters(api),
  };
}
