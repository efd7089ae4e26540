// The two contracts this package keeps, and where their pact files live. PlanetScale's API is the
// provider of the first; the second covers LocalScale's own surface (health, admin helpers and the
// upstream compatibility endpoints), which only LocalScale provides.
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Parties { readonly consumer: string; readonly provider: string }

export const planetscaleContract: Parties = { consumer: 'planetscale-sdk', provider: 'planetscale-api' };
export const localscaleContract: Parties = { consumer: 'localscale-sdk', provider: 'localscale' };
export const contracts: readonly Parties[] = [planetscaleContract, localscaleContract];

/** The committed pact files (packages/contracts/pacts). */
export const pactDir = fileURLToPath(new URL('../pacts/', import.meta.url));

export const pactFileOf = (parties: Parties, dir = pactDir) => join(dir, `${parties.consumer}-${parties.provider}.json`);
