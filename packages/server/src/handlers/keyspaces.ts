import { keyspaces, type KeyspaceRecord } from '@localscale/mysql';
import type { Handlers } from '../http/operation-types.js';
import { presentKeyspace } from '../presenters/keyspace.js';
import { enc, linksFor } from '../presenters/links.js';
import { envelope, pageFrom } from '../presenters/pagination.js';
import type { Services } from '../services/context.js';
import { resolveBranch, resolveKeyspace } from '../services/resolve.js';

/** PlanetScale's default keyspace is the one named after the database; otherwise the first by name. */
const defaultKeyspace = (all: KeyspaceRecord[], database: string) =>
  (all.find((k) => k.name === database) ?? all[0])?.name;

export function keyspaceHandlers(svc: Services): Pick<Handlers, 'list_keyspaces' | 'get_keyspace'> {
  return {
    list_keyspaces: async ({ params, query, request }) => {
      const { database, branch } = await resolveBranch(svc, params.organization, params.database, params.branch);
      const page = pageFrom(query);
      // A branch has a handful of keyspaces: page in memory so the default can be computed over all.
      const { items: all } = await keyspaces.listKeyspaces(svc.metadata, branch.id);
      const def = defaultKeyspace(all, database.name);
      const items = all.slice((page.page - 1) * page.perPage, page.page * page.perPage);
      const url = `${linksFor(request, svc.config.publicUrl).api}/organizations/${enc(params.organization)}/databases/${enc(database.name)}/branches/${enc(branch.name)}/keyspaces`;
      return { status: 200, body: envelope(items.map((k) => presentKeyspace(k, k.name === def, branch.ready)), all.length, page, url) };
    },
    get_keyspace: async ({ params }) => {
      const { database, branch, keyspace } = await resolveKeyspace(svc, params.organization, params.database, params.branch, params.keyspace);
      const { items: all } = await keyspaces.listKeyspaces(svc.metadata, branch.id);
      return { status: 200, body: presentKeyspace(keyspace, defaultKeyspace(all, database.name) === keyspace.name, branch.ready) };
    },
  };
}
