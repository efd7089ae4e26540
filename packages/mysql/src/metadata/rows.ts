// Row -> record mapping shared by the metadata tables.
import { fromSqlTime, type Row } from '../sql/pool.js';
import type { BranchRecord, DatabaseRecord, KeyspaceRecord, OrganizationRecord, Page } from './records.js';

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
