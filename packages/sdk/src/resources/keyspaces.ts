import type { PlanetScaleApi } from '../api.js';
import type { BodyOf, Keyspace, QueryOf, Schema, VSchema } from '../types.js';
import { unwrap } from '../unwrap.js';

const one = '/organizations/{organization}/databases/{database}/branches/{branch}/keyspaces/{keyspace}';
const at = (organization: string, database: string, branch: string, keyspace: string) =>
  ({ params: { path: { organization, database, branch, keyspace } } });

export const keyspaces = (api: PlanetScaleApi) => ({
  list: (organization: string, database: string, branch: string, query?: QueryOf<'list_keyspaces'>): Promise<Schema<'PaginatedKeyspace'>> =>
    unwrap(api.GET('/organizations/{organization}/databases/{database}/branches/{branch}/keyspaces', { params: { path: { organization, database, branch }, query } })),
  get: (organization: string, database: string, branch: string, keyspace: string): Promise<Keyspace> =>
    unwrap(api.GET(one, at(organization, database, branch, keyspace))),
  vschema: (organization: string, database: string, branch: string, keyspace: string): Promise<VSchema> =>
    unwrap(api.GET(`${one}/vschema`, at(organization, database, branch, keyspace))),
  updateVSchema: (organization: string, database: string, branch: string, keyspace: string, body: BodyOf<'update_keyspace_vschema'>): Promise<VSchema> =>
    unwrap(api.PATCH(`${one}/vschema`, { ...at(organization, database, branch, keyspace), body })),
});
