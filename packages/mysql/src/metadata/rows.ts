// Row -> record mapping shared by the metadata tables.
import { fromSqlTime, type Queryable, type Row } from '../sql/pool.js';
import type { BranchRecord, DatabaseRecord, KeyspaceRecord, OrganizationRecord, Page, PageOf } from './records.js';

const time = (v: unknown) => fromSqlTime(v as string)!;
const maybeTime = (v: unknown) => fromSqlTime((v as string | null) ?? null);
const bool = (v: unknown) => Number(v) === 1;

export const toOrganization = (r: Row): OrganizationRecord => ({
  id: r.id, name: r.name, billingEmail: r.billing_email, plan: r.plan, createdAt: time(r.created_at), updatedAt: time(r.updated_at),
});

export const toDatabase = (r: Row): DatabaseRecord => ({
  id: r.id, organizationId: r.organization_id, organization: r.organization_name, name: r.name, region: r.region,
  clusterSize: r.cluster_size, state: r.state, defaultBranch: r.default_branch,
  requireApprovalForDeploy: bool(r.require_approval_for_deploy), allowDataBranching: bool(r.allow_data_branching),
  notes: r.notes, createdAt: time(r.created_at), updatedAt: time(r.updated_at),
});

export const toBranch = (r: Row): BranchRecord => ({
  id: r.id, databaseId: r.database_id, name: r.name, parentBranch: r.parent_branch, production: bool(r.production),
  safeMigrations: bool(r.safe_migrations), ready: bool(r.ready), region: r.region, errorMessage: r.error_message,
  actorId: r.actor_id, schemaLastUpdatedAt: maybeTime(r.schema_last_updated_at),
  createdAt: time(r.created_at), updatedAt: time(r.updated_at),
});

export const toKeyspace = (r: Row): KeyspaceRecord => ({
  id: r.id, branchId: r.branch_id, name: r.name, shards: Number(r.shards), sharded: bool(r.sharded), vschema: r.vschema,
  createdAt: time(r.created_at), updatedAt: time(r.updated_at),
});

/** LIMIT/OFFSET for a 1-based page; values are validated integers, so they are safe to inline. */
export function limitClause({ page, perPage }: Page): string {
  if (!Number.isInteger(page) || page < 1 || !Number.isInteger(perPage) || perPage < 1) throw new Error('invalid page');
  return `LIMIT ${perPage} OFFSET ${(page - 1) * perPage}`;
}

/**
 * One page of `SELECT <columns> FROM <from> WHERE <where> ORDER BY <order>` and the total it is a page
 * of, in one round trip: the total is a non-correlated scalar subquery (MariaDB runs it once, on the
 * index, without materialising the rows as `COUNT(*) OVER ()` would). Polled lists pay one query
 * instead of two. A page past the end has no row to carry the total, so only then is it counted apart.
 */
export async function pageOf<T>(db: Queryable, query: { columns: string; from: string; countFrom?: string; where: string; order: string; args: readonly unknown[] },
  page: Page, map: (r: Row) => T): Promise<PageOf<T>> {
  const { columns, from, where, order, args } = query;
  const countFrom = query.countFrom ?? from;
  const [rows] = await db.query<Row[]>(
    `SELECT ${columns}, (SELECT COUNT(*) FROM ${countFrom} WHERE ${where}) AS \`__total\` FROM ${from} WHERE ${where} ORDER BY ${order} ${limitClause(page)}`,
    [...args, ...args]);
  if (rows[0]) return { items: rows.map(map), total: Number(rows[0].__total) };
  if (page.page === 1) return { items: [], total: 0 };
  const [[count]] = await db.query<Row[]>(`SELECT COUNT(*) AS n FROM ${countFrom} WHERE ${where}`, [...args]);
  return { items: [], total: Number(count!.n) };
}
