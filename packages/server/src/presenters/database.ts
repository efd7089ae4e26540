import type { DatabaseRecord } from '@localscale/mysql';
import { enc, type Links } from './links.js';
import { presentRegion } from './region.js';
import type { Schema } from './schemas.js';

export interface DatabaseFacts {
  branches: number;
  productionBranches: number;
  /** Shard count and table count of the default branch. */
  defaultBranchShards: number;
  defaultBranchTables: number;
  sharded: boolean;
}

export function presentDatabase(db: DatabaseRecord, facts: DatabaseFacts, links: Links): Schema<'Database'> {
  const path = `organizations/${enc(db.organization)}/databases/${enc(db.name)}`;
  return {
    id: db.id, name: db.name, kind: 'mysql', state: db.state as Schema<'Database'>['state'], ready: db.state === 'ready',
    url: `${links.api}/${path}`, branches_url: `${links.api}/${path}/branches`,
    html_url: `${links.app}/${enc(db.organization)}/${enc(db.name)}`,
    region: presentRegion(db.region),
    branches_count: facts.branches, development_branches_count: facts.branches - facts.productionBranches,
    production_branches_count: facts.productionBranches, open_schema_recommendations_count: 0, issues_count: 0,
    multiple_admins_required_for_deletion: false, at_backup_restore_branches_limit: false,
    at_development_branch_usage_limit: false, data_import: null, sharded: facts.sharded,
    default_branch_shard_count: facts.defaultBranchShards, default_branch_read_only_regions_count: 0,
    default_branch_table_count: facts.defaultBranchTables, default_branch: db.defaultBranch,
    require_approval_for_deploy: db.requireApprovalForDeploy, deletion_protected: false, resizing: false,
    resize_queued: false, config_changing: false, config_change_queued: false,
    allow_data_branching: db.allowDataBranching, foreign_keys_enabled: true, automatic_migrations: false,
    restrict_branch_region: false, insights_raw_queries: false, plan: 'scaler_pro', insights_enabled: false,
    production_branch_web_console: false, migration_table_name: null, migration_framework: null,
    created_at: db.createdAt, updated_at: db.updatedAt, schema_last_updated_at: null,
  };
}
