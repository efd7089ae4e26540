import { databases, organizations } from '@localscale/mysql';
import type { Handlers } from '../http/operation-types.js';
import { linksFor } from '../presenters/links.js';
import { presentOrganization } from '../presenters/organization.js';
import { envelope, pageFrom } from '../presenters/pagination.js';
import type { Services } from '../services/context.js';
import { resolveOrganization } from '../services/resolve.js';

const databaseCount = async (svc: Services, orgId: string) =>
  (await databases.listDatabases(svc.metadata, orgId, { page: 1, perPage: 1 })).total;

export function organizationHandlers(svc: Services): Pick<Handlers, 'list_organizations' | 'get_organization'> {
  return {
    list_organizations: async ({ query, request }) => {
      const page = pageFrom(query);
      const visible = request.visible.organizations;
      const { items, total } = await organizations.listOrganizations(svc.metadata, page, visible === 'all' ? undefined : visible);
      const data = await Promise.all(items.map(async (o) => presentOrganization(o, await databaseCount(svc, o.id))));
      return { status: 200, body: envelope(data, total, page, `${linksFor(request, svc.config.publicUrl).api}/organizations`) };
    },
    get_organization: async ({ params }) => {
      const org = await resolveOrganization(svc, params.organization);
      return { status: 200, body: presentOrganization(org, await databaseCount(svc, org.id)) };
    },
  };
}
