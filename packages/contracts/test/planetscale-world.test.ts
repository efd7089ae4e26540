// The verification against PlanetScale cannot run here (no network, no account), so its plumbing is
// checked against LocalScale standing in for PlanetScale's API: configuration from the environment,
// states that only need the API, injected names, and cleanup of everything a state created.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createPlanetScaleClient } from '@localscale/sdk';
import { localOrganization } from '../src/localscale.js';
import { planetscaleContract, pactFileOf } from '../src/parties.js';
import { readPact } from '../src/pact-file.js';
import { narrowPact } from '../src/plan.js';
import { missingEnvironment, planetScaleTarget } from '../src/planetscale.js';
import { stateCatalog } from '../src/states/catalog.js';
import { verifyPact } from '../src/verify.js';
import { runLocalScale } from './support.js';

const local = runLocalScale();
const env = {
  PLANETSCALE_SERVICE_TOKEN_ID: 'stand-in-id', PLANETSCALE_SERVICE_TOKEN: 'stand-in-token', PLANETSCALE_ORG: localOrganization,
  PLANETSCALE_CONTRACTS_API_URL: `${local.url}/`,
};
const sdk = createPlanetScaleClient({ baseUrl: `${local.url}/v1`, serviceTokenId: 'a', serviceToken: 'b', retry: false });
const databaseNames = async () => (await sdk.databases.list(localOrganization, { per_page: 100 })).data.map((d) => d.name);

afterAll(() => local.world.close());

describe('the PlanetScale target', () => {
  it('needs the three variables the pscale CLI reads', () => {
    expect(missingEnvironment({})).toEqual(['PLANETSCALE_SERVICE_TOKEN_ID', 'PLANETSCALE_SERVICE_TOKEN', 'PLANETSCALE_ORG']);
    expect(() => planetScaleTarget({ PLANETSCALE_ORG: 'acme' })).toThrow(/set PLANETSCALE_SERVICE_TOKEN_ID, PLANETSCALE_SERVICE_TOKEN to verify/);
    const target = planetScaleTarget({ ...env, PLANETSCALE_CONTRACTS_API_URL: '' });
    expect(target.baseUrl).toBe('https://api.planetscale.com');
    expect(target.authorization).toBe('stand-in-id:stand-in-token');
  });

  it('verifies interactions whose states need only the API, and removes what the states created', async () => {
    await local.world.database(); // leaves the organization with one database the run must not touch
    const target = planetScaleTarget(env);
    const pact = await readPact(pactFileOf(planetscaleContract));
    const chosen = ['a request to create a database', 'a request to delete a database', 'a request to get a database that does not exist', 'a request to list organizations without credentials'];
    const interactions = pact.interactions.filter((i) => chosen.includes(i.description));
    expect(interactions).toHaveLength(chosen.length);
    const workDir = await mkdtemp(join(tmpdir(), 'localscale-contracts-ps-'));
    try {
      await verifyPact({ baseUrl: target.baseUrl, world: target.world, states: stateCatalog, authorization: target.authorization, timeoutMs: 120_000 },
        narrowPact(pact, interactions), join(workDir, 'pact.json'));
    } finally {
      await target.world.close();
      await rm(workDir, { recursive: true, force: true });
    }
    expect(await databaseNames()).toEqual(['shop']);
  });
});
