import type { PlanetScaleApi } from '../api.js';
import type { BodyOf, QueryOf, Schema, ServiceToken } from '../types.js';
import { unwrap, unwrapEmpty } from '../unwrap.js';

const all = '/organizations/{organization}/service-tokens';
const one = '/organizations/{organization}/service-tokens/{id}';
const at = (organization: string, id: string) => ({ params: { path: { organization, id } } });

/** An organization's service tokens and their accesses (PlanetScale's access names, e.g. `read_branch`). */
export const serviceTokens = (api: PlanetScaleApi) => ({
  list: (organization: string, query?: QueryOf<'list_service_tokens'>): Promise<Schema<'PaginatedServiceToken'>> =>
    unwrap(api.GET(all, { params: { path: { organization }, query } })),
  /** The answer is the only time the plain `token` is sent. */
  create: (organization: string, body?: BodyOf<'create_service_token'>): Promise<ServiceToken> =>
    unwrap(api.POST(all, { params: { path: { organization } }, body })),
  get: (organization: string, id: string): Promise<ServiceToken> => unwrap(api.GET(one, at(organization, id))),
  delete: (organization: string, id: string): Promise<void> => unwrapEmpty(api.DELETE(one, at(organization, id))),
  /** Every access of the token, with the database (or organization) it is granted on. */
  accesses: (organization: string, id: string): Promise<Schema<'PaginatedServiceTokenAccess'>> => unwrap(api.GET(`${one}/access`, at(organization, id))),
  /** Grants accesses on `database`, or on the organization when `database` is left out. */
  addAccess: (organization: string, id: string, body: BodyOf<'add_service_token_access'>): Promise<Schema<'PaginatedServiceTokenAccess'>> =>
    unwrap(api.POST(`${one}/access`, { ...at(organization, id), body })),
  deleteAccess: (organization: string, id: string, body: BodyOf<'delete_service_token_access'>): Promise<void> =>
    unwrapEmpty(api.DELETE(`${one}/access`, { ...at(organization, id), body })),
  grants: (organization: string, id: string): Promise<Schema<'PaginatedServiceTokenGrant'>> => unwrap(api.GET(`${one}/grants`, at(organization, id))),
});
