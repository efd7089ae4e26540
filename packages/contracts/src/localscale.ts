// The LocalScale the provider verification holds to the pacts: in-process, on a private MySQL server
// it starts itself, answering with every response checked against its own spec, with one empty
// organization `acme` that provider states fill.
import { createLogger, resolveConfig, startLocalScale, type LocalScale } from '@localscale/server/testing';
import { implementedSet, probeOperations } from './probe.js';
import { localScaleWorld } from './states/localscale-world.js';
import type { World } from './states/world.js';

export const localOrganization = 'acme';

export interface VerifiedLocalScale {
  server: LocalScale;
  world: World;
  /** Operations that do not answer 501. */
  implemented: ReadonlySet<string>;
  stop(): Promise<void>;
}

export async function startVerifiedLocalScale(credentials: { serviceTokenId: string; serviceToken: string }): Promise<VerifiedLocalScale> {
  const config = resolveConfig({
    log_level: 'silent',
    organizations: { [localOrganization]: { databases: {} } },
    processor_tick_interval: '50ms',
  }, { port: 0 });
  const server = await startLocalScale(config, { validateResponses: true, log: createLogger(process.env.LOCALSCALE_TEST_LOG === 'debug' ? 'debug' : 'silent') });
  try {
    const implemented = implementedSet(await probeOperations(server.url));
    const world = localScaleWorld({ url: server.url, organization: localOrganization, credentials });
    return { server, world, implemented, stop: () => server.stop() };
  } catch (err) {
    await server.stop();
    throw err;
  }
}
