// LocalScale in-process on the run's shared MySQL server, in its own metadata schema and physical
// database prefix, with every response checked against the spec (a response that breaks the spec
// becomes a 500, which these tests then catch).
import { inject } from 'vitest';
import { createPool, type Pool } from '@localscale/mysql';
import { uniqueTag } from '@localscale/mysql/testing';
import { createPlanetScaleClient, type PlanetScaleClient } from '@localscale/sdk';
import { createLogger, resolveConfig, startLocalScale, type LocalScale, type RawConfig } from '@localscale/server';
import { dropTestDatabases } from './cleanup.js';
import { call, defaultAuth, type Answer, type CallInit } from './http.js';

export interface Server {
  readonly ls: LocalScale;
  readonly tag: string;
  /** The metadata schema, e.g. `ls_t1a2b3c`. */
  readonly metadataSchema: string;
  /** A server-level pool for checks (no default database). */
  readonly admin: Pool;
  readonly client: PlanetScaleClient;
  call(path: string, init?: CallInit): Promise<Answer>;
  stop(): Promise<void>;
}

const [tokenId, token] = defaultAuth.authorization.split(':') as [string, string];

export async function startServer(raw: RawConfig = {}): Promise<Server> {
  const tag = uniqueTag();
  const mysqlUrl = inject('mysqlUrl');
  const metadataSchema = `ls_${tag}`;
  const config = resolveConfig({ log_level: 'silent', processor_tick_interval: '100ms', ...raw }, { port: 0, mysqlUrl, metadataSchema, databasePrefix: tag });
  const log = createLogger((process.env.LOCALSCALE_TEST_LOG as 'debug' | undefined) ?? 'silent');
  const ls = await startLocalScale(config, { validateResponses: true, clusters: { tickMs: 100, copyChunkRows: 200 }, log });
  const admin = createPool(mysqlUrl, { connectionLimit: 4 });
  const client = createPlanetScaleClient({ baseUrl: ls.apiUrl, serviceTokenId: tokenId, serviceToken: token });
  return {
    ls, tag, metadataSchema, admin, client,
    call: (path, init) => call(ls.url, path, init),
    async stop() {
      await ls.stop();
      await dropTestDatabases(admin, tag, metadataSchema);
      await admin.end();
    },
  };
}
