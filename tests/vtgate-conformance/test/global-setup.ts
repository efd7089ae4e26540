// One LocalScale for the run, in-process on the run's MySQL server, whose MySQL edge stands in for
// vtgate. Each vitest worker gets a database of its own (an unsharded keyspace `app` and a 2-shard
// keyspace `orders`, -80 and 80-): the scenarios' afterEach cancels every pending migration of the
// keyspace, and the singleton scenarios need a quiet keyspace, so workers must not share one.
import type { TestProject } from 'vitest/node';
import { createPool, dropPhysicalDatabases, listPhysicalDatabases, quoteIdentifier } from '@localscale/mysql';
import { startTestMysql, uniqueTag } from '@localscale/mysql/testing';
import { createPlanetScaleClient } from '@localscale/sdk';
import { createLogger, resolveConfig, startLocalScale, type RawConfig } from '@localscale/server';
import { workers } from './workers.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** mysql://user:pass@host:port/ of the edge, one per vitest worker (VITEST_POOL_ID 1..workers). */
    vtgateUrls: string[];
  }
}

const org = 'conformance';
const databaseName = (i: number) => `vt${i + 1}`;

export default async function setup(project: TestProject) {
  const mysql = await startTestMysql();
  const tag = uniqueTag();
  const metadataSchema = `ls_${tag}`;
  const databases: NonNullable<RawConfig['organizations']>[string]['databases'] = {};
  // safe_migrations off: the harness seeds tables with direct DDL through the edge, which a
  // production branch with safe migrations refuses.
  for (let i = 0; i < workers; i++) {
    databases[databaseName(i)] = { safe_migrations: false, keyspaces: [{ name: 'app' }, { name: 'orders', shards: 2 }] };
  }
  const config = resolveConfig({ log_level: 'silent', organizations: { [org]: { databases } } }, {
    port: 0, edgePort: 0, mysqlUrl: mysql.url, metadataSchema, databasePrefix: tag,
  });
  const log = createLogger((process.env.LOCALSCALE_TEST_LOG as 'debug' | undefined) ?? 'silent');
  // The embedded engines' ticks and copy chunks as in the vitess package's embedded harness, so
  // copies are slow enough for the throttle and postpone scenarios to see them running.
  const ls = await startLocalScale(config, { clusters: { tickMs: 20, copyChunkRows: 50 }, log });
  // On a MySQL server of the user's (LOCALSCALE_TEST_MYSQL_URL) what this run created is dropped;
  // a private server is simply stopped.
  const stop = async () => {
    try {
      await ls.stop();
      const admin = createPool(mysql.url, { connectionLimit: 1 });
      try {
        await dropPhysicalDatabases(admin, await listPhysicalDatabases(admin, tag));
        await admin.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(metadataSchema)}`);
      } finally {
        await admin.end();
      }
    } finally {
      await mysql.stop();
    }
  };
  try {
    // LocalScale's default permissive auth accepts any well-formed service token.
    const client = createPlanetScaleClient({ baseUrl: ls.apiUrl, serviceTokenId: 'conformance', serviceToken: 'conformance' });
    const urls: string[] = [];
    for (let i = 0; i < workers; i++) {
      const pw = await client.passwords.create(org, databaseName(i), 'main', { role: 'admin', name: 'vtgate-conformance' });
      urls.push(`mysql://${encodeURIComponent(pw.username)}:${encodeURIComponent(pw.plain_text!)}@${pw.access_host_url}/`);
    }
    project.provide('vtgateUrls', urls);
  } catch (err) {
    await stop();
    throw err;
  }
  return stop;
}
