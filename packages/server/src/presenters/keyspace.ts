import type { KeyspaceRecord } from '@localscale/mysql';
import type { Schema } from './schemas.js';

export function presentKeyspace(k: KeyspaceRecord, isDefault: boolean, ready: boolean): Schema<'Keyspace'> {
  return {
    id: k.id, name: k.name, shards: k.shards, sharded: k.sharded, replicas: 2, extra_replicas: 0,
    created_at: k.createdAt, updated_at: k.updatedAt, cluster_name: 'PS_10', cluster_display_name: 'PS-10',
    resizing: false, resize_in_progress: false, resize_pending: false, config_change_in_progress: false,
    ready, metal: false, default: isDefault, imported: false, vector_pool_allocation: null,
    node_ttl_strategy: 'node_ttl_follow_maintenance', replication_durability_constraints: { strategy: 'available' },
    vreplication_flags: { optimize_inserts: true, allow_no_blob_binlog_row_image: true, vplayer_batching: true },
    mysqld_options: {}, vttablet_options: {},
  };
}
