// The access check as a table: every kind of credential against every kind of requirement, with the
// outcome PlanetScale gives (allowed, 403 forbidden, 404 not_found). Typed by both dimensions, so a new
// kind of either does not compile until every cell has an outcome. Then the generated table itself:
// one row per operation of the route table.
import { describe, expect, it } from 'vitest';
import { decideAccess, type AccessTarget } from '../../src/access/decide.js';
import { configuredGrants, everything, tokenGrants, visibilityOf, type Grants } from '../../src/access/grants.js';
import { accessCatalog, operationAccess, type AccessRequirement } from '../../src/generated/access.js';
import { routes } from '../../src/generated/routes.js';

const requirements = {
  none: { resource: 'none', accesses: [], onProductionBranch: null, list: null },
  localscale: { resource: 'localscale', accesses: [], onProductionBranch: null, list: null },
  'organization, any token of it': { resource: 'organization', accesses: [], onProductionBranch: null, list: 'databases' },
  'organization, create_databases': { resource: 'organization', accesses: ['create_databases'], onProductionBranch: null, list: null },
  'database, read_branch': { resource: 'database', accesses: ['read_branch'], onProductionBranch: null, list: null },
  'database, read_database': { resource: 'database', accesses: ['read_database'], onProductionBranch: null, list: null },
  'development branch, connect_branch or connect_production_branch': {
    resource: 'branch', accesses: ['connect_branch', 'connect_production_branch'], onProductionBranch: ['connect_production_branch'], list: null,
  },
  'production branch, the same': {
    resource: 'branch', accesses: ['connect_branch', 'connect_production_branch'], onProductionBranch: ['connect_production_branch'], list: null,
  },
} as const satisfies Record<string, AccessRequirement>;
type Requirement = keyof typeof requirements;

const targetOf = (r: Requirement): AccessTarget => ({
  organization: 'acme', database: 'shop', productionBranch: r === 'production branch, the same' ? true : r.startsWith('development') ? false : undefined,
});

const credentials = {
  'permissive / configured without a list': everything,
  'configured with read_branch and connect_branch': configuredGrants(['read_branch', 'connect_branch']),
  'configured with create_databases only': configuredGrants(['create_databases']),
  'API token: read_branch on shop': tokenGrants('acme', [{ access: 'read_branch', database: 'shop' }]),
  'API token: connect_production_branch on shop': tokenGrants('acme', [{ access: 'connect_production_branch', database: 'shop' }]),
  'API token: read_branch on another database': tokenGrants('acme', [{ access: 'read_branch', database: 'other' }]),
  'API token: create_databases on the organization': tokenGrants('acme', [{ access: 'create_databases', database: null }]),
  'API token: read_databases on the organization': tokenGrants('acme', [{ access: 'read_databases', database: null }]),
  'API token of another organization, read_branch there': tokenGrants('globex', [{ access: 'read_branch', database: 'shop' }]),
  'API token: no accesses': tokenGrants('acme', []),
} satisfies Record<string, Grants>;
type Credential = keyof typeof credentials;

type Outcome = 'allow' | 'forbidden' | 'not_found';
const A: Outcome = 'allow', F: Outcome = 'forbidden', N: Outcome = 'not_found';

//                                             none localscale org-any create_dbs read_branch read_database dev-branch prod-branch
const table: Record<Credential, Record<Requirement, Outcome>> = {
  'permissive / configured without a list': row(A, A, A, A, A, A, A, A),
  'configured with read_branch and connect_branch': row(A, A, A, F, A, F, A, F),
  'configured with create_databases only': row(A, A, A, A, N, N, N, N),
  'API token: read_branch on shop': row(A, F, A, F, A, F, F, F),
  'API token: connect_production_branch on shop': row(A, F, A, F, F, F, A, A),
  'API token: read_branch on another database': row(A, F, A, F, N, N, N, N),
  'API token: create_databases on the organization': row(A, F, A, A, N, N, N, N),
  'API token: read_databases on the organization': row(A, F, A, F, F, A, F, F),
  'API token of another organization, read_branch there': row(A, F, N, N, N, N, N, N),
  'API token: no accesses': row(A, F, A, F, N, N, N, N),
};

function row(...outcomes: Outcome[]): Record<Requirement, Outcome> {
  const names = Object.keys(requirements) as Requirement[];
  if (outcomes.length !== names.length) throw new Error(`a row needs ${names.length} outcomes`);
  return Object.fromEntries(names.map((n, i) => [n, outcomes[i]!])) as Record<Requirement, Outcome>;
}

describe('decideAccess', () => {
  const cells = (Object.keys(credentials) as Credential[]).flatMap((c) => (Object.keys(requirements) as Requirement[]).map((r) => [c, r] as const));
  it.each(cells)('%s / %s', (credential, requirement) => {
    const decision = decideAccess(requirements[requirement], credentials[credential], targetOf(requirement));
    expect(decision.outcome).toBe(table[credential][requirement]);
    if (decision.outcome === 'forbidden') expect(decision.message).toMatch(/^Forbidden: /);
  });

  it('names the accesses a refusal wanted, and the production branch when that is why', () => {
    const d = decideAccess(requirements['production branch, the same'], credentials['API token: read_branch on shop'], targetOf('production branch, the same'));
    expect(d).toEqual({ outcome: 'forbidden', message: 'Forbidden: this service token needs one of `connect_production_branch` on database shop for a production branch' });
    expect(decideAccess(requirements['database, read_branch'], credentials['API token: no accesses'], targetOf('database, read_branch')))
      .toEqual({ outcome: 'not_found', message: 'database shop not found' });
  });
});

describe('visibility', () => {
  it('lists show what the credential can see', () => {
    expect(visibilityOf(everything).databases('acme')).toBe('all');
    const token = visibilityOf(tokenGrants('acme', [{ access: 'read_branch', database: 'shop' }, { access: 'create_databases', database: null }]));
    expect(token.organizations).toEqual(['acme']);
    expect(token.databases('acme')).toEqual(['shop']);
    expect(token.databases('globex')).toEqual([]);
    expect(visibilityOf(tokenGrants('acme', [{ access: 'read_databases', database: null }])).databases('acme')).toBe('all');
    expect(visibilityOf(configuredGrants(['create_databases'])).databases('acme')).toEqual([]);
    expect(visibilityOf(configuredGrants(['read_branch'])).databases('acme')).toBe('all');
  });
});

describe('the generated table', () => {
  it('has one row per operation of the route table, with known accesses of the right level', () => {
    expect(Object.keys(operationAccess).sort()).toEqual(routes.map((r) => r.operationId).sort());
    for (const [op, req] of Object.entries(operationAccess) as [string, AccessRequirement][]) {
      const level = req.resource === 'organization' ? 'organization' : 'database';
      for (const a of [...req.accesses, ...(req.onProductionBranch ?? [])]) expect(accessCatalog[a].level, `${op}: ${a}`).toBe(level);
      if (req.resource === 'database' || req.resource === 'branch') expect(req.accesses.length, op).toBeGreaterThan(0);
    }
  });

  it('takes PlanetScale\'s documented accesses for the operations the docs cover', () => {
    expect(operationAccess.create_deploy_request.accesses).toEqual(['create_deploy_request']);
    expect(operationAccess.list_webhooks.accesses).toEqual(['read_database']);
    expect(operationAccess.create_webhook.accesses).toEqual(['write_database']);
    expect(operationAccess.create_service_token.accesses).toEqual(['write_service_tokens']);
    expect(operationAccess.list_databases.list).toBe('databases');
    expect(operationAccess.admin_reset_state.resource).toBe('localscale');
  });
});
