import type { PlanetScaleApi } from '../api.js';
import type { Organization, QueryOf, Schema } from '../types.js';
import { unwrap } from '../unwrap.js';

export const organizations = (api: PlanetScaleApi) => ({
  list: (query?: QueryOf<'list_organizations'>): Promise<Schema<'PaginatedOrganization'>> =>
    unwrap(api.GET('/organizations', { params: { query } })),
  get: (organization: string): Promise<Organization> =>
    unwrap(api.GET('/organizations/{organization}', { params: { path: { organization } } })),
});
