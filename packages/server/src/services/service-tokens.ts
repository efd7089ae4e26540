// Service tokens made through the API: the directory strict mode authenticates against, and the
// rules for creating them and changing their accesses. A token belongs to one organization; an
// access is granted on that organization (organization-level names) or on one of its databases
// (database-level names), as PlanetScale's catalog in the spec says.
import { databases, serviceTokens, type OrganizationRecord, type ServiceTokenRecord } from '@localscale/mysql';
import { isAccessName, levelOf, tokenGrants } from '../access/grants.js';
import type { AccessName } from '../generated/access.js';
import type { TokenDirectory } from '../http/auth.js';
import { ForbiddenError, NotFoundError, UnprocessableError } from '../http/errors.js';
import type { Services } from './context.js';

export function tokenDirectory(svc: Services): TokenDirectory {
  return {
    async find(id, secret) {
      const found = await serviceTokens.authenticateServiceToken(svc.metadata, id, secret);
      if (!found) return undefined;
      const now = svc.clock.now();
      if (found.token.expiresAt !== null && Date.parse(found.token.expiresAt) <= now.getTime()) return { state: 'expired' };
      void serviceTokens.touchServiceToken(svc.metadata, id, now)
        .catch((err: unknown) => svc.log.debug('service token use not recorded', { token: id, error: String(err) }));
      const grants = tokenGrants(found.token.organization, found.accesses.map((a) => ({ access: a.access, database: a.database?.name ?? null })));
      return { state: 'valid', grants };
    },
  };
}

/** A token of the organization; PlanetScale answers 403 for an id it has no token with (observed on delete). */
export async function resolveToken(svc: Services, org: OrganizationRecord, id: string): Promise<ServiceTokenRecord> {
  const token = /^[a-z0-9]{1,64}$/.test(id) ? await serviceTokens.findServiceToken(svc.metadata, org.id, id) : undefined;
  if (!token) throw new ForbiddenError(`Forbidden: the organization has no service token ${JSON.stringify(id.slice(0, 64))}`);
  return token;
}

/** The names of an access request, checked against the catalog and the level they are granted at. */
export function checkAccessNames(names: readonly string[], onDatabase: boolean): AccessName[] {
  const unknown = names.filter((n) => !isAccessName(n));
  if (unknown.length) throw new UnprocessableError(`Unknown access ${unknown.map((n) => JSON.stringify(n.slice(0, 64))).join(', ')}`);
  const wrong = (names as AccessName[]).filter((n) => levelOf(n) !== (onDatabase ? 'database' : 'organization'));
  if (wrong.length) {
    throw new UnprocessableError(onDatabase
      ? `${wrong.join(', ')} ${wrong.length > 1 ? 'are organization-level accesses' : 'is an organization-level access'}: leave out database to grant it on the organization`
      : `${wrong.join(', ')} ${wrong.length > 1 ? 'are database-level accesses' : 'is a database-level access'}: name the database to grant it on`);
  }
  return [...new Set(names as AccessName[])];
}

/** The database an access request names (null: the organization); 404 when the organization has none by that name. */
export async function accessResource(svc: Services, org: OrganizationRecord, database: string | undefined): Promise<{ id: string; name: string } | null> {
  if (database === undefined) return null;
  const found = /^[a-z0-9][a-z0-9_-]{0,63}$/.test(database) ? await databases.findDatabase(svc.metadata, org.id, database) : undefined;
  if (!found) throw new NotFoundError(`database ${database.slice(0, 64)} not found`);
  return { id: found.id, name: found.name };
}
