// The coverage rule, run in CI: every operation LocalScale implements (does not answer 501) has at
// least one interaction in the committed pacts.
import { beforeAll, describe, expect, it } from 'vitest';
import { coverageOf } from '../src/coverage.js';
import { declaredOperations } from '../src/operations.js';
import { contracts, pactFileOf } from '../src/parties.js';
import { readPact, type PactFile } from '../src/pact-file.js';
import { runLocalScale } from './support.js';

const local = runLocalScale();
let pacts: PactFile[];

beforeAll(async () => {
  pacts = await Promise.all(contracts.map((c) => readPact(pactFileOf(c))));
});

describe('contract coverage', () => {
  it('has an interaction for every operation LocalScale implements', () => {
    const { missing } = coverageOf(pacts, local.implemented);
    expect(missing, `operations LocalScale implements without any interaction in packages/contracts/pacts:\n  ${missing.join('\n  ')}\n`).toEqual([]);
  });

  it('probed every operation LocalScale declares, and found the ones it serves', () => {
    expect(local.implemented.size).toBeGreaterThan(0);
    for (const op of local.implemented) expect(declaredOperations.map((d) => d.operationId)).toContain(op);
    // Serving the API at all means these answer; a probe that got nothing right would fail here.
    expect(local.implemented.has('list_organizations')).toBe(true);
    expect(local.implemented.has('localscale_health')).toBe(true);
  });

  it('reports an implemented operation that no interaction exercises', () => {
    const withoutPasswords = pacts.map((p) => ({ ...p, interactions: p.interactions.filter((i) => !/\/passwords/.test(i.request.path)) }));
    const { missing } = coverageOf(withoutPasswords, new Set(['create_password', 'get_password', 'list_organizations']));
    expect(missing).toEqual(['create_password', 'get_password']);
  });
});
