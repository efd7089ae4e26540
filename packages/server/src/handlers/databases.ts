import { databases, isValidName, nameRules } from '@localscale/mysql';
import { UnprocessableError } from '../http/errors.js';
import type { Handlers } from '../http/operation-types.js';
import { presentDatabase } from '../presenters/database.js';
import { enc, linksFor } from '../presenters/links.js';
import { envelope, pageFrom } from '../presenters/pagination.js';
import type { Services } from '../services/context.js';
import { createDatabase, deleteDatabase } from '../services/databases.js';
import { databaseFacts } from '../services/facts.js';
import { resolveDatabase, resolveOrganization } from '../services/resolve.js';

type DatabaseOps = 'list_databases' | 'get_database' | 'create_database' | 'delete_database';

export function databaseHandlers(svc: Services): Pick<Handlers, DatabaseOps> {
  return {
    list_databases: async ({ params, query, request }) => {
      const org = await resolveOrganization(svc, params.organization);
      const page = pageFrom(query);
      const visible = request.visible.databases(org.name);
      const { items, total } = await databases.listDatabases(svc.metadata, org.id, page, query.q || undefined, visible === 'all' ? undefined : visible);
      const links = linksFor(request, svc.config.publicUrl);
      const data = await Promise.all(items.map(async (d) => presentDatabase(d, await databaseFacts(svc, d), links)));
      return { status: 200, body: envelope(data, total, page, `${links.api}/organizations/${enc(org.name)}/databases`) };
    },
    get_database: async ({ params, request }) => {
      const db = await resolveDatabase(svc, params.organization, params.database);
      return { status: 200, body: presentDatabase(db, await databaseFacts(svc, db), linksFor(request, svc.config.publicUrl)) };
    },
    create_database: async ({ params, body, request }) => {
      const org = await resolveOrganization(svc, params.organization);
      if (!isValidName('database', body.name)) throw new UnprocessableError(`Name is invalid: use ${nameRules.database.description}`);
      if (body.kind && body.kind !== 'mysql') throw new UnprocessableError('LocalScale serves MySQL (Vitess) databases only; kind must be mysql');
      const region = body.region ?? 'us-east';
      if (!/^[a-z0-9-]{1,64}$/.test(region)) throw new UnprocessableError('Region is invalid');
      if (!/^[A-Za-z0-9_.-]{1,32}$/.test(body.cluster_size)) throw new UnprocessableError('Cluster size is invalid: use a SKU such as PS_10');
      const db = await createDatabase(svc, org, {
        name: body.name, region, clusterSize: body.cluster_size, requireApproval: false, safeMigrations: true,
        keyspaces: [{ name: body.name, shards: 1, sharded: false }],
        actorId: request.principal.kind === 'anonymous' ? null : request.principal.id,
      });
      return { status: 201, body: presentDatabase(db, await databaseFacts(svc, db), linksFor(request, svc.config.publicUrl)) };
    },
    delete_database: async ({ params }) => {
      const org = await resolveOrganization(svc, params.organization);
      const db = await resolveDatabase(svc, params.organization, params.database);
      await deleteDatabase(svc, org, db);
      return { status: 204, body: undefined };
    },
  };
}
