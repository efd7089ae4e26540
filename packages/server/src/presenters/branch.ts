import type { BranchRecord, KeyspaceRecord } from '@localscale/mysql';
import { presentNullableActor } from './actor.js';
import { enc, type Links } from './links.js';
import { presentRegion } from './region.js';
import type { Schema } from './schemas.js';

export interface BranchFacts { organization: string; database: string; keyspaces: readonly KeyspaceRecord[]; edgeAddress: string }

export function presentBranch(b: BranchRecord, facts: BranchFacts, links: Links): Schema<'Branch'> {
  const path = `organizations/${enc(facts.organization)}/databases/${enc(facts.database)}/branches/${enc(b.name)}`;
  return {
    id: b.id, name: b.name, created_at: b.createdAt, updated_at: b.updatedAt, deleted_at: null, restore_checklist_completed_at: null,
    schema_last_updated_at: b.schemaLastUpdatedAt, kind: 'mysql', mysql_address: facts.edgeAddress, mysql_edge_address: facts.edgeAddress,
    state: b.ready ? 'ready' : 'pending', direct_vtgate: false, vtgate_size: 'small', vtgate_name: null, vtgate_count: 1,
    vtgate_autoscaling: false, vtgate_max_count: null, vtgate_target_cpu_utilization: null, cluster_name: 'PS_10', cluster_iops: null,
    ready: b.ready, schema_ready: b.ready, metal: false, production: b.production, safe_migrations: b.safeMigrations,
    deletion_protected: false, sharded: facts.keyspaces.some((k) => k.sharded), shard_count: facts.keyspaces.reduce((n, k) => n + k.shards, 0),
    keyspace_count: facts.keyspaces.length, stale_schema: false, actor: presentNullableActor(b.actorId), restored_from_branch: null,
    private_edge_connectivity: false, has_replicas: b.production, has_read_only_replicas: false,
    html_url: `${links.app}/${enc(facts.organization)}/${enc(facts.database)}/${enc(b.name)}`, url: `${links.api}/${path}`,
    region: presentRegion(b.region), parent_branch: b.parentBranch, error: b.errorMessage, vtgate_options: {},
  };
}
