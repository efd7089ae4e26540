// Test support shared by every package: one private MySQL server per test run (vitest globalSetup),
// or an existing one named by LOCALSCALE_TEST_MYSQL_URL for fast local loops. Each test then works in
// its own uniquely named schemas, so test files can share the server.
import { randomBytes } from 'node:crypto';
import { startManagedMysql } from '../managed/index.js';

export interface TestMysql { url: string; stop(): Promise<void> }

export async function startTestMysql(): Promise<TestMysql> {
  const existing = process.env.LOCALSCALE_TEST_MYSQL_URL;
  if (existing) return { url: existing, stop: async () => undefined };
  const server = await startManagedMysql();
  return { url: server.url, stop: () => server.stop() };
}

/** A short random tag for schema names and prefixes: lowercase letters then digits, e.g. `t3k9x2`. */
export function uniqueTag(): string {
  return 't' + randomBytes(4).readUInt32BE(0).toString(36).padStart(6, '0').slice(0, 7);
}

/**
 * vitest globalSetup: `export { setup, teardown } from '@localscale/mysql/testing/global'` is not
 * possible across packages, so packages call this from their own global-setup file.
 */
export async function provideTestMysql(provide: (key: 'mysqlUrl', value: string) => void): Promise<() => Promise<void>> {
  const mysql = await startTestMysql();
  provide('mysqlUrl', mysql.url);
  return () => mysql.stop();
}
export * from './ddl-corpus.js';
