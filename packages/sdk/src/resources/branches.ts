import type { PlanetScaleApi } from '../api.js';
import type { Branch, BodyOf, QueryOf, Schema } from '../types.js';
import { unwrap, unwrapEmpty } from '../unwrap.js';

const all = '/organizations/{organization}/databases/{database}/branches';
const one = '/organizations/{organization}/databases/{database}/branches/{branch}';
const at = (organization: string, database: string, branch: string) => ({ params: { path: { organization, database, branch } } });

export const branches = (api: PlanetScaleApi) => ({
  list: (organization: string, database: string, query?: QueryOf<'list_branches'>): Promise<Schema<'PaginatedBranch'>> =>
    unwrap(api.GET(all, { params: { path: { organization, database }, query } })),
  get: (organization: string, database: string, branch: string): Promise<Branch> => unwrap(api.GET(one, at(organization, database, branch))),
  create: (organization: string, database: string, body: BodyOf<'create_branch'>): Promise<Branch> =>
    unwrap(api.POST(all, { params: { path: { organization, database } }, body })),
  delete: (organization: string, database: string, branch: string, query?: QueryOf<'delete_branch'>): Promise<void> =>
    unwrapEmpty(api.DELETE(one, { params: { path: { organization, database, branch }, query } })),
  promote: (organization: string, database: string, branch: string): Promise<Branch> =>
    unwrap(api.POST(`${one}/promote`, at(organization, database, branch))),
  demote: (organization: string, database: string, branch: string): Promise<Branch> =>
    unwrap(api.POST(`${one}/demote`, at(organization, database, branch))),
  enableSafeMigrations: (organization: string, database: string, branch: string): Promise<Branch> =>
    unwrap(api.POST(`${one}/safe-migrations`, at(organization, database, branch))),
  disableSafeMigrations: (organization: string, database: string, branch: string): Promise<Branch> =>
    unwrap(api.DELETE(`${one}/safe-migrations`, at(organization, database, branch))),
  schema: (organization: string, database: string, branch: string, query?: QueryOf<'get_branch_schema'>): Promise<Schema<'TableSchemaList'>> =>
    unwrap(api.GET(`${one}/schema`, { params: { path: { organization, database, branch }, query } })),
  lintSchema: (organization: string, database: string, branch: string, query?: QueryOf<'lint_branch_schema'>): Promise<Schema<'PaginatedSchemaLintError'>> =>
    unwrap(api.GET(`${one}/schema/lint`, { params: { path: { organization, database, branch }, query } })),
});
