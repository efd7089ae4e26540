// The one place accesses are enforced. Every request, once authenticated, is checked against what its
// operation declares in the spec (`x-planetscale-access`, generated into generated/access.ts) by the
// pure check in access/decide.ts; no handler checks an access itself. Refusals are PlanetScale's: 404
// for an organization or database the credential cannot see, 403 for one it can see but lacks the
// access for. List operations are not refused; the visibility handed to the handler filters them.
import { decideAccess } from '../access/decide.js';
import { visibilityOf, type Visibility } from '../access/grants.js';
import { operationAccess } from '../generated/access.js';
import type { OperationId } from '../generated/routes.js';
import type { Principal } from './auth.js';
import { ForbiddenError, NotFoundError } from './errors.js';

export interface AuthorizeDeps {
  /** Whether a branch is a production branch; null when the database or branch does not exist. */
  productionBranch(organization: string, database: string, branch: string): Promise<boolean | null>;
}

const text = (v: unknown) => (typeof v === 'string' ? v : undefined);

export function authorizer(deps: AuthorizeDeps) {
  return async (operationId: OperationId, principal: Principal, params: Readonly<Record<string, unknown>>): Promise<Visibility> => {
    const { grants } = principal;
    const visibility = visibilityOf(grants);
    if (grants.scope === 'everything') return visibility;
    const requirement = operationAccess[operationId];
    const organization = text(params.organization), database = text(params.database), branch = text(params.branch);
    const productionBranch = requirement.resource === 'branch' && requirement.onProductionBranch && organization && database && branch
      ? await deps.productionBranch(organization, database, branch) : null;
    const decision = decideAccess(requirement, grants, { organization, database, productionBranch });
    if (decision.outcome === 'not_found') throw new NotFoundError(decision.message);
    if (decision.outcome === 'forbidden') throw new ForbiddenError(decision.message);
    return visibility;
  };
}

export type Authorize = ReturnType<typeof authorizer>;
