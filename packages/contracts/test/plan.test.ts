import { describe, expect, it } from 'vitest';
import type { PactInteraction } from '../src/pact-file.js';
import { PlanError, planInteraction, type PlanContext } from '../src/plan.js';
import type { StateDefinition } from '../src/states/catalog.js';

const state = (uses: string[]): StateDefinition => ({ uses, setup: async () => ({}) });
const states = { 'a database': state(['create_database']), 'deploy request 1 is ready': state(['create_database', 'create_deploy_request']) };

const interaction = (method: string, path: string, ...given: string[]): PactInteraction => ({
  description: `${method} ${path}`, type: 'Synchronous/HTTP',
  providerStates: given.map((name) => ({ name })), request: { method, path }, response: { status: 200 },
});

const local = (implemented: string[]): PlanContext => ({ target: 'localscale', implemented: new Set(implemented), states });

describe('planInteraction', () => {
  it('verifies an implemented operation whose states only use implemented operations', () => {
    const planned = planInteraction(interaction('GET', '/v1/organizations/acme/databases/shop', 'a database'), local(['get_database', 'create_database']));
    expect(planned.operation.operationId).toBe('get_database');
    expect(planned.skip).toBeUndefined();
  });

  it('skips, saying why, an operation that answers 501', () => {
    const planned = planInteraction(interaction('GET', '/v1/organizations/acme/databases/shop/deploy-requests/1', 'deploy request 1 is ready'), local(['create_database']));
    expect(planned.skip).toBe('get_deploy_request answers 501 (not implemented yet)');
  });

  it('skips an implemented operation whose provider state needs one that answers 501', () => {
    const planned = planInteraction(interaction('GET', '/v1/organizations/acme/databases/shop', 'deploy request 1 is ready'), local(['get_database', 'create_database']));
    expect(planned.skip).toBe('state "deploy request 1 is ready" needs create_deploy_request, which answers 501 (not implemented yet)');
  });

  it('holds PlanetScale to every PlanetScale operation, and skips LocalScale\'s own', () => {
    const context: PlanContext = { target: 'planetscale', states };
    expect(planInteraction(interaction('GET', '/v1/organizations/acme/databases/shop/deploy-requests/1', 'deploy request 1 is ready'), context).skip).toBeUndefined();
    expect(planInteraction(interaction('POST', '/admin/seed-ddl', 'a database'), context).skip).toMatch(/admin_seed_ddl is LocalScale's own/);
  });

  it('refuses interactions it cannot place: an unknown operation or an unknown state', () => {
    expect(() => planInteraction(interaction('GET', '/v1/unknown'), local([]))).toThrow(PlanError);
    expect(() => planInteraction(interaction('GET', '/health', 'a mystery'), local(['localscale_health']))).toThrow(/no state handler for "a mystery"/);
  });
});
