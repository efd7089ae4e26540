// The LocalScale the provider verification holds to the pacts: in-process, on a private MySQL server
// it starts itself, answering with every response checked against its own spec, with one empty
// organization `acme` that provider states fill.
import { createLogger, resolveConfig, startLocalScale, type LocalScale } from '@localscale/server';
import { implementedSet, probeOperations } from './probe.js';

export const localOrganization = 'acme';

export interface VerifiedLocalScale {
  server: LocalScale;
  /** Operations that do not answer 501. */
  implemented: ReadonlySet<string>;
  stop(): Promise<void>;
}

export async function startVerifiedLocalScale(): Promise<VerifiedLocalScale> {
  const config = resolveConfig({
    log_level: 'silent',
    organizations: { [localOrganization]: { databases: {} } },
    processor_tick_interval: '50ms',
  }, { port: 0 });
  const server = await startLocalScale(config, { validateResponses: true, log: createLogger(process.env.LOCALSCALE_TEST_LOG === 'debug' ? 'debug' : 'silent') });
  try {
    const implemented = implementedSet(await probeOperations(server.url));
    return { server, implemented, stop: () => server.stop() };
  } catch (err) {
    await server.stop();
    throw err;
  }
}
