import type { PlanetScaleApi } from '../api.js';
import type { BodyOf, Password, QueryOf, Schema } from '../types.js';
import { unwrap, unwrapEmpty } from '../unwrap.js';

const all = '/organizations/{organization}/databases/{database}/branches/{branch}/passwords';
const one = '/organizations/{organization}/databases/{database}/branches/{branch}/passwords/{id}';
const at = (organization: string, database: string, branch: string, id: string) => ({ params: { path: { organization, database, branch, id } } });

export const passwords = (api: PlanetScaleApi) => ({
  list: (organization: string, database: string, branch: string, query?: QueryOf<'list_passwords'>): Promise<Schema<'PaginatedPassword'>> =>
    unwrap(api.GET(all, { params: { path: { organization, database, branch }, query } })),
  /** The answer is the only time `plain_text` (the secret) is sent. */
  create: (organization: string, database: string, branch: string, body?: BodyOf<'create_password'>): Promise<Password> =>
    unwrap(api.POST(all, { params: { path: { organization, database, branch } }, body })),
  get: (organization: string, database: string, branch: string, id: string): Promise<Password> =>
    unwrap(api.GET(one, at(organization, database, branch, id))),
  update: (organization: string, database: string, branch: string, id: string, body: BodyOf<'update_password'>): Promise<Password> =>
    unwrap(api.PATCH(one, { ...at(organization, database, branch, id), body })),
  delete: (organization: string, database: string, branch: string, id: string): Promise<void> =>
    unwrapEmpty(api.DELETE(one, at(organization, database, branch, id))),
  renew: (organization: string, database: string, branch: string, id: string): Promise<Password> =>
    unwrap(api.POST(`${one}/renew`, at(organization, database, branch, id))),
});
