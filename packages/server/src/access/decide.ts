// The access check, pure: an operation's requirement (the generated table, from the spec), what the
// credential holds, and what the request is about -> allowed, or refused as PlanetScale refuses:
// 404 `not_found` where the credential cannot see the organization or database at all, 403
// `forbidden` where it can but holds none of the accesses the operation needs. Lists are never refused
// for a database they do not name; they are filtered (visibility in grants.ts).
import type { AccessName, AccessRequirement } from '../generated/access.js';
import { databaseAccesses, organizationAccesses, seesOrganization, type Grants } from './grants.js';

export interface AccessTarget {
  readonly organization?: string;
  readonly database?: string;
  /** For branch operations: whether the branch is a production branch; null when it does not exist. */
  readonly productionBranch?: boolean | null;
}

export type AccessDecision =
  | { readonly outcome: 'allow' }
  | { readonly outcome: 'not_found'; readonly message: string }
  | { readonly outcome: 'forbidden'; readonly message: string };

const allow: AccessDecision = { outcome: 'allow' };
const holdsAny = (held: ReadonlySet<AccessName> | null, wanted: readonly AccessName[]) => held === null || wanted.some((a) => held.has(a));
const describe = (wanted: readonly AccessName[]) => wanted.map((a) => `\`${a}\``).join(', ');

export function decideAccess(requirement: AccessRequirement, grants: Grants, target: AccessTarget): AccessDecision {
  const { organization = '', database = '' } = target;
  switch (requirement.resource) {
    case 'none':
      return allow;
    case 'localscale':
      return grants.scope === 'organization'
        ? { outcome: 'forbidden', message: 'Forbidden: LocalScale\'s own endpoints need a service token from its configuration' }
        : allow;
    case 'organization': {
      if (!seesOrganization(grants, organization)) return { outcome: 'not_found', message: `organization ${organization} not found` };
      if (!requirement.accesses.length || holdsAny(organizationAccesses(grants, organization), requirement.accesses)) return allow;
      return { outcome: 'forbidden', message: `Forbidden: this service token needs one of ${describe(requirement.accesses)} on organization ${organization}` };
    }
    case 'database':
    case 'branch': {
      if (!seesOrganization(grants, organization)) return { outcome: 'not_found', message: `organization ${organization} not found` };
      const held = databaseAccesses(grants, organization, database);
      if (held !== null && held.size === 0) return { outcome: 'not_found', message: `database ${database} not found` };
      const production = requirement.resource === 'branch' && target.productionBranch === true && requirement.onProductionBranch;
      const wanted = production ? requirement.onProductionBranch! : requirement.accesses;
      if (holdsAny(held, wanted)) return allow;
      return { outcome: 'forbidden', message: `Forbidden: this service token needs one of ${describe(wanted)} on database ${database}${production ? ' for a production branch' : ''}` };
    }
  }
}
