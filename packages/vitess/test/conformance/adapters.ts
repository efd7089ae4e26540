// The adapters the conformance suite runs against.
import { startEmbedded } from '../support/embedded.js';
import type { AdapterFactory, Harness } from './harness.js';
import { startVtgateHarness, vtgateSkipReason } from '../support/vtgate.js';

const embedded: AdapterFactory = {
  name: 'embedded',
  skipReason: null,
  async start(): Promise<Harness> {
    const h = await startEmbedded({ keyspaces: [{ name: 'app', shards: ['-'] }, { name: 'orders', shards: ['-80', '80-'] }] });
    return {
      engine: h.engine, keyspace: 'app', sharded: 'orders',
      exec: (ks, sql, params) => h.exec(ks, sql, params),
      query: async (ks, sql, params) => h.query(ks, Object.keys(h.databases[ks]!)[0]!, sql, params),
      capabilities: { onlineAlter: true, instantDdl: true, vschemaSql: true },
      waitMs: 30_000,
      close: () => h.close(),
    };
  },
};

const vtgate: AdapterFactory = {
  name: 'vtgate',
  skipReason: vtgateSkipReason(),
  start: startVtgateHarness,
};

// LOCALSCALE_CONFORMANCE_ADAPTERS=vtgate (a comma-separated list of names) runs only those: the
// vtgate-conformance project points the vtgate adapter at LocalScale's edge, and the embedded
// adapter already runs here in the vitess package.
const only = process.env.LOCALSCALE_CONFORMANCE_ADAPTERS?.split(',').map((n) => n.trim()).filter(Boolean);
export const adapters: readonly AdapterFactory[] = [embedded, vtgate].filter((a) => !only?.length || only.includes(a.name));
