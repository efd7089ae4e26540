// Service tokens: list/create/get/delete as PlanetScale's spec has them, and the access and grants
// endpoints its Go SDK calls. Who may call these is decided by the authorization step, like every
// operation; here are only the rules of the resource itself.
import { serviceTokens } from '@localscale/mysql';
import { UnprocessableError } from '../http/errors.js';
import type { Handlers } from '../http/operation-types.js';
import { actorIdOf } from '../presenters/actor.js';
import { enc, linksFor } from '../presenters/links.js';
import { envelope, pageFrom } from '../presenters/pagination.js';
import { presentGrants, presentServiceToken, presentTokenAccess } from '../presenters/service-token.js';
import type { Services } from '../services/context.js';
import { resolveOrganization } from '../services/resolve.js';
import { accessResource, checkAccessNames, resolveToken } from '../services/service-tokens.js';

type ServiceTokenOps =
  | 'list_service_tokens' | 'create_service_token' | 'get_service_token' | 'delete_service_token'
  | 'get_service_token_access' | 'add_service_token_access' | 'delete_service_token_access' | 'list_service_token_grants';

/** One page holding every item: these lists are short and PlanetScale's clients read them whole. */
const whole = (n: number) => ({ page: 1, perPage: Math.max(25, n) });

export function serviceTokenHandlers(svc: Services): Pick<Handlers, ServiceTokenOps> {
  const tokensUrl = (api: string, org: string) => `${api}/organizations/${enc(org)}/service-tokens`;
  const accessesOf = async (id: string) => (await serviceTokens.listAccesses(svc.metadata, [id])).get(id) ?? [];

  return {
    list_service_tokens: async ({ params, query, request }) => {
      const org = await resolveOrganization(svc, params.organization);
      const page = pageFrom(query);
      const { items, total } = await serviceTokens.listServiceTokens(svc.metadata, org.id, page);
      const accesses = await serviceTokens.listAccesses(svc.metadata, items.map((t) => t.id));
      const data = items.map((t) => presentServiceToken(t, accesses.get(t.id) ?? [], org));
      return { status: 200, body: envelope(data, total, page, tokensUrl(linksFor(request, svc.config.publicUrl).api, org.name)) };
    },
    create_service_token: async ({ params, body, request }) => {
      const org = await resolveOrganization(svc, params.organization);
      if (body?.ttl !== undefined && !Number.isInteger(body.ttl)) throw new UnprocessableError('ttl must be a whole number of seconds');
      const { record, plainText } = await serviceTokens.insertServiceToken(svc.metadata, {
        organizationId: org.id, name: body?.name ?? null, actorId: actorIdOf(request.principal), ttlSeconds: body?.ttl ?? null,
      }, svc.clock.now());
      return { status: 200, body: presentServiceToken(record, [], org, plainText) };
    },
    get_service_token: async ({ params }) => {
      const org = await resolveOrganization(svc, params.organization);
      const token = await resolveToken(svc, org, params.id);
      return { status: 200, body: presentServiceToken(token, await accessesOf(token.id), org) };
    },
    delete_service_token: async ({ params }) => {
      const org = await resolveOrganization(svc, params.organization);
      const token = await resolveToken(svc, org, params.id);
      await serviceTokens.deleteServiceToken(svc.metadata, org.id, token.id);
      return { status: 204, body: undefined };
    },
    get_service_token_access: async ({ params, request }) => {
      const org = await resolveOrganization(svc, params.organization);
      const token = await resolveToken(svc, org, params.id);
      const accesses = await accessesOf(token.id);
      const links = linksFor(request, svc.config.publicUrl);
      return { status: 200, body: envelope(accesses.map((a) => presentTokenAccess(a, org, links)), accesses.length, whole(accesses.length), `${tokensUrl(links.api, org.name)}/${enc(token.id)}/access`) };
    },
    add_service_token_access: async ({ params, body, request }) => {
      const org = await resolveOrganization(svc, params.organization);
      const token = await resolveToken(svc, org, params.id);
      const names = checkAccessNames(body.access, body.database !== undefined);
      const resource = await accessResource(svc, org, body.database);
      const granted = await serviceTokens.grantAccesses(svc.metadata, token.id, resource?.id ?? null, names, svc.clock.now());
      const links = linksFor(request, svc.config.publicUrl);
      return { status: 200, body: envelope(granted.map((a) => presentTokenAccess(a, org, links)), granted.length, whole(granted.length), `${tokensUrl(links.api, org.name)}/${enc(token.id)}/access`) };
    },
    delete_service_token_access: async ({ params, body }) => {
      const org = await resolveOrganization(svc, params.organization);
      const token = await resolveToken(svc, org, params.id);
      const names = checkAccessNames(body.access, body.database !== undefined);
      const resource = await accessResource(svc, org, body.database);
      await serviceTokens.revokeAccesses(svc.metadata, token.id, resource?.id ?? null, names, svc.clock.now());
      return { status: 204, body: undefined };
    },
    list_service_token_grants: async ({ params, request }) => {
      const org = await resolveOrganization(svc, params.organization);
      const token = await resolveToken(svc, org, params.id);
      const grants = presentGrants(await accessesOf(token.id), org);
      const url = `${tokensUrl(linksFor(request, svc.config.publicUrl).api, org.name)}/${enc(token.id)}/grants`;
      return { status: 200, body: envelope(grants, grants.length, whole(grants.length), url) };
    },
  };
}
