// Service tokens and their accesses in PlanetScale's shapes: the token object of the published spec,
// the access entries PlanetScale's Go SDK reads from .../access, and the grants of .../grants.
import type { OrganizationRecord, ServiceTokenRecord, TokenAccessRecord } from '@localscale/mysql';
import { accessCatalog, type AccessName } from '../generated/access.js';
import { presentActor } from './actor.js';
import { enc, type Links } from './links.js';
import type { Schema } from './schemas.js';

const descriptionOf = (access: string) => (accessCatalog as Record<string, { description: string } | undefined>)[access]?.description ?? access;

/** Actor ids of access tokens are fingerprints starting `oauth_` (see http/auth.ts); the rest are service tokens. */
const actorType = (id: string | null) => (id === null ? null : id.startsWith('oauth_') ? 'User' : 'ServiceToken');

function resourceOf(access: TokenAccessRecord, org: OrganizationRecord) {
  return access.database
    ? { type: 'Database' as const, id: access.database.id, name: access.database.name, createdAt: access.database.createdAt, updatedAt: access.database.updatedAt }
    : { type: 'Organization' as const, id: org.id, name: org.name, createdAt: org.createdAt, updatedAt: org.updatedAt };
}

export function presentServiceToken(token: ServiceTokenRecord, accesses: readonly TokenAccessRecord[], org: OrganizationRecord, plainText: string | null = null): Schema<'ServiceToken'> {
  return {
    id: token.id, name: token.name, display_name: token.name ?? token.id, token: plainText, plain_text_refresh_token: null,
    avatar_url: presentActor(token.id).avatar_url, created_at: token.createdAt, updated_at: token.updatedAt,
    expires_at: token.expiresAt, last_used_at: token.lastUsedAt, actor_id: token.actorId, actor_display_name: token.actorId,
    actor_type: actorType(token.actorId),
    service_token_accesses: accesses.map((a) => {
      const r = resourceOf(a, org);
      return {
        id: a.id, access: a.access, description: descriptionOf(a.access), resource_name: r.name, resource_id: r.id, resource_type: r.type,
        resource: { id: r.id, name: r.name, created_at: r.createdAt, updated_at: r.updatedAt, deleted_at: null },
      };
    }),
    oauth_accesses_by_resource: null,
  };
}

export function presentTokenAccess(access: TokenAccessRecord, org: OrganizationRecord, links: Links): Schema<'ServiceTokenAccess'> {
  const r = resourceOf(access, org);
  const common = { id: r.id, name: r.name, created_at: r.createdAt, updated_at: r.updatedAt };
  if (r.type === 'Organization') return { id: access.id, type: 'OrganizationAccess', access: access.access, resource: { ...common, type: 'Organization' } };
  const url = `${links.api}/organizations/${enc(org.name)}/databases/${enc(r.name)}`;
  return {
    id: access.id, type: 'DatabaseAccess', access: access.access,
    resource: { ...common, type: 'Database', url, branches_url: `${url}/branches`, notes: '' },
  };
}

/** The accesses grouped by the resource they are granted on: the organization first, then databases by name. */
export function presentGrants(accesses: readonly TokenAccessRecord[], org: OrganizationRecord): Schema<'ServiceTokenGrant'>[] {
  const byResource = new Map<string, { r: ReturnType<typeof resourceOf>; accesses: string[] }>();
  for (const a of accesses) {
    const r = resourceOf(a, org);
    const entry = byResource.get(r.id) ?? { r, accesses: [] };
    entry.accesses.push(a.access);
    byResource.set(r.id, entry);
  }
  return [...byResource.values()]
    .sort((x, y) => (x.r.type === y.r.type ? x.r.name.localeCompare(y.r.name) : x.r.type === 'Organization' ? -1 : 1))
    .map(({ r, accesses: names }) => ({
      id: r.id, resource_name: r.name, resource_type: r.type, resource_id: r.id,
      accesses: names.map((access) => ({ access, description: descriptionOf(access as AccessName) })),
    }));
}
