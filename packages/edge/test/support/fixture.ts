// Test fixtures: two fake branches (two physical databases on the test MySQL server), credentials for
// them, and an edge whose `authenticate` reads an in-memory credential table.
import { createPool, quoteIdentifier, type Pool } from '@localscale/mysql';
import { uniqueTag } from '@localscale/mysql/testing';
import mysql from 'mysql2/promise';
import { createEdge, passwordVerifiers, type BranchRoute, type Credential, type Edge, type EdgeOptions, type PasswordRole } from '../../src/index.js';

export interface Fixture {
  tag: string;
  admin: Pool;
  /** Development branch `dev` of database `shop`: keyspace `shop` on one physical database. */
  dev: BranchRoute;
  /** Production branch `main` with safe migrations: keyspace `shop`. */
  main: BranchRoute;
  credentials: Map<string, Credential>;
  addCredential(username: string, password: string, branch: BranchRoute, role: PasswordRole, expiresAt?: Date | null): Credential;
  drop(): Promise<void>;
}

export function upstreamOf(mysqlUrl: string): EdgeOptions['upstream'] {
  const u = new URL(mysqlUrl);
  return { host: u.hostname, port: Number(u.port), user: decodeURIComponent(u.username), password: decodeURIComponent(u.password) };
}

const route = (branch: string, database: string, production: boolean): BranchRoute => ({
  organization: 'acme', database: 'shop', branch, production, safeMigrations: production,
  keyspaces: [{ name: 'shop', databases: [database] }],
});

export async function createFixture(mysqlUrl: string): Promise<Fixture> {
  const tag = uniqueTag();
  const admin = createPool(mysqlUrl, { multipleStatements: true });
  const dbDev = `${tag}_dev`, dbMain = `${tag}_main`;
  for (const [db, who] of [[dbDev, 'dev'], [dbMain, 'main']] as const) {
    await admin.query(`CREATE DATABASE ${quoteIdentifier(db)}`);
    await admin.query(`CREATE TABLE ${quoteIdentifier(db)}.items (id INT PRIMARY KEY, name VARCHAR(64))`);
    await admin.query(`INSERT INTO ${quoteIdentifier(db)}.items VALUES (1, ?), (2, ?)`, [`${who}-one`, `${who}-two`]);
  }
  const credentials = new Map<string, Credential>();
  return {
    tag, admin, credentials,
    dev: route('dev', dbDev, false),
    main: route('main', dbMain, true),
    addCredential(username, password, branch, role, expiresAt = null) {
      const c: Credential = { username, verifiers: passwordVerifiers(password), branch, role, expiresAt };
      credentials.set(username, c);
      return c;
    },
    async drop() {
      for (const db of [dbDev, dbMain]) await admin.query(`DROP DATABASE IF EXISTS ${quoteIdentifier(db)}`);
      await admin.end();
    },
  };
}

export function startEdge(mysqlUrl: string, fixture: Fixture, options: Partial<EdgeOptions> = {}): Promise<Edge> {
  return createEdge({
    upstream: upstreamOf(mysqlUrl),
    authenticate: async (username) => fixture.credentials.get(username) ?? null,
    ...options,
  });
}

export function connect(edge: Edge, user: string, password: string, database?: string, extra: mysql.ConnectionOptions = {}) {
  return mysql.createConnection({ host: '127.0.0.1', port: edge.port, user, password, database, ...extra });
}

/** The error a promise rejects with (fails the test if it resolves). */
export async function failure(p: Promise<unknown>): Promise<{ errno?: number; sqlState?: string; message: string; code?: string }> {
  try {
    await p;
  } catch (err) {
    return err as { errno?: number; sqlState?: string; message: string };
  }
  throw new Error('expected a failure, got success');
}
