import type { PlanetScaleApi } from '../api.js';
import type { BodyOf, Database, QueryOf, Schema, ThrottlerConfigurations } from '../types.js';
import { unwrap, unwrapEmpty } from '../unwrap.js';

const all = '/organizations/{organization}/databases';
const one = '/organizations/{organization}/databases/{database}';
const at = (organization: string, database: string) => ({ params: { path: { organization, database } } });

export const databases = (api: PlanetScaleApi) => ({
  list: (organization: string, query?: QueryOf<'list_databases'>): Promise<Schema<'PaginatedDatabase'>> =>
    unwrap(api.GET(all, { params: { path: { organization }, query } })),
  get: (organization: string, database: string): Promise<Database> => unwrap(api.GET(one, at(organization, database))),
  create: (organization: string, body: BodyOf<'create_database'>): Promise<Database> =>
    unwrap(api.POST(all, { params: { path: { organization } }, body })),
  delete: (organization: string, database: string): Promise<void> => unwrapEmpty(api.DELETE(one, at(organization, database))),
  throttler: (organization: string, database: string): Promise<ThrottlerConfigurations> =>
    unwrap(api.GET(`${one}/throttler`, at(organization, database))),
  updateThrottler: (organization: string, database: string, body: BodyOf<'update_database_throttler'>): Promise<ThrottlerConfigurations> =>
    unwrap(api.PATCH(`${one}/throttler`, { ...at(organization, database), body })),
});
