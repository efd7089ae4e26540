// The verification against real PlanetScale: its settings come from the environment, the same
// variables the pscale CLI and the SDK read.
import { randomBytes } from 'node:crypto';
import { planetScaleWorld } from './states/planetscale-world.js';
import type { World } from './states/world.js';

export const requiredEnvironment = ['PLANETSCALE_SERVICE_TOKEN_ID', 'PLANETSCALE_SERVICE_TOKEN', 'PLANETSCALE_ORG'] as const;

export interface PlanetScaleTarget {
  /** API server root (the pacts' paths start with /v1). */
  baseUrl: string;
  authorization: string;
  world: World;
}

export function missingEnvironment(env: NodeJS.ProcessEnv = process.env): string[] {
  return requiredEnvironment.filter((name) => !env[name]);
}

export function planetScaleTarget(env: NodeJS.ProcessEnv = process.env): PlanetScaleTarget {
  const missing = missingEnvironment(env);
  if (missing.length) throw new Error(`set ${missing.join(', ')} to verify against PlanetScale`);
  const credentials = { serviceTokenId: env.PLANETSCALE_SERVICE_TOKEN_ID!, serviceToken: env.PLANETSCALE_SERVICE_TOKEN! };
  const baseUrl = (env.PLANETSCALE_CONTRACTS_API_URL || 'https://api.planetscale.com').replace(/\/+$/, '');
  return {
    baseUrl,
    authorization: `${credentials.serviceTokenId}:${credentials.serviceToken}`,
    world: planetScaleWorld({
      organization: env.PLANETSCALE_ORG!, credentials, baseUrl: `${baseUrl}/v1`,
      runId: randomBytes(3).toString('hex'),
      database: env.PLANETSCALE_CONTRACTS_DATABASE || undefined,
      clusterSize: env.PLANETSCALE_CONTRACTS_CLUSTER_SIZE || undefined,
    }),
  };
}
