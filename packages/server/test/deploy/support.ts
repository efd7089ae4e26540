// Shared steps of the deploy-request end-to-end tests: seed main, make a branch with DDL, open a
// deploy request and wait for states, all through the SDK and LocalScale's public surface.
import { expect } from 'vitest';
import type { TestServer } from '../support/localscale.js';

export const org = 'acme';
/** The database most tests use; helpers take another one as their last argument. */
export const db = 'shop';

export const admin = (ls: TestServer, path: string, json: unknown) => ls.call(`/admin/${path}`, { method: 'POST', json });

export async function seedMain(ls: TestServer, keyspace: string, statements: string[], database = db) {
  const res = await admin(ls, 'seed-ddl', { org, database, keyspace, statements });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
}

export async function mainQuery(ls: TestServer, keyspace: string, query: string, args: unknown[] = [], database = db) {
  const res = await admin(ls, 'vtgate-exec', { org, database, keyspace, query, args });
  expect(res.status, JSON.stringify(res.body)).toBe(200);
  return res.body as { columns?: string[]; rows?: (string | null)[][]; rows_affected?: number };
}

export async function branchWith(ls: TestServer, name: string, ddl: Record<string, string[]>, vschema?: Record<string, unknown>, database = db) {
  await ls.client.branches.create(org, database, { name });
  await ls.client.waitForBranchReady(org, database, name, { timeoutMs: 30_000, intervalMs: 50 });
  if (Object.keys(ddl).length || vschema) {
    const res = await ls.call(`/v1/organizations/${org}/databases/${database}/branches/${name}/schema`, { method: 'POST', json: { ddl, ...(vschema ? { vschema } : {}) } });
    expect(res.status, JSON.stringify(res.body)).toBe(200);
  }
}

type State = Parameters<TestServer['client']['waitForDeployRequest']>[3] extends { until?: infer U } | undefined ? U : never;

export async function waitFor(ls: TestServer, number: number, until: State, database = db, timeoutMs = 60_000) {
  return ls.client.waitForDeployRequest(org, database, number, { until, timeoutMs, intervalMs: 50 });
}

export async function openRequest(ls: TestServer, branch: string, options: { autoCutover?: boolean; intoBranch?: string; database?: string } = {}) {
  const database = options.database ?? db;
  const dr = await ls.client.deployRequests.create(org, database, { branch, into_branch: options.intoBranch ?? 'main', auto_cutover: options.autoCutover ?? false });
  expect(dr.deployment_state).toBe('pending');
  return waitFor(ls, dr.number, ['ready', 'no_changes', 'error'], database);
}

export async function columnsOf(ls: TestServer, keyspace: string, table: string, database = db) {
  const res = await mainQuery(ls, keyspace, `SELECT COLUMN_NAME FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = ? ORDER BY ORDINAL_POSITION`, [table], database);
  return (res.rows ?? []).map((r) => r[0]);
}

export async function tablesOf(ls: TestServer, keyspace: string, database = db) {
  const res = await mainQuery(ls, keyspace, 'SHOW TABLES', [], database);
  return (res.rows ?? []).map((r) => r[0]).filter((t) => !String(t).startsWith('_vt_'));
}

/** A status code and error envelope for an action that must be refused. */
export async function refused(ls: TestServer, number: number, action: string, database = db, method = 'POST', json: unknown = undefined) {
  const res = await ls.call(`/v1/organizations/${org}/databases/${database}/deploy-requests/${number}/${action}`, { method, ...(json !== undefined ? { json } : {}) });
  return { status: res.status, code: res.body?.code as string, message: res.body?.message as string };
}
